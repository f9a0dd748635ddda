"""Turning a captured exchange into a redacted record (docs/recording-format.md).

On the request path, ``snapshot`` only takes references to what mitmproxy already holds (method,
path, header fields, body bytes, status: immutable bytes and tuples, nothing decoded or copied) and
returns a plain tuple, which is also the cheapest thing to pickle for a writer process. Everything
else runs in the writer, off the request path: ``Captured.from_raw`` decodes headers and the query
and undoes a content-encoding, ``build`` parses bodies, redacts, validates and ``encode`` writes the
JSON line.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from apilint.proxy.redaction import Redactor
from apilint.proxy.validation import SpecValidator

Pairs = list[tuple[str, str]]
Fields = tuple[tuple[bytes, bytes], ...]
MAX_BODY = 1 << 20  # bodies larger than this are recorded without content

# What ``snapshot`` returns: (started, ended, method, path with query, request header fields,
# request body, status, response header fields, response body, operation, violations); the last two
# are set when --enforce validated the request inline.
RawExchange = tuple[float, float, bytes, bytes, Fields, "bytes | None", int, Fields, "bytes | None", Any, Any]


def snapshot(flow: Any, validated: tuple[str | None, list[dict] | None] | None = None) -> RawExchange:
    """The facts of a finished mitmproxy flow, by reference (the request path's only recording work)."""
    req, resp = flow.request.data, flow.response.data
    req_body, resp_body = req.content, resp.content
    operation, violations = validated or (None, None)
    return (
        req.timestamp_start,
        resp.timestamp_end or time.time(),
        req.method,
        req.path,
        req.headers.fields,
        req_body if req_body and len(req_body) <= MAX_BODY else None,
        resp.status_code,
        resp.headers.fields,
        resp_body if resp_body and len(resp_body) <= MAX_BODY else None,
        operation,
        violations,
    )


def header_pairs(fields: Fields) -> Pairs:
    """Header fields as (lower-case name, value) strings."""
    return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in fields]


def header_value(fields: Fields, name: bytes) -> str | None:
    """One header as mitmproxy's ``headers.get(name)`` reads it: repeated fields joined with ", "."""
    values = [v.decode("utf-8", "surrogateescape") for k, v in fields if k.lower() == name]
    return ", ".join(values) if values else None


def query_pairs(path: str) -> Pairs:
    """The query of a request target, parsed as mitmproxy's ``request.query`` does."""
    if "?" not in path:
        return []
    return parse_qsl(urlsplit(path).query, keep_blank_values=True, errors="surrogateescape")


def decoded_body(raw: bytes | None, fields: Fields) -> bytes | None:
    """The body without its content-encoding, as mitmproxy's ``get_content(strict=False)``: the raw
    bytes when there is no encoding or it cannot be undone."""
    if not raw:
        return None
    ce = header_value(fields, b"content-encoding")
    if not ce:
        return raw
    from mitmproxy.net import encoding

    try:
        content = encoding.decode(raw, ce)
    except ValueError:
        return raw
    return content if isinstance(content, bytes) else raw


@dataclass(slots=True)
class Captured:
    """The raw facts of one exchange, copied out of the mitmproxy flow on the request path."""

    started: float  # epoch seconds
    duration_ms: float
    method: str
    path: str
    query: Pairs
    req_headers: Pairs
    req_body: bytes | None
    req_type: str | None
    status: int
    resp_headers: Pairs
    resp_body: bytes | None
    resp_type: str | None
    operation: str | None = None
    violations: list[dict] | None = None  # request violations, when --enforce validated inline
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: RawExchange) -> Captured:
        """Decode what ``snapshot`` took (in the writer, off the request path)."""
        (started, ended, method, target, req_fields, req_body, status, resp_fields, resp_body) = raw[:9]
        operation, violations = raw[9], raw[10]
        target_text = target.decode("utf-8", "surrogateescape")
        return cls(
            started=started,
            duration_ms=(ended - started) * 1000.0,
            method=method.decode("utf-8", "surrogateescape").upper(),
            path=target_text.partition("?")[0],
            query=query_pairs(target_text),
            req_headers=header_pairs(req_fields),
            req_body=decoded_body(req_body, req_fields),
            req_type=header_value(req_fields, b"content-type"),
            status=status,
            resp_headers=header_pairs(resp_fields),
            resp_body=decoded_body(resp_body, resp_fields),
            resp_type=header_value(resp_fields, b"content-type"),
            operation=operation,
            violations=violations,
        )


class Record(dict):
    """A record as ``build`` makes it. ``finite`` is False when a body held NaN or an infinity, which
    ``json`` writes as ``NaN``/``Infinity`` and orjson would turn into ``null``."""

    __slots__ = ("finite",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finite = True


def _loads(raw: bytes, flags: list[bool]) -> Any:
    """``json.loads(raw)``, noting in ``flags[0]`` whether a number came out NaN or infinite."""

    def constant(name: str) -> float:  # NaN, Infinity, -Infinity: json's default maps them to these
        flags[0] = False
        return float(name)

    def number(text: str) -> float:  # json's default is float(); 1e400 becomes inf
        value = float(text)
        if not math.isfinite(value):
            flags[0] = False
        return value

    return json.loads(raw, parse_constant=constant, parse_float=number)


def _body(
    raw: bytes | None,
    content_type: str | None,
    redactor: Redactor,
    where: str,
    found: list[str],
    flags: list[bool] | None = None,
) -> tuple[Any, str | None]:
    """(parsed JSON body, body text) with secrets and PII removed."""
    if not raw:
        return None, None
    ctype = (content_type or "").lower()
    if "json" in ctype:
        try:
            return redactor.json(_loads(raw, flags if flags is not None else [True]), where, found), None
        except ValueError:
            pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, None
    if "x-www-form-urlencoded" in ctype:
        return None, redactor.form(text, where, found)
    return None, redactor.text(text, where, found)


def build(
    cap: Captured,
    redactor: Redactor,
    validator: SpecValidator | None,
    on_error: Callable[[str, BaseException], None] | None = None,
) -> dict:
    """The record of ``cap``. A failing validation is reported to ``on_error``; the record is kept."""
    try:
        operation, violations = _validate(cap, validator)
    except Exception as exc:
        if on_error is None:
            raise
        on_error("validate", exc)
        operation, violations = cap.operation, list(cap.violations or [])
    return _record(cap, redactor, operation, violations)


def _validate(cap: Captured, validator: SpecValidator | None) -> tuple[str | None, list[dict]]:
    if validator is None:
        return cap.operation, list(cap.violations or [])
    operation, violations = validator.exchange(
        cap.method,
        cap.path,
        cap.query,
        cap.req_headers,
        cap.req_body,
        cap.req_type,
        cap.status,
        cap.resp_headers,
        cap.resp_body,
        cap.resp_type,
        cap.violations,
    )
    return cap.operation or operation, violations


def _record(cap: Captured, redactor: Redactor, operation: str | None, violations: list[dict]) -> dict:
    found: list[str] = []
    flags = [True]
    req_body, req_text = _body(cap.req_body, cap.req_type, redactor, "request.body", found, flags)
    resp_body, resp_text = _body(cap.resp_body, cap.resp_type, redactor, "response.body", found, flags)
    record = Record(
        {
            "v": 1,
            "kind": "exchange",
            "id": uuid.uuid4().hex,
            "ts": datetime.fromtimestamp(cap.started, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "duration_ms": round(cap.duration_ms, 3),
            "operation": operation,
            "request": {
                "method": cap.method,
                "path": redactor.text(cap.path, "request.path", found),
                "query": redactor.pairs(cap.query, "request.query", found),
                "headers": redactor.headers(cap.req_headers, "request.headers", found),
                "content_type": cap.req_type,
                "body": req_body,
                "body_text": req_text,
            },
            "response": {
                "status": cap.status,
                "headers": redactor.headers(cap.resp_headers, "response.headers", found),
                "content_type": cap.resp_type,
                "body": resp_body,
                "body_text": resp_text,
            },
            "violations": violations,
            "redacted": found,
        }
    )
    record.finite = flags[0]
    # Validation messages name fields and rules, never values; scrub them anyway (belt and braces).
    for violation in violations:
        if isinstance(violation.get("message"), str):
            violation["message"] = redactor.text(violation["message"], "violations", [])
    return record


def encode(record: dict) -> bytes:
    """One JSON line. For a ``Record`` without NaN or infinities, orjson writes the same compact UTF-8
    JSON as ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` (number spelling aside: the
    same values) in a tenth of the time; anything else, and whatever orjson refuses (integers beyond
    64 bits, lone surrogates), goes through ``json`` as before."""
    if getattr(record, "finite", False):
        try:
            return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
