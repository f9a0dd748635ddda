"""The mock's request handler: the journal endpoint, a matched route's answer (with latency and
faults), or a miss handed to the on-miss policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from apilint.mock.faults import ERROR, RESET, TIMEOUT, Delay, Fault, fault_answer
from apilint.mock.journal import Journal
from apilint.mock.miss import miss_answer, miss_report
from apilint.mock.request import Request
from apilint.mock.router import Router
from apilint.mock.routes import Route
from apilint.mock.server import Delayed, Reply
from apilint.mock.wire import message

JOURNAL_PATH = "/__apilint/journal"
# an on-miss policy: (request, the journal's report of the miss) -> the reply
MissPolicy = Callable[[Request, dict[str, Any]], Reply]


def fail(req: Request, report: dict[str, Any]) -> Reply:
    """``--on-miss fail``: 598 problem+json naming the nearest interaction and what differed."""
    return miss_answer(req, report)


class MockApp:
    def __init__(self, router: Router, journal: Journal, on_miss: MissPolicy, latency: Delay | None = None,
                 fault: Fault | None = None) -> None:
        self.router = router
        self.state = router.state
        self.journal = journal
        self.on_miss = on_miss
        self.latency = latency
        self.fault = fault
        self.shaped = latency is not None or fault is not None or any(
            r.interaction.extensions for r in router.routes)

    def __call__(self, req: Request) -> Reply:
        route = self.router.find(req)
        if route is None and req.method == "HEAD":  # HEAD is GET without the body (the server drops it)
            req.method = "GET"
            route = self.router.find(req)
            req.method = "HEAD"
        if route is None:
            if req.path == JOURNAL_PATH and req.method == "GET":
                return message(200, [("content-type", "application/json")], orjson.dumps(self.journal.to_dict()),
                               "journal")
            return self.missed(req)
        self.journal.used[route.index] += 1
        reply = route.answer.render(req, self.state)
        return self._shape(route, reply) if self.shaped else reply

    def missed(self, req: Request) -> Reply:
        nearest, differences = self.router.nearest(req)
        report = miss_report(req, nearest, differences)
        self.journal.miss(report)
        return self.on_miss(req, report)

    def _shape(self, route: Route, reply: Reply) -> Reply:
        ext = route.interaction.extensions
        fault = Fault(str(ext["fault"]), float(ext.get("fault_rate", 1.0))) if "fault" in ext else self.fault
        if fault is not None and fault.fires():
            reply = {RESET: RESET, TIMEOUT: TIMEOUT, ERROR: None}[fault.kind] or fault_answer()
        if "latency_ms" in ext:
            seconds = float(ext["latency_ms"]) / 1000
        else:
            seconds = self.latency.seconds() if self.latency is not None else 0.0
        return Delayed(seconds, reply) if seconds > 0 else reply
