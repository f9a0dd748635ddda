"""The one mapping between apilint's contract matchers (``{{uuid}}``, ...) and Pact matching rules.

``rules_for`` gives the Pact V4 matchers an apilint matcher writes as (``None``: Pact has no rule for it,
the value is left out of the pact, which in a Pact response means "not checked", as ``{{any}}`` does);
``matcher_for`` reads back the apilint matcher a rule list written by ``rules_for`` stands for.
"""

from __future__ import annotations

import re
from typing import Any

from apilint.contract.matchers import UUID

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL = r"^https?://\S+$"
POSITIVE = r"^[1-9][0-9]*$"
ISO_DATE_FORMAT = "yyyy-MM-dd"
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([Tt ])\d{2}:\d{2}(:\d{2})?(\.\d+)?([Zz]|[+-]\d{2}:\d{2}|[+-]\d{4})?$")

#: matcher name -> Pact matchers (examples do not change them)
_FIXED: dict[str, list[dict[str, Any]]] = {
    "uuid": [{"match": "regex", "regex": UUID.pattern}],
    "iso_date": [{"match": "date", "format": ISO_DATE_FORMAT}],
    "positive_integer": [{"match": "integer"}, {"match": "regex", "regex": POSITIVE}],
    "integer": [{"match": "integer"}],
    "number": [{"match": "number"}],
    "boolean": [{"match": "boolean"}],
    "non_empty_string": [{"match": "type"}, {"match": "notEmpty"}],
    "string": [{"match": "type"}],
    "email": [{"match": "regex", "regex": EMAIL}],
    "url": [{"match": "regex", "regex": URL}],
}
NO_RULE = ("any", "redacted")  # Pact cannot say "anything": the value is left out


def timestamp_format(example: Any) -> str:
    """The Java-style pattern Pact's ``timestamp`` rule wants, read off an ISO 8601 example."""
    match = _STAMP.match(example) if isinstance(example, str) else None
    if match is None:
        return "yyyy-MM-dd'T'HH:mm:ssXXX"
    sep, seconds, fraction, zone = match.groups()
    fmt = "yyyy-MM-dd" + ("'T'" if sep in "Tt" else " ") + "HH:mm" + (":ss" if seconds else "")
    fmt += "." + "S" * (len(fraction) - 1) if fraction else ""
    if zone:
        fmt += "XXX" if zone in "Zz" or ":" in zone else "XX"
    return fmt


def enum_regex(values: list[str]) -> str:
    return "^(" + "|".join(re.escape(v) for v in values) + ")$"


def rules_for(name: str, arg: str | None, example: Any) -> list[dict[str, Any]] | None:
    """Pact matchers for the apilint matcher ``{{name[:arg]}}``; ``example`` is the value the pact shows."""
    if name in _FIXED:
        return [dict(rule) for rule in _FIXED[name]]
    if name == "iso_timestamp":
        return [{"match": "timestamp", "format": timestamp_format(example)}]
    if name == "one_of":
        return [{"match": "regex", "regex": enum_regex((arg or "").split("|"))}]
    return None


_ENUM = re.compile(r"^\^\((.*)\)\$$", re.S)


def matcher_for(rules: list[dict[str, Any]]) -> str | None:
    """The apilint matcher a list of Pact matchers written by ``rules_for`` stands for, else None."""
    for name, fixed in _FIXED.items():
        if rules == fixed:
            return "{{" + name + "}}"
    if len(rules) == 1 and rules[0].get("match") == "timestamp":
        return "{{iso_timestamp}}"
    if len(rules) == 1 and rules[0].get("match") == "regex":
        enum = _ENUM.match(str(rules[0].get("regex", "")))
        if enum:
            values = [re.sub(r"\\(.)", r"\1", v) for v in re.split(r"(?<!\\)\|", enum.group(1))]
            return "{{one_of:" + "|".join(values) + "}}"
    return None
