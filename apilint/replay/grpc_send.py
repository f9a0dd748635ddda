"""Replay's gRPC transport: gRPC interactions sent to ``--target grpc://HOST:PORT`` with ``client.Caller``
(messages encoded with the descriptors compiled from ``--proto``, no generated code) and their outcomes
compared (``grpc_compare``). Scheduling, flows, provider states and redacted values are REST replay's
(``engine.Replayer``); only sending one interaction differs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from apilint.errors import InputError, shown_path
from apilint.grpc import codec, record
from apilint.grpc.client import Caller, Outcome
from apilint.grpc.descriptors import Method, Services
from apilint.grpc.status import code_name
from apilint.replay.compare import Comparison
from apilint.replay.engine import Replayer
from apilint.replay.flows import Plan, lookup, substitute, substitute_text
from apilint.replay.grpc_compare import compare_call
from apilint.replay.model import BREAKING, WARNING, Difference, Interaction, Result
from apilint.replay.redacted import Filler, is_redacted
from apilint.replay.samples import concrete
from apilint.replay.states import StateHook
from apilint.target import Target

METHOD = "gRPC"  # what reports show where an HTTP exchange shows its method


def check_protocols(interactions: list[Interaction], grpc_target: bool, proto: str | None, source: str) -> None:
    """One line (exit 2) when the interactions do not fit the target: gRPC calls need ``grpc://`` and
    ``--proto``, HTTP exchanges an http(s) target."""
    for it in interactions:
        if bool(it.grpc) != grpc_target:
            kind, want = ("a gRPC call", "grpc://HOST:PORT") if it.grpc else ("an HTTP exchange", "http(s)://...")
            raise InputError(f"{it.source} is {kind}: replay it with --target {want}", shown_path(source))
    if grpc_target and proto is None:
        raise InputError("gRPC calls need --proto PROTO_ROOT (the protos that encode their messages)",
                         shown_path(source))


class GrpcReplayer(Replayer):
    """``Replayer`` whose interactions are gRPC calls; each is a blocking grpcio call run in a thread."""

    def __init__(self, plan: Plan, target: Target, headers: dict[str, str], services: Services,
                 timeout: float = 30.0, filler: Filler | None = None, states: StateHook | None = None) -> None:
        super().__init__(plan, target, headers, None, timeout, filler, states)
        self.services = services
        self.caller = Caller(target.netloc, secure=target.secure)

    async def run(self, *args: Any, **kwargs: Any) -> list[Result]:
        try:
            return await super().run(*args, **kwargs)
        finally:
            self.caller.close()

    def _metadata(self, it: Interaction, values: dict[str, Any], variables: dict[str, Any],
                  notes: list[Difference]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name, value in it.headers:
            if not record.is_application_metadata(name) or name in self.headers:
                continue
            if is_redacted(value):
                notes.append(Difference(WARNING, "credential_missing", f"headers.{name}",
                                        "redacted in the recording and not supplied (--header or env)"))
                continue
            out.append((name, substitute_text(value, values, variables)))
        return out + list(self.headers.items())

    def _messages(self, it: Interaction, method: Method, values: dict[str, Any],
                  variables: dict[str, Any]) -> list[Any]:
        body = concrete(substitute(it.body, values, variables))
        if is_redacted(repr(body)):
            body = self.filler.value(body)
        streams = record.request_streams(method.streaming)
        return record.messages(body, streams) or ([] if streams else [{}])  # no body: the empty message

    async def _send(self, session: Any, i: int, given: dict[str, Any]) -> Result:
        it = self.plan.interactions[i]
        notes: list[Difference] = []
        values, variables = self._bindings(i, notes)
        variables.update(given)
        method = self.services.method(it.path)
        if method is None:
            notes.append(Difference(BREAKING, "rpc_missing", "grpc.code",
                                    f"RPC {it.path} missing: the protos under --proto do not declare it (not sent)"))
            return self._result(it, None, notes, 0, 0.0)
        if method.streaming != it.grpc:
            notes.append(Difference(BREAKING, "streaming_changed", "grpc.streaming",
                                    "the RPC's streaming kind changed", it.grpc, method.streaming))
            return self._result(it, None, notes, 0, 0.0)
        try:
            messages = self._messages(it, method, values, variables)
            for message in messages:
                codec.encode(method.request, message)
        except codec.MessageError as exc:
            notes.append(Difference(BREAKING, "request_not_encodable", "request.body",
                                    f"the request no longer fits {method.input.full_name}: {_one_line(exc)}"))
            return self._result(it, None, notes, 0, 0.0)
        metadata = self._metadata(it, values, variables, notes)
        started = time.perf_counter()
        try:
            outcome = await asyncio.to_thread(self.caller.call, method, messages, metadata, self.timeout)
        except codec.MessageError as exc:
            notes.append(Difference(BREAKING, "response_undecodable", "body",
                                    f"a response is not a {method.output.full_name}: {_one_line(exc)}"))
            return self._result(it, None, notes, 0, (time.perf_counter() - started) * 1000)
        except ValueError as exc:  # metadata grpcio refuses (a name or value it cannot send)
            notes.append(Difference(BREAKING, "request_refused", "request.headers", str(exc)))
            return self._result(it, None, notes, 0, 0.0)
        elapsed = (time.perf_counter() - started) * 1000
        body = record.body(outcome.responses, record.response_streams(method.streaming))
        self._remember(i, body, outcome)
        comparison = Comparison(it.contract, self.renamed, variables)
        compare_call(comparison, method, it.expected, outcome.code, outcome.message, outcome.details, body)
        return self._result(it, outcome, notes + comparison.differences, comparison.noise, elapsed)

    def _remember(self, i: int, body: Any, outcome: Outcome) -> None:
        """What later interactions link to (as ``Replayer._send`` keeps for HTTP responses)."""
        headers = dict(outcome.headers)
        if i in self._producers:
            self.responses[i] = (body, headers)
        for value, at in self.plan.produced[i].items():
            try:
                self.renamed.setdefault(value, lookup(body, headers, at))
            except KeyError:
                pass

    @staticmethod
    def _result(it: Interaction, outcome: Outcome | None, differences: list[Difference], noise: int,
                elapsed: float) -> Result:
        expected = (it.expected.grpc or {}).get("code")
        result = Result(it.key, it.name, it.source, METHOD, it.path, it.expected.status,
                        200 if outcome is not None else None, differences, noise, elapsed)
        result.grpc_status = {"expected": code_name(expected), "actual": outcome.status if outcome else None}
        return result


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
