"""The gRPC mock's one decision per call (docs/mock.md, "gRPC"): the request messages decoded with the protos
into the JSON a contract holds, matched by the REST mock's router (its routes, scores, state and journal), the
chosen interaction's answer rendered as the REST mock renders one (echoes, generated values, captures), then
encoded back into messages, a status code, its message and its details.

A miss -- an RPC the protos do not declare, a message that does not decode, a call no interaction matches --
answers UNIMPLEMENTED with the REST miss's line (the nearest interaction and what differed) as its message.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any

import orjson
from google.protobuf import json_format

from apilint.errors import InputError
from apilint.grpc import codec, fit
from apilint.grpc.descriptors import Method, Services
from apilint.grpc.details import status_bytes
from apilint.grpc.record import body as record_body
from apilint.grpc.record import messages as record_messages
from apilint.grpc.record import request_streams, response_streams
from apilint.grpc.status import INTERNAL, OK, UNIMPLEMENTED
from apilint.mock.answer import dynamic, render, template
from apilint.mock.faults import Delay, Fault
from apilint.mock.journal import Journal
from apilint.mock.miss import miss_detail, miss_report
from apilint.mock.request import Request
from apilint.mock.router import Router
from apilint.mock.routes import Route, capture_shapes, compile_route
from apilint.mock.state import State
from apilint.replay.model import Interaction
from apilint.replay.samples import concrete

MISS_CODE = UNIMPLEMENTED


def transport(name: str) -> bool:
    """Metadata of the transport, not of the call: never matched, never answered."""
    return name in ("content-type", "te", "user-agent", "content-length", "date", "server", "x-apilint-mock") \
        or name.startswith(("grpc-", ":"))


@dataclass(slots=True)
class Reply:
    """What the server sends for one call."""

    code: int
    message: str | None = None
    messages: list[bytes] = field(default_factory=list)
    details: bytes | None = None  # the binary grpc-status-details-bin
    headers: list[tuple[str, str]] = field(default_factory=list)  # initial metadata
    hit: bool = True
    delay: float = 0.0
    fault: str | None = None  # reset | timeout | 500, injected


@dataclass(slots=True)
class _Rpc:
    """A route's RPC and what its answer holds besides the body: code, message and details (templates)."""

    method: Method
    code: int
    message: Any
    details: list[Any]
    headers: list[tuple[str, str]]
    fixed: Reply | None = None  # the reply when nothing in it changes per call
    # per response message: its fields that never change, encoded once, and the names of the others. Encoded
    # messages concatenated are one message with the fields of both (protobuf's merge), so a call encodes only
    # what it renders: the JSON -> message step is most of the mock's own time per call
    parts: list[tuple[bytes, tuple[str, ...]]] | None = None


class GrpcMock:
    """``skipped``: where a recorded call that cannot be served is named (a contract's stops the mock instead)."""

    def __init__(self, interactions: list[Interaction], services: Services, latency: Delay | None = None,
                 fault: Fault | None = None, skipped: list[str] | None = None) -> None:
        self.services = services
        self.latency = latency
        self.fault = fault
        self.routes: list[Route] = []
        self.rpcs: list[_Rpc] = []
        for it in interactions:
            try:
                if not it.contract and it.operation is None:
                    raise InputError("recorded undecoded (an RPC or message the proxy's protos did not know)",
                                     it.source)
                method = _method(it, services)
                route = compile_route(len(self.routes), _fitted(it, method))
                rpc = self._rpc(route, method)
            except InputError as exc:
                if it.contract or skipped is None:
                    raise
                skipped.append(str(exc))
                continue
            self.routes.append(route)
            self.rpcs.append(rpc)
        if not self.routes:
            raise InputError("no gRPC interaction to serve")
        self.router = Router(self.routes, State(capture_shapes([r.interaction for r in self.routes])))
        self.journal = Journal(self.routes)
        self.lock = threading.Lock()  # the router's state and the journal are one per process

    def _rpc(self, route: Route, method: Method) -> _Rpc:
        """The route's answer, checked once: every message and detail it can send encodes (else one line, exit 2)."""
        it = route.interaction
        outcome = it.expected.grpc or {}
        headers = [(k, v) for k, v in it.expected.headers.items() if isinstance(v, str) and not transport(k)
                   and not k.endswith("-bin") and not dynamic(template(v))]
        rpc = _Rpc(method, int(outcome.get("code") or OK), template(outcome.get("message")),
                   template(list(outcome.get("details") or [])), headers)
        try:
            rpc.parts = _parts(route.answer.body, method)
        except codec.MessageError:
            rpc.parts = None  # said below, with the whole answer
        req = Request("POST", it.path, {}, orjson.dumps(concrete(it.body)) if it.body is not None else b"")
        try:
            reply = self._reply(rpc, req, route.answer.render(req, State({})), State({}))
        except codec.MessageError as exc:
            raise InputError(f"interaction {it.name!r}: its answer does not fit {method.path}: {exc}",
                             it.source) from None
        still = route.answer.static is not None and not route.answer.fixed_captures and not dynamic(rpc.message) \
            and not dynamic(rpc.details) and not it.extensions
        rpc.fixed = reply if still else None
        return rpc

    def call(self, path: str, payloads: list[bytes], metadata: list[tuple[str, str]]) -> Reply:
        """The reply to one call: ``payloads`` are the request messages' bytes, ``metadata`` the call's."""
        method = self.services.method(path)
        headers = {k.lower(): v for k, v in metadata if not transport(k.lower())}
        if method is None:
            return self._miss(Request("POST", path, headers, b""), f"{path} is no RPC of the protos")
        try:
            decoded = [_decoded(method, p) for p in payloads]
        except codec.MessageError as exc:
            return self._miss(Request("POST", path, headers, b""), f"the request does not decode: {exc}")
        body = record_body(decoded, request_streams(method.streaming))
        req = Request("POST", path, headers, orjson.dumps(body) if body is not None else b"")
        with self.lock:
            route = self.router.find(req)
            if route is None:
                rendered = None
            else:
                self.journal.used[route.index] += 1
                rpc = self.rpcs[route.index]
                rendered = route.answer.render(req, self.router.state) if rpc.fixed is None else None
        if route is None:
            return self._miss(req)
        if rendered is None:
            reply = rpc.fixed
        else:
            try:
                reply = self._reply(rpc, req, rendered, self.router.state)
            except codec.MessageError as exc:  # an echoed value the message refuses
                reply = Reply(INTERNAL, f"apilint mock: the answer of {route.interaction.name!r} does not encode: "
                                        f"{exc}")
        return self._shaped(route, reply)

    def _reply(self, rpc: _Rpc, req: Request, rendered: tuple[bytes, bytes], state: State) -> Reply:
        """``rendered``: the HTTP mock's answer (``Answer.render``), whose JSON body holds the messages."""
        raw = rendered[0].partition(b"\r\n\r\n")[2]
        streams = response_streams(rpc.method.streaming)
        found = record_messages(orjson.loads(raw) if raw else None, streams)
        cls = rpc.method.response
        if rpc.parts is not None and len(rpc.parts) == len(found):
            messages = [fixed + codec.encode(cls, {k: m[k] for k in names if k in m}) if names else fixed
                        for (fixed, names), m in zip(rpc.parts, found, strict=True)]
        else:
            messages = [codec.encode(cls, m) for m in found]
        if not streams:  # a unary answer is one message on OK, none on an error
            messages = (messages or [b""])[:1] if rpc.code == OK else []
        message = render(rpc.message, req, state)
        details = render(rpc.details, req, state)
        return Reply(rpc.code, None if message is None else str(message), messages,
                     status_bytes(rpc.code, message, details, self.services.pool) if details else None, rpc.headers)

    def _shaped(self, route: Route, reply: Reply) -> Reply:
        """Latency and faults: the interaction's ``mock:`` settings, else ``--latency`` / ``--fault``."""
        ext = route.interaction.extensions
        fault = Fault(str(ext["fault"]), float(ext.get("fault_rate", 1.0))) if "fault" in ext else self.fault
        delay = float(ext["latency_ms"]) / 1000 if "latency_ms" in ext else \
            self.latency.seconds() if self.latency is not None else 0.0
        kind = fault.kind if fault is not None and fault.fires() else None
        return dataclasses.replace(reply, delay=delay, fault=kind) if delay or kind else reply

    def _miss(self, req: Request, why: str | None = None) -> Reply:
        with self.lock:
            nearest, differences = self.router.nearest(req)
            report = miss_report(req, nearest, differences)
            if why:
                report["why"] = why
            self.journal.miss(report)
        line = miss_detail(req, report)
        return Reply(MISS_CODE, f"apilint mock: no recorded interaction matches: {why + '; ' if why else ''}{line}",
                     hit=False)


def _decoded(method: Method, payload: bytes) -> dict[str, Any]:
    """A request message as JSON with its default values too: proto3 does not send them (a quantity of 0 is
    no field on the wire), so the JSON a contract names (``quantity: 0``) is there to match."""
    return json_format.MessageToDict(codec.parse(method.request, payload), preserving_proto_field_name=True,
                                     always_print_fields_with_no_presence=True)


def _parts(frozen: Any, method: Method) -> list[tuple[bytes, tuple[str, ...]]] | None:
    """``_Rpc.parts`` of an answer template (``Answer.body``: what never changes is an ``orjson.Fragment``)."""
    if frozen is None:
        return None
    if response_streams(method.streaming):
        if not isinstance(frozen, list):
            return None
        frozen_messages = frozen
    else:
        frozen_messages = [frozen]
    parts = []
    for message in frozen_messages:
        if isinstance(message, orjson.Fragment):
            parts.append((codec.encode(method.response, orjson.loads(orjson.dumps(message))), ()))
        elif isinstance(message, dict):
            still = {k: orjson.loads(orjson.dumps(v)) for k, v in message.items() if isinstance(v, orjson.Fragment)}
            parts.append((codec.encode(method.response, still), tuple(k for k in message if k not in still)))
        else:
            return None
    return parts


def _method(it: Interaction, services: Services) -> Method:
    method = services.method(it.path)
    if method is None:
        raise InputError(f"interaction {it.name!r}: {it.path} is no RPC of the protos", it.source)
    if it.grpc is None:
        raise InputError(f"interaction {it.name!r} is HTTP, not gRPC", it.source)
    if it.grpc != method.streaming:
        raise InputError(f"interaction {it.name!r}: streaming {it.grpc}, the protos say {method.streaming}",
                         it.source)
    return method


def _fitted(it: Interaction, method: Method) -> Interaction:
    """The interaction as the router sees it: no transport metadata, values fitted to the message types."""
    sides = []
    for value, streams, message, fitting in ((it.body, request_streams(method.streaming), method.input, fit.request),
                                              (it.expected.body, response_streams(method.streaming), method.output,
                                               fit.answer)):
        if streams and value is not None and not isinstance(value, list):
            raise InputError(f"interaction {it.name!r}: a side that streams holds a list of messages", it.source)
        if not streams and value is not None and not isinstance(value, dict):
            raise InputError(f"interaction {it.name!r}: a message is a mapping of fields", it.source)
        sides.append(record_body([fitting(m, message) for m in record_messages(value, streams)], streams))
    return dataclasses.replace(it, headers=[(k, v) for k, v in it.headers if not transport(k)], body=sides[0],
                               expected=dataclasses.replace(it.expected, body=sides[1]))
