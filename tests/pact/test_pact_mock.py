"""`apilint mock pacts/` serves pact interactions to a consumer, matching requests with Pact's rules."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.mock.harness import start_mock
from tests.pact.pacts import v3_pact, v4_pact, write

UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _get_order_pact() -> dict:
    """A V2 pact (flat ``$.path`` / ``$.body`` rules) as older pact-js wrote it."""
    return {
        "consumer": {"name": "shop-legacy"}, "provider": {"name": "orders"},
        "interactions": [{
            "description": "read an order", "providerState": "an order exists",
            "request": {"method": "GET", "path": "/v1/orders/0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11",
                        "query": "view=full",
                        "matchingRules": {"$.path": {"match": "regex", "regex": "/v1/orders/" + UUID_RE}}},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                         "body": {"order_id": "0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11", "status": "PENDING"}}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}}


def _typed_v3() -> dict:
    pact = v3_pact()
    pact["interactions"][0]["request"]["matchingRules"] = {"body": {
        "$.customer_id": {"matchers": [{"match": "type"}]},
        "$.items": {"matchers": [{"match": "type", "min": 1}]}}}
    return pact


def test_mock_serves_pacts_to_a_consumer(tmp_path: Path) -> None:
    folder = tmp_path / "pacts"
    write(folder, "web.json", _typed_v3())
    write(folder, "app.json", v4_pact())
    write(folder, "legacy.json", _get_order_pact())
    mock = start_mock(str(folder))
    try:
        with httpx.Client(base_url=mock.url, timeout=5) as client:
            order = {"customer_id": "c-77", "items": [{"product_id": "p-1", "quantity": 2},
                                                      {"product_id": "p-1", "quantity": 2}]}
            created = client.post("/v1/orders", json=order)
            assert (created.status_code, created.headers["x-apilint-mock"]) == (201, "hit"), created.text
            assert created.json()["status"] == "PENDING"
            got = client.get("/v1/orders/11111111-2222-3333-4444-555555555555", params={"view": "full"})
            assert (got.status_code, got.headers["x-apilint-mock"]) == (200, "hit"), got.text
            # request bodies allow no unexpected key; a path outside the regex and a query it lacks are misses
            extra = client.post("/v1/orders", json={**order, "coupon": "X"})
            assert extra.headers["x-apilint-mock"] != "hit"
            assert client.get("/v1/orders/not-a-uuid", params={"view": "full"}).headers["x-apilint-mock"] != "hit"
            assert client.get("/v1/orders/11111111-2222-3333-4444-555555555555").headers["x-apilint-mock"] != "hit"
    finally:
        mock.stop()


def test_response_generators_answer_fresh_values(tmp_path: Path) -> None:
    pact = v4_pact()
    pact["interactions"][0]["response"]["generators"] = {"body": {"$.order_id": {"type": "Uuid"}}}
    mock = start_mock(str(write(tmp_path, "app.json", pact)))
    try:
        with httpx.Client(base_url=mock.url, timeout=5) as client:
            order = {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}
            first, second = (client.post("/v1/orders", json=order).json() for _ in range(2))
        assert first["order_id"] != second["order_id"] and len(first["order_id"]) == 36
        assert first["status"] == "PENDING"
    finally:
        mock.stop()
