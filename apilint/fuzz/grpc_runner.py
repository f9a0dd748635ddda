"""Fuzz a running gRPC service from its protos: hypothesis over each RPC's request message, valid requests
within the PGV bounds and invalid ones that break one bound or required field (``grpc_cases``), sent with
``apilint.grpc.client.Caller`` (no generated code), each answer through ``grpc_checks``.

RPCs named ``Create*`` run first (lists then have pages to follow). Exploration only generates; then each
failing (RPC, check) is searched again with ``hypothesis.find``, whose shrinking brings the failing request
down to a small one: the smallest failing request seen is reported, as JSON with a ``grpcurl`` command.
"""

from __future__ import annotations

import json
import os
import random
import shlex
import time
from collections.abc import Callable
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase

from apilint.errors import InputError
from apilint.fuzz import grpc_cases
from apilint.fuzz.grpc_checks import Finding, Paging, check, check_names, paging
from apilint.fuzz.runner import Failure, FuzzRun
from apilint.grpc import codec
from apilint.grpc.client import Caller, Outcome
from apilint.grpc.descriptors import Method, Services
from apilint.grpc.schema import message_schema
from apilint.target import Target

VALID, INVALID = "positive", "negative"  # the REST fuzzer's mode names (--mode)
TRANSPORT = {4: "DEADLINE_EXCEEDED", 14: "UNAVAILABLE"}  # no answer from the service: a transport error
CALL_TIMEOUT = 10.0
_SEVERITY = {"breaking": 1, "warning": 0}


def select(services: Services, names: list[str]) -> list[Method]:
    """The RPCs ``--rpc`` names (``ListOrders``, ``OrderService/ListOrders``, ``/shop.orders.v1.OrderService/
    ListOrders``), every one when none is named. InputError for a name no RPC has."""
    methods = list(services.methods.values())
    if not methods:
        raise InputError("--proto declares no service: nothing to fuzz")
    if not names:
        return methods
    chosen = []
    for name in names:
        found = [m for m in methods if name.strip("/") in (m.name, f"{m.service.rsplit('.', 1)[-1]}/{m.name}",
                                                             m.path.strip("/"))]
        if not found:
            known = ", ".join(sorted(m.name for m in methods))
            raise InputError(f"--rpc {name}: no such RPC in --proto (known: {known})")
        chosen += [m for m in found if m not in chosen]
    return chosen


class GrpcFuzz:
    """One run against one target. ``proto``: the --proto argument (for the reproducing command)."""

    def __init__(self, target: Target, proto: str, *, metadata: list[tuple[str, str]], max_examples: int, seed: int,
                 deadline_s: float) -> None:
        self.target, self.proto, self.metadata = target, proto, metadata
        self.max_examples, self.seed, self.deadline_s = max_examples, seed, deadline_s
        self.run = FuzzRun()
        self.modes: dict[tuple[str, str], str] = {}  # (label, check) -> the mode of its smallest failing request
        self.started = time.monotonic()
        self.caller = Caller(target.netloc, secure=target.secure)

    def over_budget(self) -> bool:
        return time.monotonic() - self.started > self.deadline_s

    def fuzz(self, methods: list[Method], modes: tuple[str, ...]) -> FuzzRun:
        ordered = sorted(methods, key=lambda m: (not m.name.startswith("Create"), m.path))
        try:
            for method in ordered:
                self._method(method, modes)
        finally:
            self.caller.close()
        return self.run

    def _method(self, method: Method, modes: tuple[str, ...]) -> None:
        label = f"POST {method.path}"
        if self.over_budget():
            self.run.not_run.append(label)
            return
        request = message_schema(method.input)
        pages = paging(request, message_schema(method.output))
        self.run.checked[label] = set(check_names(pages))
        strategies: dict[str, Any] = {}
        for mode in modes:
            if self.over_budget():
                self.run.not_run.append(f"{label} ({mode} cases)")
                continue
            strategy = grpc_cases.valid(request).map(lambda m: (m, None)) if mode == VALID \
                else grpc_cases.invalid(request)
            if strategy is None:
                self.run.notes.append(f"{label}: no negative cases: its request has no bound or required field")
                continue
            strategies[mode] = strategy
            self._explore(strategy, lambda case, mode=mode: self._send(method, case, mode, pages))
        for (where, name), mode in list(self.modes.items()):
            if where == label and mode in strategies and not self.over_budget():
                self._shrink(strategies[mode], method, mode, pages, name)

    def _explore(self, strategy: Any, execute: Callable[[Any], Any]) -> None:
        @hypothesis.seed(self.seed)
        @hypothesis.settings(max_examples=self.max_examples, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                             verbosity=hypothesis.Verbosity.quiet)
        @hypothesis.given(case=strategy)
        def explore(case: Any) -> None:
            execute(case)

        try:
            explore()
        except hypothesis.errors.HypothesisException:  # Unsatisfiable: too few cases could be drawn
            pass

    def _shrink(self, strategy: Any, method: Method, mode: str, pages: Paging | None, name: str) -> None:
        """Search again for a request that fails check ``name``; every request tried goes through the checks,
        so the smallest failing one is kept."""
        severity = self.run.failures[(f"POST {method.path}", name)].severity

        def fails(case: Any) -> bool:
            if self.over_budget():
                return False
            return any(f.check == name and f.severity == severity for f in self._send(method, case, mode, pages))

        settings = hypothesis.settings(max_examples=self.max_examples, deadline=None, database=None,
                                       phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
                                       verbosity=hypothesis.Verbosity.quiet)
        try:
            hypothesis.find(strategy, fails, settings=settings, random=random.Random(self.seed))
        except hypothesis.errors.HypothesisException:  # NoSuchExample: not found again; the first one stays
            pass

    def _send(self, method: Method, case: tuple[dict[str, Any], str | None], mode: str,
              pages: Paging | None) -> list[Finding]:
        message, broken = case
        label = f"POST {method.path}"
        self.run.cases += 1
        outcome = self._call(method, message, label)
        if outcome is None:
            return []
        findings = check(message, broken, outcome, pages,
                         lambda again: self.caller.call(method, [again], self.metadata, timeout=CALL_TIMEOUT))
        for finding in findings:
            self._keep(method, label, finding, message, mode)
        return findings

    def _call(self, method: Method, message: dict[str, Any], label: str) -> Outcome | None:
        try:
            outcome = self.caller.call(method, [message], self.metadata, timeout=CALL_TIMEOUT)
        except codec.MessageError as exc:  # a generated value the message type cannot hold: apilint's bug
            self._once(self.run.notes, f"{label}: a generated request does not encode: {exc}")
            return None
        if outcome.code in TRANSPORT:
            self._once(self.run.errors, f"{label}: {outcome.status}: {outcome.message or 'no answer'}")
            return None
        return outcome

    @staticmethod
    def _once(where: list[str], text: str) -> None:
        if text not in where:
            where.append(text)

    def _keep(self, method: Method, label: str, finding: Finding, message: dict[str, Any], mode: str) -> None:
        """The smallest request per (RPC, check), breaking ones before warnings."""
        key = (label, finding.check)
        size = len(json.dumps(message))
        known = self.run.failures.get(key)
        rank = (-_SEVERITY.get(finding.severity, 0), size)
        if known is not None and (-_SEVERITY.get(known.severity, 0), known.size) <= rank:
            return
        self.run.failures[key] = Failure(label, finding.check, finding.message, self.reproduce(method, message),
                                         size, finding.severity, finding.expected, finding.actual, message)
        self.modes[key] = mode

    def reproduce(self, method: Method, message: dict[str, Any]) -> str:
        """A grpcurl command that sends ``message`` again (metadata values filtered: they may be credentials)."""
        root = self.proto if os.path.isdir(self.proto) else os.path.dirname(self.proto) or "."
        parts = ["grpcurl", *(() if self.target.secure else ("-plaintext",)), "-import-path", root,
                 "-proto", method.descriptor.containing_service.file.name]
        for name, _ in self.metadata:
            parts += ["-H", f"{name}: [Filtered]"]
        parts += ["-d", json.dumps(message, separators=(",", ":")), self.target.netloc,
                  f"{method.service}/{method.name}"]
        return shlex.join(parts)
