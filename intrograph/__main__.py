from intrograph.cli.app import main

main()
