from armicheck.cli import main

main()
