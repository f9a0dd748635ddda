"""The gRPC mock's server: grpcio over h2c, one generic handler with byte (de)serialisers for every path (so
an RPC the protos do not declare reaches the mock too, and is answered as a miss), serving until
SIGTERM/SIGINT.

Every request message is read before the answer: a client or bidi stream is matched as the list of its messages.
"""

from __future__ import annotations

import base64
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc

from apilint.grpc.descriptors import BIDI, CLIENT_STREAM, SERVER_STREAM, UNARY
from apilint.mock.faults import ERROR, RESET, TIMEOUT
from apilint.mock.grpc_app import GrpcMock, Reply
from apilint.mock.run import EXIT_BAD, EXIT_OK, GRACE_S
from apilint.mock.wire import HIT, MISS, MOCK_HEADER

WORKERS = 16  # calls served at once (each waits in its thread during injected latency)
_CODES = {code.value[0]: code for code in grpc.StatusCode}
_FAULTS = {RESET: (grpc.StatusCode.UNAVAILABLE, "connection reset (fault injected by apilint mock)"),
           ERROR: (grpc.StatusCode.INTERNAL, "fault injected by apilint mock")}


def _metadata(pairs: Any) -> list[tuple[str, str]]:
    """The call's metadata as records hold it: ``-bin`` values base64 text."""
    return [(k, base64.b64encode(v).decode().rstrip("=") if isinstance(v, bytes) else v) for k, v in pairs or ()]


class _Handler(grpc.GenericRpcHandler):
    """One method handler per RPC of the protos, of its streaming kind (grpcio serves unary handlers faster
    than streaming ones); a bidi one answers any other path, so it is a miss the journal counts."""

    def __init__(self, mock: GrpcMock, stopping: threading.Event) -> None:
        self.mock = mock
        self.stopping = stopping
        self.handlers = {path: self._handler(path, method.streaming) for path, method in mock.services.methods.items()}

    def service(self, details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler:
        path = details.method  # type: ignore[attr-defined]
        return self.handlers.get(path) or self._handler(path, BIDI)

    def _handler(self, path: str, streaming: str) -> grpc.RpcMethodHandler:
        def one(request: bytes, context: grpc.ServicerContext) -> bytes:
            return _unary(self._call(path, [request], context), context, self.stopping)

        def many(requests: Iterator[bytes], context: grpc.ServicerContext) -> bytes:
            return _unary(self._call(path, list(requests), context), context, self.stopping)

        def one_streamed(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
            return _stream(self._call(path, [request], context), context, self.stopping)

        def many_streamed(requests: Iterator[bytes], context: grpc.ServicerContext) -> Iterator[bytes]:
            return _stream(self._call(path, list(requests), context), context, self.stopping)

        kinds = {UNARY: (grpc.unary_unary_rpc_method_handler, one),
                 CLIENT_STREAM: (grpc.stream_unary_rpc_method_handler, many),
                 SERVER_STREAM: (grpc.unary_stream_rpc_method_handler, one_streamed),
                 BIDI: (grpc.stream_stream_rpc_method_handler, many_streamed)}
        make, behaviour = kinds[streaming]
        return make(behaviour)

    def _call(self, path: str, payloads: list[bytes], context: grpc.ServicerContext) -> Reply:
        return self.mock.call(path, payloads, _metadata(context.invocation_metadata()))


def _ready(reply: Reply, context: grpc.ServicerContext, stopping: threading.Event) -> bool:
    """Latency, faults and metadata; False when the call is over (a fault answered, or the mock stopping)."""
    if reply.delay and stopping.wait(reply.delay):
        context.set_code(grpc.StatusCode.UNAVAILABLE)
        context.set_details("apilint mock is stopping")
        return False
    if reply.fault == TIMEOUT:  # never answer: the client's deadline is what is being tested
        done = threading.Event()
        context.add_callback(done.set)
        while not done.wait(0.2) and not stopping.is_set():
            pass
        context.set_code(grpc.StatusCode.UNAVAILABLE)
        return False
    trailing: list[tuple[str, str | bytes]] = [(MOCK_HEADER, HIT if reply.hit else MISS)]
    if reply.fault in _FAULTS:
        code, message = _FAULTS[reply.fault]
        context.set_trailing_metadata(trailing)
        context.set_code(code)
        context.set_details(message)
        return False
    if reply.headers:
        context.send_initial_metadata(reply.headers)
    if reply.details is not None:
        trailing.append(("grpc-status-details-bin", reply.details))
    context.set_trailing_metadata(trailing)
    return True


def _status(reply: Reply, context: grpc.ServicerContext) -> None:
    context.set_code(_CODES.get(reply.code, grpc.StatusCode.UNKNOWN))
    if reply.message:
        context.set_details(reply.message)


def _unary(reply: Reply, context: grpc.ServicerContext, stopping: threading.Event) -> Any:
    if not _ready(reply, context, stopping):
        return None
    if reply.code:
        _status(reply, context)
        return None
    return reply.messages[0] if reply.messages else b""


def _stream(reply: Reply, context: grpc.ServicerContext, stopping: threading.Event) -> Iterator[bytes]:
    if not _ready(reply, context, stopping):
        return
    yield from reply.messages
    if reply.code:
        _status(reply, context)


def serve_grpc(mock: GrpcMock, host: str, port: int, announce: Callable[[str], None]) -> int:
    """Serve until SIGTERM/SIGINT (calls in flight get ``GRACE_S``); 0, or 2 when the address cannot be
    listened on."""
    stopping = threading.Event()
    server = grpc.server(ThreadPoolExecutor(max_workers=WORKERS),
                         options=[("grpc.so_reuseport", 0)])  # a port in use is an error, not shared
    server.add_generic_rpc_handlers((_Handler(mock, stopping),))
    shown = f"[{host}]" if ":" in host else host
    try:
        bound = server.add_insecure_port(f"{shown}:{port}")
    except RuntimeError as exc:
        print(f"apilint: --listen {host}:{port}: cannot listen ({exc})", file=sys.stderr)
        return EXIT_BAD
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    server.start()
    announce(f"grpc://{shown}:{bound}")
    while not stopping.wait(0.5):
        pass
    server.stop(GRACE_S).wait()
    return EXIT_OK
