"""`apilint lsp`: a language server (stdio) with the rules, config and baseline of `apilint check`."""

from __future__ import annotations

import argparse
import os
import sys

HELP = "Language server (stdio) for editors: `apilint check`'s findings as you type, hover, quick fixes."
INSTALL = "pip install 'apilint[lsp]'"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only way)")
    parser.add_argument("-c", "--config", metavar="FILE", help="apilint.yaml or pyproject.toml to use")
    parser.add_argument("--preset", choices=("minimal", "recommended", "strict"),
                        help="rule preset (overrides the config's `extends`)")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")


def run(args: argparse.Namespace) -> int:
    try:
        from apilint.lsp.server import build_server
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("pygls", "lsprotocol"):
            print(f"apilint: the language server needs pygls: {INSTALL}", file=sys.stderr)
            return 2
        raise
    from apilint.lsp.linting import Linter

    absolute = [os.path.abspath(path) if path else None for path in (args.config, args.baseline)]
    settings = (absolute[0], args.preset, absolute[1])  # the server then moves into the workspace folder
    build_server(Linter(*settings), settings).start_io()
    return 0
