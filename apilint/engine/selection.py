"""Rule ids a user names (``--rule``, config): unknown ones are a usage error that suggests close matches."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from apilint.engine.rule import all_rules
from apilint.errors import InputError


def unknown_rule_message(rule_id: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(rule_id, list(known), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "see `apilint rules`"
    return f"unknown rule id '{rule_id}' ({hint})"


def check_rule_ids(rule_ids: Iterable[str], file: str | None = None, custom: Iterable[str] = ()) -> None:
    known = [*all_rules(), *custom]
    for rule_id in rule_ids:
        if rule_id not in known:
            raise InputError(unknown_rule_message(rule_id, known), file)
