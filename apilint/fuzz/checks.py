"""apilint's live checks, registered as schemathesis checks ``(ctx, response, case)``.

Each raises ``AssertionError`` with a one-line reason; the runner maps the check name to the section
of the reference it enforces. Checks that need more than one response (idempotency, pagination, safe
GET) re-send the case to the same server through ``case.call``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import GenerationMode

from apilint.contract.matchers import UUID
from apilint.fuzz.leaks import find_leak
from apilint.replay.model import BREAKING
from apilint.replay.spec import SpecCheck

SECTIONS = {
    "apilint_error_shape": "5.1 errors share one declared shape with a machine-readable code and a request id",
    "apilint_invalid_input_rejected": "2.5/2.8 invalid input gets 4xx, never 2xx or 5xx",
    "apilint_no_leaks": "5.3 error bodies leak no stack traces, exception names, SQL or hostnames",
    "apilint_idempotency_key": "4.2 a POST repeated with the same idempotency key returns the same result",
    "apilint_pagination": "3.2/3.3 following next_page_token yields disjoint pages and terminates",
    "apilint_retry_after": "7.6 a 429 carries Retry-After",
    "apilint_get_is_safe": "2.2 GET changes nothing",
}
MAX_PAGES = 50
_CODE_KEYS = ("code", "error_code", "errorCode", "type")
_RID_KEYS = ("request_id", "requestId", "trace_id", "traceId", "correlation_id", "correlationId")
_RID_HEADERS = ("x-request-id", "x-correlation-id", "traceparent", "x-trace-id", "request-id")
_TOKEN_KEYS = ("next_page_token", "nextPageToken")
_TOKEN_PARAMS = ("page_token", "pageToken")


@dataclass
class FuzzState:
    """What the checks need besides ``(ctx, response, case)``: set by the runner for one run."""

    spec: SpecCheck
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    session: Any = None  # the run's (body-capped) requests session, for re-sends


STATE: FuzzState | None = None


def _state() -> FuzzState:
    if STATE is None:
        raise RuntimeError("apilint fuzz checks need apilint.fuzz.checks.STATE set by the runner")
    return STATE


def _header(response: Any, name: str) -> str | None:
    for key, values in response.headers.items():
        if key.lower() == name and values:
            return values[0] if isinstance(values, list) else str(values)
    return None


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError:
        return None


def _resend(case: Any, **changes: Any) -> Any:
    state = _state()
    if changes.get("query") is not None:
        case = case.operation.Case(method=case.method, path_parameters=case.path_parameters, headers=case.headers,
                                   cookies=case.cookies, query=changes["query"], body=case.body,
                                   media_type=case.media_type)
    return case.call(base_url=state.base_url, headers=state.headers, session=state.session)


def _find(body: Any, keys: tuple[str, ...]) -> Any:
    """A value under one of ``keys`` at the top level or one level down (``{"error": {...}}``)."""
    if not isinstance(body, dict):
        return None
    for key in keys:
        if isinstance(body.get(key), str | int) and body.get(key) != "":
            return body[key]
    for value in body.values():
        if isinstance(value, dict):
            for key in keys:
                if isinstance(value.get(key), str | int) and value.get(key) != "":
                    return value[key]
    return None


@schemathesis.check
def apilint_error_shape(ctx: Any, response: Any, case: Any) -> None:
    if response.status_code < 400:
        return
    from apilint.replay.model import Received

    body = _json(response)
    received = Received(response.status_code, _header(response, "content-type"), {}, body, None)
    problems = [d.message for d in _state().spec.check(case.method, case.formatted_path, received)]
    if body is None:
        problems.append("the error body is not JSON")
    else:
        if _find(body, _CODE_KEYS) is None:
            problems.append("the error body has no machine-readable code")
        has_header = any(_header(response, h) for h in _RID_HEADERS)
        if _find(body, _RID_KEYS) is None and not has_header:
            problems.append("the error carries no request id (body or header)")
    if problems:
        raise AssertionError(f"{response.status_code} error: " + "; ".join(problems))


@schemathesis.check
def apilint_invalid_input_rejected(ctx: Any, response: Any, case: Any) -> None:
    status = response.status_code
    negative = case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE
    if status >= 500:
        kind = "invalid" if negative else "valid"
        raise AssertionError(f"{kind} input answered {status}: the server failed instead of answering 4xx")
    if negative and 200 <= status < 300:
        # schemathesis knows when a "negative" case turned valid on the wire (serialisation, extra
        # query parameters a spec does not forbid): only a case it still calls invalid counts
        from schemathesis.specs.openapi.checks import negative_data_rejection

        try:
            negative_data_rejection(ctx, response, case)
        except AssertionError:
            raise AssertionError(f"input that violates the spec was accepted with {status}") from None


@schemathesis.check
def apilint_no_leaks(ctx: Any, response: Any, case: Any) -> None:
    if response.status_code < 400:
        return
    leak = find_leak(response.text or "")
    if leak:
        raise AssertionError(f"{response.status_code} body leaks {leak[0]}: {leak[1][:80]!r}")


@schemathesis.check
def apilint_idempotency_key(ctx: Any, response: Any, case: Any) -> None:
    if case.method.upper() != "POST" or not 200 <= response.status_code < 300 or not case.headers:
        return
    key = next((v for k, v in case.headers.items() if k.lower() == "idempotency-key"), None)
    if not key:
        return
    again = _resend(case)
    first, second = _json(response), _json(again)
    if again.status_code != response.status_code or first != second:
        ids = [_find(b, ("id", "order_id", "uuid", "name")) for b in (first, second)]
        raise AssertionError(f"the same Idempotency-Key {key!r} sent twice gave {response.status_code} then "
                             f"{again.status_code} and different results (ids {ids[0]!r} then {ids[1]!r}): "
                             "the retry created something new")


def _items(body: Any) -> list[Any] | None:
    if not isinstance(body, dict):
        return None
    return next((v for v in body.values() if isinstance(v, list)), None)


def _identity(item: Any) -> str:
    """``id``, else an ``*_id`` holding a UUID (its own id, not a reference like customer_id), else the item."""
    if isinstance(item, dict):
        if isinstance(item.get("id"), str | int):
            return f"id={item['id']}"
        for key, value in item.items():
            if key.endswith(("_id", "Id")) and isinstance(value, str) and UUID.match(value):
                return f"{key}={value}"
    return json.dumps(item, sort_keys=True)


@schemathesis.check
def apilint_pagination(ctx: Any, response: Any, case: Any) -> None:
    if case.method.upper() != "GET" or response.status_code != 200:
        return
    body = _json(response)
    token = _find(body, _TOKEN_KEYS) if isinstance(body, dict) else None
    items = _items(body)
    if not token or items is None:
        return
    param = next((p.name for p in case.operation.iter_parameters() if p.name in _TOKEN_PARAMS), _TOKEN_PARAMS[0])
    seen = {_identity(i): 1 for i in items}
    tokens = {str(token)}
    for page in range(2, MAX_PAGES + 1):
        query = {**(case.query or {}), param: token}
        following = _resend(case, query=query)
        if following.status_code != 200:
            raise AssertionError(f"following {param}={token!r} to page {page} answered {following.status_code}")
        body = _json(following)
        for item in _items(body) or []:
            ident = _identity(item)
            if ident in seen:
                raise AssertionError(f"pages overlap: {ident} is on page {seen[ident]} and again on page {page} "
                                     f"(reached with {param}={token!r})")
            seen[ident] = page
        token = _find(body, _TOKEN_KEYS)
        if not token:
            return
        if str(token) in tokens:
            raise AssertionError(f"pagination does not terminate: {param}={token!r} came back on page {page}")
        tokens.add(str(token))
    raise AssertionError(f"pagination did not end within {MAX_PAGES} pages")


@schemathesis.check
def apilint_retry_after(ctx: Any, response: Any, case: Any) -> None:
    if response.status_code != 429:
        return
    value = _header(response, "retry-after")
    if not value or not (value.strip().isdigit() or re.match(r"^[A-Z][a-z]{2}, \d{2} ", value.strip())):
        raise AssertionError(f"429 without a usable Retry-After header (got {value!r})")


@schemathesis.check
def apilint_get_is_safe(ctx: Any, response: Any, case: Any) -> None:
    if case.method.upper() != "GET" or not 200 <= response.status_code < 300:
        return
    again = _resend(case)
    if again.status_code != response.status_code or _json(again) != _json(response):
        raise AssertionError("the same GET sent twice gave different results: reading changed state")


APILINT_CHECKS = [apilint_error_shape, apilint_invalid_input_rejected, apilint_no_leaks, apilint_idempotency_key,
                  apilint_pagination, apilint_retry_after, apilint_get_is_safe]
SEVERITY = BREAKING
