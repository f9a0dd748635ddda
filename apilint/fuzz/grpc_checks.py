"""The REST fuzz checks that make sense for gRPC, on one call's outcome (``apilint.grpc.client.Outcome``).

Names match the REST checks where the idea is the same, so reports read alike. Each check returns its
findings; the runner keeps the smallest failing request per RPC and check.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apilint.fuzz.leaks import find_leak
from apilint.grpc.client import Outcome
from apilint.grpc.status import INVALID_ARGUMENT, OK, code_name
from apilint.replay.model import BREAKING, WARNING

SECTIONS = {
    "apilint_invalid_input_rejected": "2.5/2.8 invalid input gets INVALID_ARGUMENT, never OK or INTERNAL/UNKNOWN",
    "apilint_no_leaks": "5.3 error messages and details leak no stack traces, exception names, SQL or hostnames",
    "apilint_error_details": "5.1 INVALID_ARGUMENT carries a google.rpc.BadRequest naming the fields",
    "apilint_pagination": "3.2/3.3 following next_page_token yields disjoint pages",
}
SERVER_FAILED = {2: "UNKNOWN", 13: "INTERNAL", 15: "DATA_LOSS"}
REJECTED = {3, 9, 11}  # INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
MAX_PAGES = 5  # pages followed after the first: a few are enough to see ids repeat
_BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str
    expected: Any = None
    actual: Any = None


@dataclass(frozen=True)
class Paging:
    """A List RPC: its request takes ``page_token``, its answer holds ``next_page_token`` and a list."""

    items: str  # the repeated field of the answer
    identity: str | None  # the key that names an item (name, id, <item>_id), None: the whole item


def paging(request: dict[str, Any], response: dict[str, Any]) -> Paging | None:
    asks, answers = request.get("properties", {}), response.get("properties", {})
    lists = [(name, f) for name, f in answers.items() if f.get("type") == "array"]
    if "page_token" not in asks or "next_page_token" not in answers or not lists:
        return None
    name, field = lists[0]
    props = (field.get("items") or {}).get("properties", {})
    item_type = ((field.get("x-proto") or {}).get("type_name") or "").rsplit(".", 1)[-1]
    own_id = re.sub(r"(?<!^)(?=[A-Z])", "_", item_type).lower() + "_id"
    return Paging(name, next((k for k in ("name", "id", own_id) if k in props), None))


def check_names(pages: Paging | None) -> list[str]:
    names = ["apilint_invalid_input_rejected", "apilint_no_leaks", "apilint_error_details"]
    return [*names, "apilint_pagination"] if pages else names


def check(request: dict[str, Any], broken: str | None, outcome: Outcome, pages: Paging | None,
          again: Callable[[dict[str, Any]], Outcome]) -> list[Finding]:
    """Findings for one call. ``broken``: what an invalid request breaks (None: a valid one); ``again``
    sends another request to the same RPC (pagination)."""
    found = [f for f in (_rejected(broken, outcome), _leaks(request, outcome), _details(outcome)) if f]
    if pages and broken is None and outcome.code == OK:
        found += [f for f in [_pagination(request, outcome, pages, again)] if f]
    return found


def _rejected(broken: str | None, outcome: Outcome) -> Finding | None:
    name = "apilint_invalid_input_rejected"
    status = outcome.status
    what = f"invalid input ({broken})" if broken else "valid input"
    if outcome.code in SERVER_FAILED:
        return Finding(name, BREAKING, f"{what} answered {status}: the server failed instead of answering "
                       + ("INVALID_ARGUMENT" if broken else "OK or a client error"),
                       "INVALID_ARGUMENT" if broken else "not INTERNAL/UNKNOWN", status)
    if broken and outcome.code == OK:
        return Finding(name, WARNING, f"{what} was accepted (OK): the service does not enforce this bound of its "
                       "protos", "INVALID_ARGUMENT", status)
    if broken and outcome.code not in REJECTED:
        return Finding(name, WARNING, f"{what} answered {status}, not INVALID_ARGUMENT", "INVALID_ARGUMENT", status)
    return None


def _leaks(request: dict[str, Any], outcome: Outcome) -> Finding | None:
    """Searched in the message and details with the request's own strings taken out: echoing input leaks nothing."""
    if outcome.code == OK:
        return None
    text = (outcome.message or "") + "\n" + json.dumps(outcome.details, ensure_ascii=False)
    for echoed in sorted(_strings(request), key=len, reverse=True):
        text = text.replace(echoed, " ")
    leak = find_leak(text)
    if leak is None:
        return None
    return Finding("apilint_no_leaks", BREAKING, f"{outcome.status} error leaks {leak[0]}: {leak[1][:80]!r}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if len(value) >= 3 else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _details(outcome: Outcome) -> Finding | None:
    if outcome.code != INVALID_ARGUMENT or any(d.get("@type") == _BAD_REQUEST for d in outcome.details):
        return None
    kinds = [d.get("@type", "?") for d in outcome.details]
    return Finding("apilint_error_details", WARNING, "INVALID_ARGUMENT without a google.rpc.BadRequest detail "
                   f"naming the fields (details: {kinds or 'none'})", _BAD_REQUEST, kinds)


def _identity(item: Any, key: str | None) -> str:
    if key and isinstance(item, dict) and item.get(key):
        return f"{key}={item[key]}"
    return json.dumps(item, sort_keys=True)


def _pagination(request: dict[str, Any], first: Outcome, pages: Paging,
                again: Callable[[dict[str, Any]], Outcome]) -> Finding | None:
    name = "apilint_pagination"
    answer = first.responses[0] if first.responses else {}
    seen = {_identity(i, pages.identity): 1 for i in answer.get(pages.items) or []}
    token = answer.get("next_page_token")
    tokens = {token}
    for page in range(2, MAX_PAGES + 2):
        if not token:
            return None
        following = again({**request, "page_token": token})
        if following.code != OK:
            return Finding(name, BREAKING, f"following page_token={token!r} to page {page} answered "
                           f"{code_name(following.code)}: {following.message or ''}"[:300], "OK", following.status)
        answer = following.responses[0] if following.responses else {}
        for item in answer.get(pages.items) or []:
            ident = _identity(item, pages.identity)
            if ident in seen:
                return Finding(name, BREAKING, f"pages overlap: {ident[:80]} is on page {seen[ident]} and again on "
                               f"page {page} (reached with page_token={token!r})")
            seen[ident] = page
        token = answer.get("next_page_token")
        if token and token in tokens:
            return Finding(name, BREAKING, f"pagination does not terminate: page_token={token!r} came back on "
                           f"page {page}")
        tokens.add(token)
    return None
