"""The record type, its version, and the names of segment files (docs/recording-format.md).

A record is a JSON object, one per line; in memory it stays the dict ``json`` gives (readers get
exactly what is on disk), typed by the ``TypedDict``s below. Their field order is the order the
proxy writes; ``tests/recording/test_format_doc.py`` checks docs/recording-format.md against them.
To add a field: add it here, fill it in ``apilint/recording/build.py``, document it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NotRequired, TypedDict

VERSION = 1  # the record's "v"
EXCHANGE = "exchange"  # the record's "kind"; readers skip kinds they do not know

SEGMENT_SUFFIX = ".jsonl"  # a closed segment
OPEN_SUFFIX = SEGMENT_SUFFIX + ".open"  # the segment a writer is appending to
SUFFIXES = (SEGMENT_SUFFIX, OPEN_SUFFIX)  # readers read both

Pairs = list[tuple[str, str]]  # ordered (name, value) pairs; on disk two-element arrays


class Violation(TypedDict):
    side: str  # request | response
    kind: str  # schema, parameter, header, unknown_operation, undocumented_status, ...
    field: str | None  # e.g. body.items.0.quantity; never the offending value
    message: str
    spec_pointer: NotRequired[str]  # only when --spec is Swagger 2.0: the rule's node in that file


class RequestRecord(TypedDict):
    method: str
    path: str  # without the query string
    query: Pairs
    headers: Pairs  # lower-case names
    content_type: str | None
    body: Any  # parsed JSON when the body was JSON, else None
    body_text: str | None  # the body as text when not JSON (None when empty or binary)
    body_note: dict[str, Any] | None  # {"omitted": reason, "bytes": n} | {"redaction": "patterns"} | None


class ResponseRecord(TypedDict):
    status: int
    headers: Pairs
    content_type: str | None
    body: Any
    body_text: str | None
    body_note: dict[str, Any] | None


class GrpcCall(TypedDict):
    """What a gRPC exchange adds (docs/recording-format.md, "gRPC calls"): the request's and response's
    ``body`` hold the messages as proto3 JSON (a list on a side that streams)."""

    service: str  # shop.orders.v1.OrderService
    method: str  # GetOrder
    streaming: str  # unary | server | client | bidi
    code: int | None  # grpc-status; None when the call ended without one (reset, undecodable)
    status: str | None  # the code's name: OK, NOT_FOUND, ...
    message: str | None  # grpc-message, decoded
    details: list[dict[str, Any]]  # google.rpc.Status details as JSON, each with its "@type"
    trailers: Pairs  # trailing metadata besides grpc-status, grpc-message and grpc-status-details-bin


class ExchangeRecord(TypedDict):
    v: int
    kind: str
    id: str
    ts: str  # when the request started, UTC, milliseconds: 2026-11-22T10:00:00.123Z
    duration_ms: float
    operation: str | None  # "GET /v1/orders/{order_id}" when a spec matched
    request: RequestRecord
    response: ResponseRecord
    violations: list[Violation]
    redacted: list[str]  # where values were redacted: request.headers.authorization, ...
    grpc: NotRequired[GrpcCall]  # only on gRPC calls


def timestamp(epoch_s: float) -> str:
    """The record's ``ts`` for a time in epoch seconds."""
    return datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def is_segment(name: str) -> bool:
    """Whether a file name is a segment (closed or still open)."""
    return name.endswith(SUFFIXES)


def open_segment_name(prefix: str, stamp: str, pid: int, seq: int) -> str:
    """``<prefix>-<utc>-<pid>-<n>.jsonl.open``: names sort by time; pid and n keep writers apart."""
    return f"{prefix}-{stamp}-{pid}-{seq:04d}{OPEN_SUFFIX}"


def closed_segment_name(path: str) -> str:
    """The name an open segment gets when it is closed."""
    return path.removesuffix(OPEN_SUFFIX) + SEGMENT_SUFFIX
