"""What the proxy captures of an exchange, and its decoding in the writer.

On the request path, ``snapshot`` only takes references to what mitmproxy already holds (method,
path, header fields, body bytes, status: immutable bytes and tuples, nothing decoded or copied) and
returns a plain tuple, which is also the cheapest thing to pickle for a writer process. In the
writer, off the request path, ``Captured.from_raw`` decodes headers and the query and undoes a
content-encoding; ``apilint.recording.build`` turns that into the record.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from apilint.recording.decode import BodyTooLarge, decode_limit, decode_or_raw
from apilint.recording.format import Pairs, Violation

Fields = tuple[tuple[bytes, bytes], ...]
MAX_BODY = 1 << 20  # bodies larger than this are recorded without content
Note = dict[str, Any]  # a record's body_note

# What ``snapshot`` returns: (started, ended, method, path with query, request header fields,
# request body, status, response header fields, response body, operation, violations); the last two
# are set when --enforce validated the request inline. A body over MAX_BODY is its size (an int).
RawBody = "bytes | int | None"
RawExchange = tuple[float, float, bytes, bytes, Fields, RawBody, int, Fields, RawBody, Any, Any]


def snapshot(flow: Any, validated: tuple[str | None, list[Violation] | None] | None = None) -> RawExchange:
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
        req_body if not req_body or len(req_body) <= MAX_BODY else len(req_body),
        resp.status_code,
        resp.headers.fields,
        resp_body if not resp_body or len(resp_body) <= MAX_BODY else len(resp_body),
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


def decoded_body(raw: bytes | int | None, fields: Fields) -> tuple[bytes | None, Note | None]:
    """(the body without its content-encoding, None) as mitmproxy's ``get_content(strict=False)``
    (the raw bytes when there is no encoding or it cannot be undone), or (None, why it was omitted)
    when it is too large as sent (an int: its size) or decoded (``apilint.recording.decode``)."""
    if isinstance(raw, int) and raw:
        return None, {"omitted": "too_large", "bytes": raw}
    if not raw:
        return None, None
    ce = header_value(fields, b"content-encoding")
    if not ce:
        return raw, None
    try:
        return decode_or_raw(raw, ce, decode_limit(len(raw))), None
    except BodyTooLarge:
        return None, {"omitted": "decoded_too_large", "bytes": len(raw)}


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
    violations: list[Violation] | None = None  # request violations, when --enforce validated inline
    req_omitted: Note | None = None  # why req_body is None although the request had one
    resp_omitted: Note | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: RawExchange) -> Captured:
        """Decode what ``snapshot`` took (in the writer, off the request path)."""
        (started, ended, method, target, req_fields, req_body, status, resp_fields, resp_body) = raw[:9]
        operation, violations = raw[9], raw[10]
        target_text = target.decode("utf-8", "backslashreplace")  # non-UTF-8 bytes as \\xff: recordable
        req_content, req_omitted = decoded_body(req_body, req_fields)
        resp_content, resp_omitted = decoded_body(resp_body, resp_fields)
        return cls(
            started=started,
            duration_ms=(ended - started) * 1000.0,
            method=method.decode("utf-8", "surrogateescape").upper(),
            path=target_text.partition("?")[0],
            query=query_pairs(target_text),
            req_headers=header_pairs(req_fields),
            req_body=req_content,
            req_type=header_value(req_fields, b"content-type"),
            status=status,
            resp_headers=header_pairs(resp_fields),
            resp_body=resp_content,
            resp_type=header_value(resp_fields, b"content-type"),
            operation=operation,
            violations=violations,
            req_omitted=req_omitted,
            resp_omitted=resp_omitted,
        )
