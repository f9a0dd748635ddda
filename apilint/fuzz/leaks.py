"""What an error answer must not show (reference 5.3): stack traces, exception names, SQL, internal hosts.
Shared by the REST checks (response bodies) and the gRPC ones (status messages and details)."""

from __future__ import annotations

import re

LEAKS = [
    (re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|^\s+at [\w.$]+\(\w+\.java:\d+\)",
                re.M), "a stack trace"),
    (re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b(?!\w)"), "an exception name"),
    (re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE)\b[^\n]{0,200}?\b(?:FROM|INTO|SET|WHERE)\b|syntax error at or near"
                r"|\bsqlite3\.|\bpsycopg", re.S), "SQL"),
    (re.compile(r"\b(?:10|127|192\.168|172\.(?:1[6-9]|2\d|3[01]))(?:\.\d{1,3}){2,3}\b|\blocalhost\b"
                r"|\b[\w-]+\.(?:internal|local|corp|svc\.cluster\.local)\b"), "a hostname or internal address"),
]


def find_leak(text: str) -> tuple[str, str] | None:
    """(what leaked, the text that shows it) for the first kind of leak found, else None."""
    for pattern, what in LEAKS:
        match = pattern.search(text)
        if match:
            return what, match.group(0)
    return None
