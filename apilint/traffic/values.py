"""JSON types and string formats of observed values, as JSON Schema names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apilint.contract.matchers import EMAIL, ISO_DATE, ISO_TIMESTAMP, URL, UUID

REDACTED = "<redacted:"

TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object", list: "array",
          type(None): "null"}


def json_type(value: Any) -> str:
    return TYPES.get(type(value), "string")


#: The formats a string value is checked against (others are taken as written) and inferred as.
FORMATS: dict[str, Callable[[str], bool]] = {
    "uuid": lambda v: bool(UUID.match(v)),
    "date-time": lambda v: bool(ISO_TIMESTAMP.match(v)) and ("T" in v or "t" in v),
    "date": lambda v: bool(ISO_DATE.match(v)),
    "email": lambda v: bool(EMAIL.match(v)),
    "uri": lambda v: bool(URL.match(v)),
}


def is_redacted(value: Any) -> bool:
    """A value the recorder replaced: its format and enum are unknown, only its type is kept."""
    return isinstance(value, str) and value.startswith(REDACTED)


def format_of(value: str) -> str | None:
    """The format a string shows (a redacted email keeps ``email``); None for a plain string."""
    if value.startswith(REDACTED):
        return "email" if value == "<redacted:email>" else None
    for name, matches in FORMATS.items():
        if matches(value):
            return name
    return None


def excerpt(value: Any, limit: int = 160) -> str:
    """A short JSON rendering of a value for an example (values are redacted already)."""
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
