"""`apilint rules`: list the rules, or show one rule's documentation."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "List the rules (or document one: `apilint rules ID`)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="a rule id to document")
    parser.add_argument("-f", "--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("-c", "--config", metavar="FILE", help="also list the rules of this config's Spectral rulesets")


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
    custom = _ruleset_rules(args.config) if args.config else []
    width = max(len(r) for r in [*registry, *(rule.name for rule in custom)])
    for rule_ in registry.values():
        sections = ",".join(rule_.sections)
        origin = f"  ({rule_.origin})" if rule_.origin != "apilint" else ""
        print(f"{rule_.id:<{width}}  {rule_.severity:<7}  {'/'.join(rule_.formats):<13}  {sections:<9}  {rule_.title}"
              f"{origin}")
    for rule in custom:
        title = rule.description or rule.message or ""
        print(f"{rule.name:<{width}}  {rule.severity:<7}  {'openapi':<13}  {'':<9}  {title}  (ruleset {rule.origin})")
    return 0


def _ruleset_rules(config_path: str) -> list:
    from apilint.engine.config import load_config

    return [rule for ruleset in load_config(config_path).rulesets for rule in ruleset.rules.values()]
