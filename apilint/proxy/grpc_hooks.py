"""The addon's gRPC side (``apilint proxy --upstream grpc://HOST:PORT --proto ROOT``): HTTP/2 with prior
knowledge on both legs, streaming sides tapped, ``--enforce`` answered as gRPC.

h2c. mitmproxy 11 speaks HTTP/2 only where TLS negotiated it (ALPN ``h2``); a plaintext connection is read as
HTTP/1 and a gRPC client's preface (``PRI * HTTP/2.0``) is killed by its DisableH2C addon. mitmproxy decides
per connection in the ``next_layer`` hook, and its HTTP layer picks HTTP/2 from ``client.alpn`` when the
layer starts, after every ``next_layer`` handler ran. So when a connection of the reverse proxy starts with
the HTTP/2 preface, ``next_layer`` sets ``client.alpn = b"h2"`` on that connection: mitmproxy's own reverse
proxy stack is kept and simply speaks HTTP/2 to the client (the preface is then read by the h2 state machine,
never seen as a request). The upstream leg is told the same in ``server_connect``: a plaintext upstream gets
``alpn = b"h2"`` (prior knowledge), a TLS one (grpcs://) offers only ``h2`` in its handshake. Nothing of
mitmproxy is patched; HTTP/1 clients of the same port are left as they were.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from apilint.grpc import codec, status, wire
from apilint.grpc.descriptors import BIDI, CLIENT_STREAM, SERVER_STREAM, Method, Services
from apilint.proxy.grpc_capture import Tap, is_grpc_request, starts_like_h2c
from apilint.proxy.grpc_validation import GrpcValidator
from apilint.recording.capture import header_value
from apilint.recording.format import Violation

log = logging.getLogger("apilint.proxy")

H2 = b"h2"
_GRPC = "apilint_grpc"  # flow.metadata key: the call's Method (None: unknown), set in requestheaders


class GrpcHooks:
    def __init__(self, services: Services, enforce: bool) -> None:
        self.services = services
        self.validator = GrpcValidator(services) if enforce else None

    # -- protocols ---------------------------------------------------------------------------
    @staticmethod
    def next_layer(nextlayer: Any) -> None:
        from mitmproxy.proxy.layers import modes

        context = nextlayer.context
        if (len(context.layers) >= 1 and isinstance(context.layers[0], modes.ReverseProxy)
                and context.client.alpn is None and starts_like_h2c(nextlayer.data_client())):
            context.client.alpn = H2

    @staticmethod
    def server_connect(data: Any) -> None:
        if data.client.alpn != H2:
            return
        if data.server.tls:
            data.server.alpn_offers = (H2,)
        else:
            data.server.alpn = H2

    # -- calls ---------------------------------------------------------------------------------
    def requestheaders(self, flow: Any) -> None:
        if not is_grpc_request(flow.request.data.headers.fields):
            return
        method = self.services.method(flow.request.path.partition("?")[0])
        flow.metadata[_GRPC] = method
        if method is not None and method.streaming in (CLIENT_STREAM, BIDI):
            flow.request.stream = Tap()

    def responseheaders(self, flow: Any) -> None:
        method = flow.metadata.get(_GRPC)
        if method is not None and method.streaming in (SERVER_STREAM, BIDI):
            flow.response.stream = Tap()

    @staticmethod
    def is_call(flow: Any) -> bool:
        return _GRPC in flow.metadata

    async def enforce(self, flow: Any) -> list[Violation] | None:
        """The request's violations when it is one message of a known RPC that could be read, else None
        (passed through untouched: recorded and counted by the writer)."""
        method: Method | None = flow.metadata.get(_GRPC)
        if self.validator is None or method is None or method.streaming in (CLIENT_STREAM, BIDI):
            return None
        raw = flow.request.raw_content or b""
        encoding = header_value(flow.request.data.headers.fields, b"grpc-encoding")
        try:
            if len(raw) > 65536 or encoding:  # inflating or parsing a large message: off the event loop
                parsed = await asyncio.to_thread(_parse, method, raw, encoding)
            else:
                parsed = _parse(method, raw, encoding)
        except (wire.FrameError, codec.MessageError):
            return None
        return self.validator.request(method, parsed)

    @staticmethod
    def reject(flow: Any, violations: list[Violation]) -> None:
        """Answer INVALID_ARGUMENT with a google.rpc.BadRequest (trailers-only) instead of calling the service."""
        from mitmproxy import http

        fields = [(v["field"] or "body", v["message"]) for v in violations]
        pairs = status.trailers(status.INVALID_ARGUMENT, "request violates the proto's constraints",
                                [status.bad_request(fields)])
        response = http.Response.make(200, b"", {"content-type": "application/grpc", **dict(pairs)})
        response.headers.pop("content-length", None)
        flow.response = response


def _parse(method: Method, raw: bytes, encoding: str | None) -> list[Any]:
    return [codec.parse(method.request, m) for m in wire.messages(raw, encoding)]
