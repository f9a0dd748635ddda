"""A consumer's test of the orders API: what a client team runs against ``apilint mock`` (docs/mock.md).

    ORDERS_URL=http://127.0.0.1:4010 pytest examples/service/consumer_test.py
"""

from __future__ import annotations

import os

import httpx

BASE_URL = os.environ.get("ORDERS_URL", "http://127.0.0.1:4010")
AUTH = {"authorization": "Bearer consumer-test-token"}


def test_create_an_order_then_read_it_back() -> None:
    with httpx.Client(base_url=BASE_URL, timeout=10) as client:
        created = client.post("/v1/orders", headers=AUTH,
                              json={"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]})
        assert created.status_code == 201, created.text
        order_id = created.json()["order_id"]
        read = client.get(f"/v1/orders/{order_id}", headers=AUTH)
        assert read.status_code == 200, read.text
        assert read.json()["order_id"] == order_id
        assert read.json()["status"] == "PENDING"


def test_an_unknown_order_is_not_found() -> None:
    with httpx.Client(base_url=BASE_URL, timeout=10) as client:
        missing = client.get("/v1/orders/no-such-order")
        assert missing.status_code == 404, missing.text
        assert missing.json()["error"]["code"] == "NOT_FOUND"
