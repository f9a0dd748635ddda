"""Does a request satisfy a pact interaction's request? Pact's rules: method, path, query (no unexpected
parameter), headers (unexpected ones fine), body (no unexpected key) -- the mock's route test for pacts."""

from __future__ import annotations

from typing import Any

from apilint.contract.mismatch import Mismatch
from apilint.pact import match
from apilint.replay.model import Interaction


def request_mismatches(it: Interaction, method: str, path: str, query: dict[str, list[str]],
                       headers: dict[str, str], body: Any, first_only: bool = True) -> list[Mismatch]:
    """Every difference (the first only, when ``first_only``); ``body``: parsed JSON or text, None if empty."""
    rules = it.rules or {}
    wanted: dict[str, list[str]] = {}
    for name, value in it.query:
        wanted.setdefault(name, []).append(value)
    content_type = next((v for k, v in it.headers if k == "content-type"), None)
    out = match.method(it.method, method)
    steps = (lambda: match.path(it.path, path, rules.get("path")),
             lambda: match.query(wanted, query, rules.get("query")),
             lambda: match.headers(dict(it.headers), headers, rules.get("header")),
             lambda: match.body(it.body if it.body is not None else it.body_text, body, rules.get("body"), False,
                                content_type, present=it.body is not None or bool(it.body_text)))
    for step in steps:
        if first_only and out:
            break
        out += step()
    return out
