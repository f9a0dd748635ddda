"""The HTTP/1.1 server: one ``asyncio.Protocol`` per connection, parsed by ``httptools`` (the parser
uvicorn uses). Requests on one connection are answered in order; an answer that waits (latency,
``--on-miss proxy``) pauses reading until it is written.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import sys
from collections.abc import Callable
from typing import Any

import httptools

from apilint.mock.request import Request

MAX_BODY = 16 << 20  # a request body over this is refused with 413
MAX_HEADERS = 200

Reply = Any  # (kept-alive bytes, closing bytes) | Awaitable[...] | Delayed | "reset" | "timeout"
Handler = Callable[[Request], Reply]

_BAD = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nx-apilint-mock: miss\r\nconnection: close\r\n\r\n"
_ERROR = b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nx-apilint-mock: miss\r\nconnection: close\r\n\r\n"
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_TOO_LARGE = b"HTTP/1.1 413 Content Too Large\r\ncontent-length: 0\r\nx-apilint-mock: miss\r\nconnection: close\r\n\r\n"


class Delayed:
    """An answer to send after ``seconds`` (latency injection)."""

    __slots__ = ("reply", "seconds")

    def __init__(self, seconds: float, reply: Reply) -> None:
        self.seconds, self.reply = seconds, reply


class _Refused(Exception):
    def __init__(self, answer: bytes) -> None:
        self.answer = answer


class MockProtocol(asyncio.Protocol):
    def __init__(self, handler: Handler, connections: set[MockProtocol]) -> None:
        self.handler = handler
        self.connections = connections
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.url = b""
        self.headers: dict[str, str] = {}
        self.body: list[bytes] = []
        self.size = 0
        self.queue: list[Request] = []  # parsed, not answered yet (pipelining behind a waiting answer)
        self.busy = False
        self.closing = False
        # per answer still to write: (keep the connection open after it, a HEAD: headers only)
        self.pending: list[tuple[bool, bool]] = []

    # -- asyncio -----------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.connections.discard(self)
        self.transport = None

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(_BAD)
        except httptools.HttpParserError as exc:
            cause = exc.__context__  # what a callback raised, wrapped by the parser
            if isinstance(cause, _Refused):
                self._fail(cause.answer)
            elif cause is not None and not isinstance(cause, httptools.HttpParserError):
                # a bug answering (the parser wraps what a callback raised): say it once, keep serving
                print(f"apilint mock: internal error: {type(cause).__name__}: {cause} (please report this)",
                      file=sys.stderr, flush=True)
                self._fail(_ERROR)
            else:
                self._fail(_BAD)

    # -- httptools callbacks -----------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self.url = b""
        self.headers = {}
        self.body = []
        self.size = 0

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        if len(self.headers) >= MAX_HEADERS:
            raise _Refused(_BAD)
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        if self.headers.get("expect", "").lower() == "100-continue" and self.transport is not None:
            self.transport.write(_CONTINUE)  # curl waits a second for it before sending a larger body

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        if self.size > MAX_BODY:
            raise _Refused(_TOO_LARGE)
        self.body.append(body)

    def on_message_complete(self) -> None:
        req = Request(self.parser.get_method().decode("ascii", "replace"), self.url.decode("latin-1"),
                      self.headers, b"".join(self.body) if self.body else b"")
        self.pending.append((self.parser.should_keep_alive(), req.method == "HEAD"))
        if self.busy:
            self.queue.append(req)
            return
        self._answer(req)

    # -- answering ---------------------------------------------------------------------------------
    def _answer(self, req: Request) -> None:
        self._deliver(self.handler(req))

    def _deliver(self, reply: Reply) -> None:
        if type(reply) is tuple:
            self._write(reply)
            self._next()
            return
        if not self.busy:
            self.busy = True
            if self.transport is not None:
                self.transport.pause_reading()
        if isinstance(reply, Delayed):
            asyncio.get_running_loop().call_later(reply.seconds, self._deliver, reply.reply)
        elif reply == "reset":
            self._reset()
        elif reply == "timeout":
            pass  # never answer: the client's timeout is what is being tested
        else:
            asyncio.ensure_future(reply).add_done_callback(self._done)

    def _done(self, task: asyncio.Future) -> None:
        self._deliver("reset" if task.cancelled() or task.exception() is not None else task.result())

    def _next(self) -> None:
        if self.busy:
            self.busy = False
            if self.transport is not None and not self.closing:
                self.transport.resume_reading()
        while self.queue and not self.busy and self.transport is not None:
            self._answer(self.queue.pop(0))

    def _write(self, reply: tuple[bytes, bytes]) -> None:
        keep, head = self.pending.pop(0) if self.pending else (False, False)
        if head:
            reply = (reply[0].partition(b"\r\n\r\n")[0] + b"\r\n\r\n",
                     reply[1].partition(b"\r\n\r\n")[0] + b"\r\n\r\n")
        transport = self.transport
        if transport is None:
            return
        if keep and not self.closing:
            transport.write(reply[0])
        else:
            transport.write(reply[1])
            transport.close()
            self.closing = True

    def _reset(self) -> None:
        transport = self.transport
        if transport is None:
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()

    def _fail(self, answer: bytes) -> None:
        if self.transport is not None:
            self.transport.write(answer)
            self.transport.close()
            self.closing = True

    def close_idle(self) -> None:
        """At shutdown: close a connection that is not in the middle of an answer."""
        self.closing = True
        if self.transport is not None and not self.busy:
            self.transport.close()


async def serve(handler: Handler, host: str, port: int, reuse_port: bool,
                ready: Callable[[list[tuple[str, int]]], None], stop: asyncio.Event,
                grace_s: float = 5.0) -> None:
    """Serve until ``stop`` is set, then stop listening and close connections (waiting up to
    ``grace_s`` for answers in flight)."""
    loop = asyncio.get_running_loop()
    connections: set[MockProtocol] = set()
    server = await loop.create_server(lambda: MockProtocol(handler, connections), host, port,
                                      reuse_port=reuse_port or None, backlog=1024)
    ready([sock.getsockname()[:2] for sock in server.sockets])
    await stop.wait()
    server.close()
    for conn in list(connections):
        conn.close_idle()
    deadline = loop.time() + grace_s
    while any(c.busy for c in connections) and loop.time() < deadline:
        await asyncio.sleep(0.05)
    for conn in list(connections):
        if conn.transport is not None:
            conn.transport.abort()
    await server.wait_closed()

