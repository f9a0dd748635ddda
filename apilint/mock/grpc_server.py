"""The gRPC mock's server: grpcio over h2c, one generic handler with byte (de)serialisers for every path (so
an RPC the protos do not declare reaches the mock too, and is answered as a miss), serving until
SIGTERM/SIGINT.

Every method is served as a bidi stream: on the wire a unary call is a stream of one message each way, so one
handler answers all four kinds, after reading every request message.
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
    def __init__(self, mock: GrpcMock, stopping: threading.Event) -> None:
        self.mock = mock
        self.stopping = stopping

    def service(self, details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler:
        path = details.method  # type: ignore[attr-defined]

        def answer(requests: Iterator[bytes], context: grpc.ServicerContext) -> Iterator[bytes]:
            reply = self.mock.call(path, list(requests), _metadata(context.invocation_metadata()))
            yield from _send(reply, context, self.stopping)

        return grpc.stream_stream_rpc_method_handler(answer)


def _send(reply: Reply, context: grpc.ServicerContext, stopping: threading.Event) -> Iterator[bytes]:
    if reply.delay and stopping.wait(reply.delay):
        context.set_code(grpc.StatusCode.UNAVAILABLE)
        context.set_details("apilint mock is stopping")
        return
    if reply.fault == TIMEOUT:  # never answer: the client's deadline is what is being tested
        done = threading.Event()
        context.add_callback(done.set)
        while not done.wait(0.2) and not stopping.is_set():
            pass
        context.set_code(grpc.StatusCode.UNAVAILABLE)
        return
    trailing: list[tuple[str, str | bytes]] = [(MOCK_HEADER, HIT if reply.hit else MISS)]
    if reply.fault in _FAULTS:
        code, message = _FAULTS[reply.fault]
        context.set_trailing_metadata(trailing)
        context.set_code(code)
        context.set_details(message)
        return
    if reply.headers:
        context.send_initial_metadata(reply.headers)
    if reply.details is not None:
        trailing.append(("grpc-status-details-bin", reply.details))
    context.set_trailing_metadata(trailing)
    yield from reply.messages
    if reply.code:
        context.set_code(_CODES.get(reply.code, grpc.StatusCode.UNKNOWN))
        if reply.message:
            context.set_details(reply.message)


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
