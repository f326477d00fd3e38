"""`ct20`, the headless command line (cli.md). Never imports Qt; without a command it opens the app.

`main` builds the parser from the command modules; `common` holds what they share.
"""

from desktop.cli.parser import bare_packages, build_parser, main

__all__ = ["bare_packages", "build_parser", "main"]
