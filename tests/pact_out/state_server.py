"""A tiny provider-state hook for tests, as a provider team would write one: on ``setup`` it creates an
order in the example service and answers its id (Pact's ``ProviderState`` generators and apilint's
``--provider-states-url`` read it); every call is journalled."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


@contextlib.contextmanager
def state_server(service: str, fail: str | None = None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield (hook URL, journal). ``fail``: a state name whose setup answers 500."""
    journal: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            call = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            journal.append(call)
            answer: dict[str, Any] = {}
            status = 200
            if call.get("state") == fail and call.get("action") == "setup":
                status = 500
            elif call.get("action") == "setup" and call.get("state"):
                created = httpx.post(service + "/v1/orders", headers={"authorization": "Bearer state"}, json={
                    "customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}).json()
                answer = {name: created["order_id"] for name in (call.get("params") or {})}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/provider-states", journal
    finally:
        server.shutdown()
        server.server_close()
