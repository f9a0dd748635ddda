"""`apilint rules`: list the rules, or show one rule's documentation."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "List the rules (or document one: `apilint rules ID`)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="a rule id to document")
    parser.add_argument("-f", "--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    from apilint.engine.rule import all_rules
    from apilint.engine.rule_docs import rule_markdown
    from apilint.errors import InputError

    registry = all_rules()
    if args.id:
        if args.id not in registry:
            raise InputError(f"unknown rule '{args.id}' (see `apilint rules`)")
        rule_ = registry[args.id]
        if args.format == "json":
            sys.stdout.write(json.dumps(rule_.to_json(), indent=2) + "\n")
        else:
            sys.stdout.write(rule_markdown(rule_))
        return 0
    if args.format == "json":
        sys.stdout.write(json.dumps([r.to_json() for r in registry.values()], indent=2) + "\n")
        return 0
    width = max(len(r) for r in registry)
    for rule_ in registry.values():
        sections = ",".join(rule_.sections)
        print(f"{rule_.id:<{width}}  {rule_.severity:<7}  {'/'.join(rule_.formats):<13}  {sections:<9}  {rule_.title}")
    return 0
