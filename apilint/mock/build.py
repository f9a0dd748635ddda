"""SOURCE -> a ready ``MockApp``: load, compile routes, state and journal."""

from __future__ import annotations

from apilint.mock.app import MissPolicy, MockApp
from apilint.mock.faults import Delay, Fault
from apilint.mock.journal import Journal
from apilint.mock.router import Router
from apilint.mock.routes import capture_shapes, compile_route
from apilint.mock.source import load_sources
from apilint.mock.state import State


def build_app(sources: list[str], skipped: list[str], on_miss: MissPolicy, latency: Delay | None = None,
              fault: Fault | None = None, shared_port: bool = False) -> MockApp:
    interactions = load_sources(sources, skipped)
    routes = [compile_route(i, it) for i, it in enumerate(interactions)]
    router = Router(routes, State(capture_shapes(interactions), shared_port))
    return MockApp(router, Journal(routes), on_miss, latency, fault)
