from intrograph.cli.app import main

# Guarded: import workers are spawned processes, which import this module again by name.
if __name__ == "__main__":
    main()
