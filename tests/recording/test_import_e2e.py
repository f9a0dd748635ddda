"""Other people's traffic end to end: a HAR saved from real exchanges with the example service and a flow dump
written by a real ``mitmdump -w`` in front of it -> ``apilint contracts build`` and ``apilint replay`` against
a fresh build; no planted secret in any output."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import run_cli
from tests.mock.harness import start_mock
from tests.proxy.harness import free_port, wait_port
from tests.recording import chrome_har
from tests.recording.chrome_har import API_KEY, CARD, COOKIE, EMAIL, JWT, SECRETS
from tests.replay.service import SPEC_V1, service

pytestmark = pytest.mark.slow

SECRET_HEADERS = {"authorization": f"Bearer {JWT}", "cookie": f"session={COOKIE}; theme=dark"}


def drive(base_url: str) -> list[tuple[httpx.Response, datetime]]:
    """Create, read, update and list an order, and miss one; secrets in headers, cookies, query and body."""
    sent: list[tuple[httpx.Response, datetime]] = []
    with httpx.Client(base_url=base_url, timeout=10, headers=SECRET_HEADERS) as client:
        def send(method: str, path: str, **kwargs: Any) -> httpx.Response:
            started = datetime.now(UTC)
            response = client.request(method, path, **kwargs)
            sent.append((response, started))
            return response

        order = send("POST", "/v1/orders", params={"api_key": API_KEY}, headers={"idempotency-key": "k-1"},
                     json={"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}],
                           "note": f"call {EMAIL}, card {CARD}"}).json()
        send("GET", f"/v1/orders/{order['order_id']}")
        send("PATCH", f"/v1/orders/{order['order_id']}", json={"status": "PAID"})
        send("GET", "/v1/orders", params={"page_size": "5", "api_key": API_KEY})
        send("GET", "/v1/orders/no-such-order")
    return sent


@pytest.fixture(scope="module")
def captures(tmp_path_factory) -> dict[str, Path]:
    """capture.har from a browser-like client and flows.mitm from mitmdump, each of one session with a fresh v1."""
    folder = tmp_path_factory.mktemp("captures")
    with service("v1") as url:
        har = folder / "capture.har"
        chrome_har.write(har, [chrome_har.from_response(r, started) for r, started in drive(url)])
    with service("v1") as url:
        port = free_port()
        flows = folder / "flows.mitm"
        mitmdump = subprocess.Popen(
            [sys.executable, "-c", "from mitmproxy.tools.main import mitmdump; mitmdump()",
             "--mode", f"reverse:{url}", "--listen-host", "127.0.0.1", "--listen-port", str(port),
             "--set", f"confdir={folder / 'mitm-conf'}", "-w", str(flows), "-q"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_port(port, mitmdump, timeout=60)
            statuses = [r.status_code for r, _ in drive(f"http://127.0.0.1:{port}")]
        finally:
            mitmdump.terminate()
            mitmdump.wait(30)
    assert statuses == [201, 200, 200, 200, 404]
    return {"har": har, "flows": flows}


def _no_secrets(text: str) -> None:
    assert [s for s in SECRETS if s in text] == []


@pytest.mark.parametrize("kind", ["har", "flows"])
def test_contracts_build_from_imported_traffic(captures, kind, tmp_path):
    out = tmp_path / "contracts"
    proc = run_cli("contracts", "build", str(captures[kind]), "--out", str(out), "--spec", str(SPEC_V1))
    assert proc.returncode == 0, proc.stderr
    assert "5 exchanges (0 duplicates, 0 unreadable lines skipped) -> 5 interactions in 4 contract files" in proc.stdout
    files = {p.name: p.read_text() for p in out.iterdir()}
    assert sorted(files) == ["GET_v1_orders.yaml", "GET_v1_orders_order_id.yaml", "PATCH_v1_orders_order_id.yaml",
                             "POST_v1_orders.yaml"], sorted(files)
    assert "api_key: '{{redacted}}'" in files["POST_v1_orders.yaml"]
    assert "status: 404" in files["GET_v1_orders_order_id.yaml"]
    _no_secrets("".join(files.values()) + proc.stdout + proc.stderr)


@pytest.mark.parametrize("kind", ["har", "flows"])
def test_replay_imported_traffic_against_a_fresh_build(captures, kind):
    with service("v1") as url:
        proc = run_cli("replay", str(captures[kind]), "--target", url, "--format", "json",
                       "--header", "Authorization: Bearer fresh", "--header", "Cookie: session=fresh")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["breaking"] is False and data["skipped"] == []
    assert [(r["method"], r["actual_status"]) for r in data["results"]] == [
        ("POST", 201), ("GET", 200), ("PATCH", 200), ("GET", 200), ("GET", 404)]
    # the only difference: the note replays with fresh values where the recording redacted the PII in it
    found = {(d["severity"], d["kind"], d["where"]) for r in data["results"] for d in r["differences"]}
    assert found <= {("warning", "value_changed", "body.note"), ("warning", "value_changed", "body.orders[0].note")}, found
    _no_secrets(proc.stdout + proc.stderr)


def test_fuzz_is_seeded_by_a_har_file(captures):
    with service("v1") as url:
        proc = run_cli("fuzz", str(SPEC_V1), "--target", url, "--max-examples", "3", "--mode", "positive",
                       "--recordings", str(captures["har"]), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["seeded"] == 5
    _no_secrets(proc.stdout + proc.stderr)


def test_mock_serves_a_flow_dump(captures):
    mock = start_mock(str(captures["flows"]))
    try:
        with httpx.Client(base_url=mock.url, timeout=5, headers={"authorization": "Bearer any",
                                                                  "cookie": "session=any"}) as client:
            missing = client.get("/v1/orders/no-such-order")
            listed = client.get("/v1/orders", params={"page_size": "5", "api_key": "anything"})
    finally:
        _, stderr = mock.stop()
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    assert listed.status_code == 200 and listed.json()["orders"][0]["status"] == "PAID"
    _no_secrets(missing.text + listed.text + stderr)
