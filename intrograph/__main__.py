from intrograph.cli.app import main

# Guarded, so that importing this module (tools, multiprocessing) runs nothing.
if __name__ == "__main__":
    main()
