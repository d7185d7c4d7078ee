"""careprint's entry point: `python build.py COMMAND` is the same as the `careprint` command."""

from careprint.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
