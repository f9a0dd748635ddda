"""The matcher vocabulary of contract files (docs/contracts.md): parse, check, and infer.

Contract generalisation picks a matcher for values seen in traffic (``infer``); the mock and replay compare
values with them through the one matcher engine, into whose rules ``apilint.contract.inline`` translates
them (the patterns here are its regexes).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

_MATCHER = re.compile(r"^\{\{([a-z_]+)(?::(.*))?\}\}$", re.S)
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
ISO_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^<redacted:email>$")
URL = re.compile(r"^https?://\S+$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


PREDICATES: dict[str, Callable[[Any], bool]] = {
    "uuid": lambda v: isinstance(v, str) and bool(UUID.match(v)),
    "iso_timestamp": lambda v: isinstance(v, str) and bool(ISO_TIMESTAMP.match(v)),
    "iso_date": lambda v: isinstance(v, str) and bool(ISO_DATE.match(v)),
    "positive_integer": lambda v: _is_int(v) and v > 0,
    "integer": _is_int,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "non_empty_string": lambda v: isinstance(v, str) and v != "",
    "string": lambda v: isinstance(v, str),
    "email": lambda v: isinstance(v, str) and bool(EMAIL.match(v)),
    "url": lambda v: isinstance(v, str) and bool(URL.match(v)),
    "redacted": lambda v: True,
    "any": lambda v: True,
}


def parse(value: Any) -> tuple[str, str | None] | None:
    """``"{{name}}"`` or ``"{{name:arg}}"`` -> (name, arg); anything else -> None (a literal)."""
    if not isinstance(value, str) or not value.startswith("{{"):
        return None
    return _parse_matcher(value)


@functools.lru_cache(maxsize=4096)  # a contract holds few distinct matchers; the mock asks per request
def _parse_matcher(value: str) -> tuple[str, str | None] | None:
    match = _MATCHER.match(value)
    if not match or (match.group(1) not in PREDICATES and match.group(1) not in ("one_of", "var")):
        return None
    return match.group(1), match.group(2)


def holds(matcher: str, arg: str | None, value: Any) -> bool:
    if matcher == "one_of":
        return isinstance(value, str) and value in (arg or "").split("|")
    return PREDICATES[matcher](value)


def infer(values: Iterable[Any], max_enum: int = 5) -> Any:
    """The literal when every value is the same, else the narrowest matcher that holds for all."""
    seen = list(values)
    if not seen:
        return "{{any}}"
    first = seen[0]
    if all(v == first and type(v) is type(first) for v in seen):
        return first
    for name in ("uuid", "iso_timestamp", "iso_date", "email", "url", "positive_integer", "integer",
                 "number", "boolean"):
        if all(PREDICATES[name](v) for v in seen):
            return "{{" + name + "}}"
    if all(isinstance(v, str) for v in seen):
        distinct = sorted(set(seen))
        if len(distinct) <= max_enum and len(seen) > len(distinct) and all("|" not in v for v in distinct):
            return "{{one_of:" + "|".join(distinct) + "}}"
        return "{{non_empty_string}}" if all(seen) else "{{string}}"
    return "{{any}}"
