"""`python -m armicheck` and the `armicheck` command.

`armicheck --version` answers here, before the command line (typer, which imports pydantic)
is even imported; everything else goes to `armicheck.cli`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from armicheck import __version__

        print(f"armicheck {__version__}")
        return
    from armicheck.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
