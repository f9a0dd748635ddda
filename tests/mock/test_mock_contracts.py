"""`apilint mock` serving hand-written contracts: matching, state, echoes, misses, the journal, exit codes."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.mock.contracts import write_contracts
from tests.mock.harness import start_mock

AUTH = {"authorization": "Bearer t"}
NEW_ORDER = {"customer_id": "c-9", "items": [{"product_id": "p-1", "quantity": 2}]}


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    return write_contracts(tmp_path)


@pytest.fixture
def mock(contracts: Path):
    server = start_mock(str(contracts))
    yield server
    server.stop()


def test_hits_carry_the_header_and_the_recorded_answer(mock):
    with httpx.Client(base_url=mock.url, timeout=5) as client:
        got = client.get("/v1/products/p-1", params={"view": "full"})
        assert (got.status_code, got.headers["x-apilint-mock"]) == (200, "hit")
        assert got.json() == {"product_id": "p-1", "name": "Tea", "price": 3}
        assert client.get("/v1/products").json() == {"products": []}


def test_created_ids_are_accepted_later_and_echoed(mock):
    with httpx.Client(base_url=mock.url, timeout=5) as client:
        created = client.post("/v1/orders", json=NEW_ORDER, headers=AUTH)
        assert created.status_code == 201, created.text
        body = created.json()
        uuid.UUID(body["order_id"])  # a fresh uuid, in the matcher's format
        assert body["customer_id"] == "c-9"  # echoed from the request, as the contract shows
        assert body["created_at"].endswith("Z")
        again = client.post("/v1/orders", json=NEW_ORDER, headers=AUTH).json()
        assert again["order_id"] != body["order_id"]
        got = client.get(f"/v1/orders/{body['order_id']}")
        assert (got.status_code, got.json()) == (200, {"order_id": body["order_id"], "status": "PENDING"})


def test_recorded_invalid_requests_answer_their_recorded_error(mock):
    got = httpx.post(mock.url + "/v1/orders", json={"customer_id": "", "items": []}, timeout=5)
    assert (got.status_code, got.headers["x-apilint-mock"]) == (400, "hit")
    assert got.json()["error"]["code"] == "INVALID_ARGUMENT"


def test_the_exact_recorded_value_beats_a_variable_and_unknown_ids_get_the_recorded_not_found(mock):
    for path in ("/v1/orders/no-such-order", f"/v1/orders/{uuid.uuid4()}"):
        got = httpx.get(mock.url + path, timeout=5)
        assert (got.status_code, got.json()) == (404, {"error": {"code": "NOT_FOUND"}})


def _differences(response: httpx.Response) -> dict[str, dict]:
    assert response.status_code == 598, response.text
    assert response.headers["x-apilint-mock"] == "miss"
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    return {d["where"]: d for d in problem["nearest"]["differences"]} | {"_name": problem["nearest"]["name"]}


def test_a_miss_names_the_nearest_interaction_and_what_differed(mock):
    with httpx.Client(base_url=mock.url, timeout=5) as client:
        body = _differences(client.post("/v1/orders", json={**NEW_ORDER, "items": [{"product_id": "p-1",
                                                                                   "quantity": "two"}]}))
        assert body["_name"] == "create_order"
        assert set(body) == {"_name", "headers.authorization", "body.items[0].quantity"}
        assert body["body.items[0].quantity"]["actual"] == "two"
        query = _differences(client.get("/v1/products/p-1", params={"view": "short"}))
        assert query["_name"] == "get_product"
        assert (query["query.view"]["expected"], query["query.view"]["actual"]) == ("full", "short")
        method = _differences(client.delete("/v1/products/p-1", params={"view": "full"}))
        assert (method["_name"], method["method"]["expected"]) == ("get_product", "GET")
        unknown = _differences(client.patch("/v1/orders/o-1", json={"status": "PAID"}))
        assert unknown["_name"] == "pay_order"
        assert "handed out" in unknown["path[3]"]["message"]
        created = client.post("/v1/orders", json=NEW_ORDER, headers=AUTH).json()["order_id"]
        paid = client.patch(f"/v1/orders/{created}", json={"status": "PAID"})
        assert (paid.status_code, paid.json()) == (200, {"order_id": created, "status": "PAID"})


def test_journal_lists_used_unused_and_misses_and_the_exit_code_says_so(contracts):
    mock = start_mock(str(contracts))
    try:
        httpx.get(mock.url + "/v1/products", timeout=5)
        httpx.get(mock.url + "/v1/nothing", timeout=5)
        journal = httpx.get(mock.url + "/__apilint/journal", timeout=5).json()
    finally:
        code, stderr = mock.stop()
    assert journal["summary"] == {"interactions": 7, "used": 1, "unused": 6, "hits": 1, "misses": 1}
    assert [e["name"] for e in journal["used"]] == ["list_products"]
    assert "get_product" in [e["name"] for e in journal["unused"]]
    assert journal["misses"][0]["request"]["path"] == "/v1/nothing"
    assert code == 1, stderr
    assert "1 hits, 1 misses" in stderr and "never used: get_product" in stderr


def test_exit_codes_no_miss_zero_verify_used_one(contracts, tmp_path):
    mock = start_mock(str(contracts))
    httpx.get(mock.url + "/v1/products", timeout=5)
    assert mock.stop()[0] == 0
    out = tmp_path / "journal.json"
    mock = start_mock(str(contracts), "--verify-used", "--journal", str(out))
    httpx.get(mock.url + "/v1/products", timeout=5)
    code, stderr = mock.stop()
    assert code == 1, stderr
    assert json.loads(out.read_text())["summary"]["unused"] == 6


@pytest.mark.parametrize("text, where", [
    ("interactions:\n  - name: x\n    request: {method: GET, path: /a}\n    response: {status: nope}\n", ":2:5: "),
    ("interactions:\n  - name: x\n    request: {method: GET, path: a}\n    response: {status: 200}\n", ":2:5: "),
    ("interactions: [\n", ":"),
    ("interactions:\n  - request: {method: GET, path: /a}\n    response: {status: 200}\n    mock: {fault: boom}\n",
     ":2:5: "),
], ids=["status", "path", "yaml", "extension"])
def test_a_bad_source_is_one_line_with_file_and_position(tmp_path, text, where):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    result = run_cli("mock", str(bad), "--listen", "127.0.0.1:0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "bad.yaml" + where in lines[0], lines[0]


def test_a_missing_source_and_bad_options_exit_2(tmp_path):
    for args in ([str(tmp_path / "none")], [str(tmp_path), "--procs", "0"], [str(tmp_path), "--listen", "x"],
                 [str(tmp_path), "--fault-rate", "0.5"], [str(tmp_path), "--latency", "soon"]):
        result = run_cli("mock", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_on_miss_proxy_forwards_records_redacted_and_the_next_run_hits(contracts, tmp_path):
    from tests.replay.service import service

    recorded = tmp_path / "filled"
    secret = "Bearer very-secret-token-123456"
    with service("v1") as upstream:
        mock = start_mock(str(contracts), "--on-miss", "proxy", "--upstream", upstream, "--record-to", str(recorded))
        try:
            listed = httpx.get(mock.url + "/v1/orders", params={"page_size": "5"}, headers={"authorization": secret},
                               timeout=10)
            hit = httpx.get(mock.url + "/v1/products", timeout=10)
        finally:
            code, stderr = mock.stop()
    assert (listed.status_code, listed.headers["x-apilint-mock"]) == (200, "miss")
    assert listed.json()["orders"] == []  # the real service answered
    assert hit.headers["x-apilint-mock"] == "hit"
    assert code == 1, stderr  # a miss happened, even if it was filled
    files = list(recorded.rglob("*.jsonl*"))
    assert files and all("very-secret-token" not in f.read_text() for f in files)
    again = start_mock(str(contracts), str(recorded))
    try:
        replayed = httpx.get(again.url + "/v1/orders", params={"page_size": "5"}, headers={"authorization": secret},
                             timeout=10)
    finally:
        code, stderr = again.stop()
    assert (replayed.status_code, replayed.headers["x-apilint-mock"], replayed.json()["orders"]) == (200, "hit", [])
    assert code == 0, stderr


def test_on_miss_proxy_needs_an_upstream(contracts):
    result = run_cli("mock", str(contracts), "--on-miss", "proxy")
    assert result.returncode == 2 and "--upstream" in result.stderr


def test_a_taken_port_is_one_line_and_exit_2(contracts):
    mock = start_mock(str(contracts))
    try:
        result = run_cli("mock", str(contracts), "--listen", f"127.0.0.1:{mock.port}")
    finally:
        mock.stop()
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot listen" in result.stderr, result.stderr
