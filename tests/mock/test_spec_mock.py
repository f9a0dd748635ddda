"""The real `apilint mock` process with `--spec`: the spec alone, the spec in front of contracts
(requests validated, stale contracts reported at startup), and `--on-miss spec`."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from apilint.mock.spec_side import SpecSide
from tests.conftest import run_cli
from tests.mock.contracts import write_contracts
from tests.mock.harness import start_mock
from tests.replay.service import ROOT

SPEC = str(ROOT / "examples/service/openapi.yaml")
AUTH = {"authorization": "Bearer t"}
GOOD = {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}
BAD = {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 0}]}


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    return write_contracts(tmp_path, "POST_v1_orders.yaml", "GET_v1_orders_order_id.yaml", "GET_v1_products.yaml")


def test_spec_alone_answers_what_it_allows_and_refuses_the_rest() -> None:
    mock = start_mock("--spec", SPEC)
    try:
        with httpx.Client(base_url=mock.url, timeout=10) as client:
            got = client.get("/v1/orders/o-1")
            assert got.status_code == 200 and got.headers["x-apilint-mock"] == "hit"
            spec = SpecSide(SPEC)
            assert spec.answer_violations("GET", "/v1/orders/o-1", spec.answer("GET", "/v1/orders/o-1", "", {},
                                                                                   b"")) == []
            assert got.content == spec.answer("GET", "/v1/orders/o-1", "", {}, b"").body
            created = client.post("/v1/orders", json=GOOD)
            assert created.status_code == 201 and created.json()["status"] == "PENDING"
            refused = client.post("/v1/orders", json=BAD)
            assert refused.status_code == 400 and refused.headers["x-apilint-mock"] == "miss"
            assert refused.headers["content-type"] == "application/problem+json"
            assert [(e["field"], e["message"]) for e in refused.json()["errors"]] == [
                ("body.items.0.quantity", "must be >= 1")]
            unknown = client.get("/v1/nothing")
            assert unknown.status_code == 404 and unknown.json()["errors"][0]["kind"] == "unknown_operation"
            journal = client.get("/__apilint/journal").json()
        assert [m["refused_by_spec"] for m in journal["misses"]] == [
            ["body.items[0].quantity: must be >= 1"],
            ["request: no operation in the spec matches this method and path"]]
    finally:
        code, err = mock.stop()
    assert "the spec" in err and code == 1  # the refused requests were misses


def test_spec_alone_with_only_valid_requests_exits_zero() -> None:
    mock = start_mock("--spec", SPEC)
    with httpx.Client(base_url=mock.url, timeout=10) as client:
        assert client.get("/v1/orders", params={"page_size": 2}).status_code == 200
    code, _ = mock.stop()
    assert code == 0


def test_spec_alone_takes_latency_and_faults() -> None:
    mock = start_mock("--spec", SPEC, "--fault", "500")
    try:
        with httpx.Client(base_url=mock.url, timeout=10) as client:
            assert client.get("/v1/orders/o-1").status_code == 500
    finally:
        mock.stop()


def test_spec_in_front_of_contracts(contracts: Path) -> None:
    mock = start_mock(str(contracts), "--spec", SPEC)
    try:
        with httpx.Client(base_url=mock.url, timeout=10, headers=AUTH) as client:
            hit = client.post("/v1/orders", json={**GOOD, "customer_id": "c-1"})
            assert hit.status_code == 201 and hit.headers["x-apilint-mock"] == "hit"
            # the spec refuses it, no interaction recorded it as an error: the spec's 400 names the field
            refused = client.post("/v1/orders", json=BAD)
            assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["errors"][0]["field"] == "body.items.0.quantity"
            # the spec refuses it, and the recordings hold the real service's own answer: that one is served
            recorded = client.post("/v1/orders", json={"customer_id": "", "items": []})
            assert recorded.status_code == 400 and recorded.headers["x-apilint-mock"] == "hit"
            assert recorded.json()["error"]["code"] == "INVALID_ARGUMENT"
            # an operation the spec lacks (reported stale at startup) is still served from its contract
            product = client.get("/v1/products/p-1", params={"view": "full"})
            assert product.status_code == 200 and product.json()["name"] == "Tea"
    finally:
        code, err = mock.stop()
    stale = [line[line.index("contracts/") + 10:] for line in err.splitlines()
             if line.startswith("apilint mock: stale: ")]
    assert sorted(stale) == sorted([
        "GET_v1_orders_order_id.yaml:4 GET /v1/orders/{order_id} 200: body.customer_id: is required; "
        "body.items: is required; body.total_items: is required; body.created_at: is required; "
        "body.updated_at: is required",
        "GET_v1_orders_order_id.yaml:15 GET /v1/orders/{order_id} 404: body.error.message: is required; "
        "body.error.request_id: is required",
        "GET_v1_products.yaml:4 GET /v1/products/p-1 200: no operation in the spec matches this method and path",
        "GET_v1_products.yaml:18 GET /v1/products 200: no operation in the spec matches this method and path",
        "POST_v1_orders.yaml:4 POST /v1/orders 201: body.items: is required; body.total_items: is required; "
        "body.updated_at: is required",
        "POST_v1_orders.yaml:27 POST /v1/orders 400: body.error.message: is required; "
        "body.error.request_id: is required",
    ]), err
    assert f"6 contract response(s) {SPEC} does not allow; served as recorded" in err
    assert code == 1


def test_contracts_matching_the_spec_report_nothing_stale(tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    body = {"order_id": "{{uuid}}", "customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}],
            "status": "PENDING", "total_items": 2, "created_at": "{{iso_timestamp}}", "updated_at": "{{iso_timestamp}}"}
    contract = {"interactions": [{"name": "get", "request": {"method": "GET", "path": "/v1/orders/o-1"},
                                  "response": {"status": 200, "headers": {"content-type": "application/json"},
                                               "body": body}}]}
    (folder / "GET_v1_orders.yaml").write_text(json.dumps(contract))
    mock = start_mock(str(folder), "--spec", SPEC)
    code, err = mock.stop()
    assert "stale" not in err and "listening at" in err and code == 0


def test_on_miss_spec_answers_from_the_spec(contracts: Path) -> None:
    mock = start_mock(str(contracts), "--spec", SPEC, "--on-miss", "spec")
    try:
        with httpx.Client(base_url=mock.url, timeout=10, headers=AUTH) as client:
            missed = client.get("/v1/orders", params={"page_size": 3})  # no contract lists orders
            assert missed.status_code == 200 and missed.headers["x-apilint-mock"] == "miss"
            assert missed.json()["orders"][0]["order_id"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
            hit = client.get("/v1/orders/no-such-order")
            assert hit.status_code == 404 and hit.headers["x-apilint-mock"] == "hit"
            nowhere = client.get("/v2/nowhere")  # neither a contract nor the spec: the usual miss
            assert nowhere.status_code == 598
            journal = client.get("/__apilint/journal").json()
        assert journal["summary"]["misses"] == 2
    finally:
        mock.stop()


def test_bad_spec_options_exit_2_in_one_line(tmp_path: Path, contracts: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\npaths: [\n")
    for args, message in [
        (["--spec", str(bad)], "bad.yaml:3:1: invalid YAML"),
        ([str(contracts), "--on-miss", "spec"], "--on-miss spec needs --spec SPEC"),
        ([], "give a SOURCE (contracts or recordings) or --spec SPEC"),
    ]:
        done = run_cli("mock", *args, "--listen", "127.0.0.1:0")
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr, done.stderr
