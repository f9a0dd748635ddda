"""benchmarks/mock_load.py's own logic (issue 18's benchmark): the request mix, the correctness check
that keeps a fast wrong mock from winning, and the WireMock stubs converted from the contracts."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import mock_load  # noqa: E402
import wiremock_stubs  # noqa: E402
from proxy_load import free_port, wait_port  # noqa: E402


@pytest.fixture(scope="module")
def service():
    """The real catalog service the contracts were recorded from."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(BENCH / "mock_api" / "service.py"), str(port)])
    try:
        wait_port(port)
        yield port
    finally:
        proc.kill()
        proc.wait()


def test_mix_is_three_lists_five_reads_two_creates_of_recorded_requests():
    calls = mock_load.mix()
    kinds = [c.kind for c in calls]
    assert kinds[0] == "list"  # it hands out the id the reads use
    assert (kinds.count("list"), kinds.count("read"), kinds.count("create")) == (3, 5, 2)
    assert {c.path for c in calls if c.kind == "read"} == {"/v1/products/p-1001"}
    create = next(c for c in calls if c.kind == "create")
    assert json.loads(create.body)["sku"] == "TRV-0100-GRA" and create.status == 201
    script = mock_load.lua(calls)
    assert script.count("wrk.format") == 1 and script.count('{"GET", "/v1/products/p-1001"') == 5


def test_check_accepts_the_real_service(service):
    verdict = mock_load.check(service, mock_load.mix())
    assert len(verdict) == 1 and verdict[0].startswith("ok (list "), verdict


class _NotFound(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        body = b'{"title": "Not Found"}'
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def test_check_rejects_a_mock_that_answers_404():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        verdict = mock_load.check(server.server_address[1], mock_load.mix())
    finally:
        server.shutdown()
    assert not verdict[0].startswith("ok")
    assert any("GET /v1/products/p-1001 -> 404" in problem and "expected 200 JSON" in problem for problem in verdict)
    assert len(verdict) == 3  # one line per distinct request
    assert any("POST /v1/products -> 404" in problem and "expected 201 JSON" in problem for problem in verdict)


def test_wiremock_stubs_echo_what_the_recordings_echo():
    stubs = dict(wiremock_stubs.stubs(mock_load.CONTRACTS, mock_load.TRAFFIC))
    read = stubs["get_v1_products_product_id_ok.json"]
    assert read["request"] == {"method": "GET", "urlPathTemplate": "/v1/products/{product_id}"}
    assert '"id": "{{request.pathSegments.[2]}}"' in read["response"]["body"]
    assert read["response"]["transformers"] == ["response-template"]
    create = stubs["post_v1_products_created.json"]
    pattern = create["request"]["bodyPatterns"][0]
    assert json.loads(pattern["equalToJson"])["sku"] == "TRV-0100-GRA" and pattern["ignoreExtraElements"]
    body = create["response"]["body"]
    assert '"id": "{{randomValue type=\'UUID\'}}"' in body
    assert '"sku": "{{jsonPath request.body \'$.sku\'}}"' in body
    assert '"amount": {{jsonPath request.body \'$.price.amount\'}}' in body  # a number stays unquoted
    listing = stubs["get_v1_products_ok.json"]
    assert listing["request"]["queryParameters"] == {"limit": {"equalTo": "3"}}
    assert json.loads(listing["response"]["body"].replace("{{now}}", "x"))["items"][0]["id"] == "p-1001"
