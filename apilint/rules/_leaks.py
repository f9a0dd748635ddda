"""Example values that document leaked internals: stack traces, exception names, SQL, hostnames (5.3)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Issue
from apilint.model.core import Api, Loc
from apilint.model.query import rest_operations
from apilint.rules._shared import is_error_status, raw_at

_PATTERNS = [
    (re.compile(r"\bat [\w$.]+\([\w$]+\.(java|kt|scala):\d+\)"), "a Java stack trace"),
    (re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+"), "a Python traceback"),
    (re.compile(r"\b[A-Z]\w*(Exception|Error)\b(?=[: ]| at )"), "an exception name"),
    # SQL: upper-case keywords, or lower-case ones with SQL syntax around them ("Select an order from
    # your list" is an instruction, "select * from orders" is a query)
    (re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b"), "SQL"),
    (re.compile(r"\bselect\s+(\*|[\w.]+(\s*,\s*[\w.]+)+)\s+from\s|\b(insert\s+into|delete\s+from)\s+[\w.]+\s*"
                r"(\(|values\b|where\b)|\bupdate\s+[\w.]+\s+set\s+[\w.]+\s*=", re.I), "SQL"),
    (re.compile(r"\b[\w-]+\.(internal|local|corp|intranet|svc\.cluster\.local)\b"), "an internal hostname"),
    (re.compile(r"\b(10\.\d{1,3}|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b"), "a private IP address"),
]


def leak_in(value: Any) -> str | None:
    """What kind of internal detail an example value shows, or None."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    for pattern, what in _PATTERNS:
        if pattern.search(text):
            return what
    return None


def media_example_leaks(api: Api) -> Iterator[Issue]:
    """Leaks in the media-type examples of error responses (OpenAPI 3 `content`, 2.0 `examples`), once each."""
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        for status, response in op.responses.items():
            key = (response.loc.file, response.loc.pointer)
            if not is_error_status(status) or key in seen:
                continue
            seen.add(key)
            yield from _response_examples(api, response.loc, f"the error example of {op.label} ({status})")


def _response_examples(api: Api, loc: Loc, what: str) -> Iterator[Issue]:
    raw = raw_at(api, loc)
    content = raw.get("content")
    items = list(content.items()) if isinstance(content, dict) else []
    if isinstance(raw.get("examples"), dict) and not items:  # swagger 2.0
        items = [("", {"examples": raw["examples"]})]
    for media, media_obj in items:
        if not isinstance(media_obj, dict):
            continue
        for key in ("example", "examples"):
            found = leak_in(media_obj[key]) if key in media_obj else None
            if found:
                yield Issue(loc.child("content", media, key) if media else loc.child(key), f"{what} shows {found}")
