"""Calling any RPC of a compiled proto root with JSON messages: grpcio channels with byte (de)serialisers,
so no generated stubs. Replay, the fuzzer and the tests call services this way."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import grpc

from apilint.grpc import codec, status
from apilint.grpc.descriptors import BIDI, CLIENT_STREAM, SERVER_STREAM, UNARY, Method


@dataclass
class Outcome:
    """What a call answered: the code (0 OK), message, details, response messages as JSON, metadata."""

    code: int
    message: str | None
    details: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    trailers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        return status.code_name(self.code)


def _pairs(metadata: Any) -> list[tuple[str, str]]:
    out = []
    for key, value in metadata or ():
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode().rstrip("=")
        out.append((key.lower(), value))
    return out


def _metadata(pairs: list[tuple[str, str]]) -> list[tuple[str, str | bytes]]:
    """Metadata to send: ``-bin`` values are base64 text in records, bytes for grpcio."""
    out: list[tuple[str, str | bytes]] = []
    for key, value in pairs:
        key = key.lower()
        if key.endswith("-bin"):
            out.append((key, base64.b64decode(value + "=" * (-len(value) % 4))))
        else:
            out.append((key, value))
    return out


class Caller:
    """Calls on one channel to ``host:port`` (plaintext h2c; ``secure`` for TLS with the system roots)."""

    def __init__(self, address: str, secure: bool = False) -> None:
        self.channel = grpc.secure_channel(address, grpc.ssl_channel_credentials()) if secure \
            else grpc.insecure_channel(address)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> Caller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: Method, requests: list[Any], metadata: list[tuple[str, str]] = (),  # type: ignore[assignment]
             timeout: float = 10.0) -> Outcome:
        """Send ``requests`` (JSON messages; one for unary and server-streaming RPCs) and collect the answer.
        Raises ``codec.MessageError`` when a request does not fit its message type."""
        payloads = [codec.encode(method.request, r) for r in requests]
        kinds = {UNARY: self.channel.unary_unary, SERVER_STREAM: self.channel.unary_stream,
                 CLIENT_STREAM: self.channel.stream_unary, BIDI: self.channel.stream_stream}
        stub = kinds[method.streaming](method.path, request_serializer=bytes, response_deserializer=bytes)
        sent = _metadata(list(metadata))
        argument: Any = iter(payloads) if method.streaming in (CLIENT_STREAM, BIDI) else payloads[0]
        raw: list[bytes] = []
        try:
            if method.streaming in (UNARY, CLIENT_STREAM):
                answer, rpc = stub.with_call(argument, metadata=sent, timeout=timeout)
                raw.append(answer)
            else:
                rpc = stub(argument, metadata=sent, timeout=timeout)
                raw.extend(rpc)
        except grpc.RpcError as error:
            return _outcome(error, raw, method)
        return _outcome(rpc, raw, method)


def _outcome(rpc: Any, raw: list[bytes], method: Method) -> Outcome:
    trailers = _pairs(rpc.trailing_metadata())
    _, _, details = status.read(trailers)
    rest = [(k, v) for k, v in trailers if k not in (status.STATUS, status.MESSAGE, status.DETAILS)]
    code = rpc.code().value[0]
    return Outcome(code, rpc.details() or None, details, [codec.decode(method.response, r) for r in raw],
                   _pairs(rpc.initial_metadata()), rest)
