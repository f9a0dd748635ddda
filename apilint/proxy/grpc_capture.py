"""What the proxy takes of a gRPC call on the request path, and the taps that copy streamed bodies.

Unary calls are buffered by mitmproxy like any HTTP exchange (``--enforce`` needs the whole request before
the service sees it). A side that streams (the client's in client/bidi RPCs, the server's in server/bidi
RPCs) is streamed through instead, so each message reaches the other end as soon as it arrives and a bidi
conversation that waits for answers keeps working; a ``Tap`` copies the bytes on their way (up to
``MAX_BODY``, then only their count), and the record lists the messages in order.
"""

from __future__ import annotations

import time
from typing import Any

from apilint.recording.capture import MAX_BODY

GRPC = "grpc"  # first item of a gRPC snapshot (a REST snapshot starts with a float)
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"  # what an HTTP/2 client with prior knowledge sends first


def starts_like_h2c(data: bytes) -> bool:
    """Whether a connection's first bytes are (the start of) the HTTP/2 connection preface. HTTP/1 has no
    ``PRI`` method, so four bytes are enough to tell."""
    return len(data) >= 4 and data[: len(PREFACE)] == PREFACE[: len(data)]


def is_grpc_request(fields: Any) -> bool:
    """``content-type: application/grpc`` (or ``application/grpc+proto``), from mitmproxy's header fields."""
    for name, value in fields:
        if name.lower() == b"content-type":
            return value.lower().startswith(b"application/grpc") and not value.lower().startswith(
                b"application/grpc-web")
    return False


class Tap:
    """A mitmproxy ``stream`` callable: passes every chunk on unchanged and keeps a copy, up to a bound."""

    __slots__ = ("chunks", "limit", "size")

    def __init__(self, limit: int = MAX_BODY) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.limit = limit

    def __call__(self, data: bytes) -> bytes:
        if data:
            self.size += len(data)
            if self.size <= self.limit:
                self.chunks.append(data)
            elif self.chunks:
                self.chunks.clear()
        return data

    def body(self) -> bytes | int:
        """The bytes seen, or their count once past the bound."""
        return b"".join(self.chunks) if self.size <= self.limit else self.size


def _body(message: Any) -> bytes | int | None:
    tap = message.stream if isinstance(message.stream, Tap) else None
    if tap is not None:
        return tap.body()
    content = message.data.content
    return content if not content or len(content) <= MAX_BODY else len(content)


def snapshot(flow: Any, validated: tuple[str | None, list | None] | None = None) -> tuple:
    """The facts of a finished gRPC flow, by reference: (GRPC, started, ended, path, request header fields,
    request body, HTTP status, response header fields, response body, trailer fields, operation, violations).
    A body is bytes, or its size (an int) when over ``MAX_BODY``."""
    req, resp = flow.request, flow.response
    operation, violations = validated or (None, None)
    trailers = resp.trailers.fields if resp.trailers is not None else ()
    return (GRPC, req.data.timestamp_start, resp.data.timestamp_end or time.time(), req.data.path,
            req.data.headers.fields, _body(req), resp.data.status_code, resp.data.headers.fields, _body(resp),
            trailers, operation, violations)
