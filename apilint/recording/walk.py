"""The strings a request sends: what links one exchange to a later one (contracts and replay).

Path segments, query values, header values and every string in the JSON body, in that order (the
body in document order). Credential headers are left out: they carry a session, not a resource a
response produced, and on disk they are redacted placeholders that would link to any other
redacted value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from apilint.recording.captures import Location

CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


def walk_strings(value: Any, at: Location = ()) -> Iterator[tuple[Location, str]]:
    """(location, string) for every string in a JSON value, in document order."""
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, (*at, index))


def request_strings(path: str, query: Iterable[tuple[str, Any]], headers: Iterable[tuple[str, Any]],
                    body: Any) -> Iterator[str]:
    """Every string a request sends. ``query`` values may be lists (a contract's repeated keys);
    header names are lower-case."""
    yield from (seg for seg in path.split("/") if seg)
    for _, value in query:
        yield from (v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    yield from (v for k, v in headers if k not in CREDENTIAL_HEADERS and isinstance(v, str))
    yield from (s for _, s in walk_strings(body))
