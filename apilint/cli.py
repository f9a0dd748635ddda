"""The `apilint` command: parses arguments, hands the work to a command module, sets the exit code.

Each subcommand lives in ``apilint/commands/<name>.py`` and defines ``HELP``, ``configure(parser)``
and ``run(args) -> int``. Command modules import their heavy dependencies inside ``run`` so that
``apilint check`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from apilint import __version__
from apilint.errors import InputError
from apilint.report.plain import printable

COMMANDS = ("check", "rules", "diff", "proxy", "contracts", "replay", "mock", "fuzz", "report", "traffic", "lsp")

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apilint",
        description="API contract linter and contract-testing gateway for OpenAPI and Protocol Buffers.",
    )
    parser.add_argument("--version", action="version", version=f"apilint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"apilint.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"apilint.commands.{name}":
                continue  # not built yet
            raise
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.run(args)
    except InputError as exc:
        print(f"apilint: {printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, and never exit 1, which means "findings"
        print(f"apilint: internal error: {exc.__class__.__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
