"""The gRPC side of a recorded exchange (docs/recording-format.md, "gRPC calls"): messages as bodies (a list on
a side that streams) and the ``grpc`` object. The proxy writes with these; contracts, replay and mock read."""

from __future__ import annotations

from typing import Any

from apilint.grpc.descriptors import BIDI, CLIENT_STREAM, SERVER_STREAM
from apilint.grpc.status import code_name
from apilint.recording.format import GrpcCall, Pairs

CONTENT_TYPE = "application/grpc"
# Metadata the transport sets (HTTP/2 and grpcio), as opposed to what the application sent; ``grpc-*`` too.
TRANSPORT_METADATA = frozenset({"content-type", "te", "user-agent", "accept-encoding", "content-length", "host",
                                ":authority", "connection", "transfer-encoding"})


def is_application_metadata(name: str) -> bool:
    """Whether contracts keep, and replay sends, a metadata entry of this (lower-case) name."""
    return name not in TRANSPORT_METADATA and not name.startswith("grpc-")


def is_grpc(record: dict[str, Any]) -> bool:
    return isinstance(record.get("grpc"), dict)


def request_streams(streaming: str) -> bool:
    return streaming in (CLIENT_STREAM, BIDI)


def response_streams(streaming: str) -> bool:
    return streaming in (SERVER_STREAM, BIDI)


def body(messages: list[Any], streams: bool) -> Any:
    """What a record's ``body`` holds for these messages: the list when the side streams, else the one message
    (None when there is none, e.g. an error answer)."""
    if streams:
        return list(messages)
    return messages[0] if messages else None


def messages(body: Any, streams: bool) -> list[Any]:
    """The inverse of ``body``."""
    if streams:
        return list(body) if isinstance(body, list) else []
    return [] if body is None else [body]


def call(service: str, method: str, streaming: str, code: int | None, message: str | None,
         details: list[dict[str, Any]], trailers: Pairs) -> GrpcCall:
    return {"service": service, "method": method, "streaming": streaming, "code": code, "status": code_name(code),
            "message": message, "details": [dict(d) for d in details], "trailers": list(trailers)}
