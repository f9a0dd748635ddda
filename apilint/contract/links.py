"""Values that tie one exchange to a later one: an id or token a response produced that a later
request sends back. Shared by contract building (which turns them into ``captures`` and
``{{var:NAME}}``) and replay of raw recordings (which substitutes them directly)."""

from __future__ import annotations

from typing import Any

from apilint.contract.matchers import UUID
from apilint.recording.captures import Location


def linkable_strings(body: Any) -> list[tuple[Location, str]]:
    """Strings in a response body a later request may reuse: UUIDs, and values under ``*id``/``*token`` keys."""
    found: list[tuple[Location, str]] = []
    stack: list[tuple[Location, Any]] = [(("body",), body)]
    while stack:
        at, value = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            if isinstance(item, str):
                if len(item) >= 4 and (UUID.match(item) or (isinstance(key, str) and (
                        key.lower().endswith("id") or "token" in key.lower()))):
                    found.append(((*at, key), item))
            elif isinstance(item, dict | list):
                stack.append(((*at, key), item))
    return found


def variable_name(at: Location) -> str:
    """A readable variable name for a captured value: its key (``order_id``)."""
    return next((str(part) for part in reversed(at) if isinstance(part, str) and part != "body"), "value")
