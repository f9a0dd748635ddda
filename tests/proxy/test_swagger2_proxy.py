"""The real `apilint proxy` validates traffic against a Swagger 2.0 spec (converted in memory) and
says where in the 2.0 file each broken rule is written."""

from __future__ import annotations

import time

import httpx
import pytest
from harness import start_proxy

from apilint.recording.reader import read_recordings
from tests.swagger2.specs import ORDERS_V2

GOOD_ORDER = {"customer": {}, "items": [{"product_id": "p1", "quantity": 2}]}
BAD_ORDER = {"customer": {}, "items": [{"product_id": "p1", "quantity": 0}]}
EXCHANGES = [
    {"method": "GET", "url": "/v1/orders/7"},
    {"method": "GET", "url": "/v1/orders", "params": {"page_size": "3"}},  # next_page_token: null (x-nullable)
    {"method": "POST", "url": "/v1/orders", "json": GOOD_ORDER},
    {"method": "POST", "url": "/v1/orders", "json": BAD_ORDER},  # in: body
    {"method": "GET", "url": "/v1/orders", "params": {"page_size": "99"}},  # a #/parameters/ ref
    {"method": "GET", "url": "/v1/orders/abc"},  # a path-level parameter
    {"method": "POST", "url": "/v1/login", "data": {"username": "alice"}, "auth": ("alice", "pw")},  # formData
    {"method": "POST", "url": "/v1/login", "data": {"username": "alice", "password": "pw"}},  # no basic auth
    {"method": "POST", "url": "/v1/orders/7/attachments", "files": {"file": ("a.txt", b"hi")}},  # 404: undocumented
]


@pytest.fixture(scope="module")
def spec_v2(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("spec") / "orders-v2.yaml"
    path.write_text(ORDERS_V2)
    return str(path)


def send(base: str, exchange: dict) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=10) as client:
        return client.request(**exchange)


@pytest.fixture(scope="module")
def records(upstream, spec_v2, tmp_path_factory) -> list[dict]:
    out = str(tmp_path_factory.mktemp("rec") / "live")
    proxy = start_proxy(upstream, out, "--spec", spec_v2)
    try:
        for exchange in EXCHANGES:
            send(proxy.url, exchange)
        deadline = time.monotonic() + 10
        while f"apilint_proxy_written_total {len(EXCHANGES)}\n" not in httpx.get(
                f"http://127.0.0.1:{proxy.metrics_port}/metrics", timeout=5).text and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        code, stderr = proxy.stop()
    assert code == 0, stderr
    return list(read_recordings(out))


def test_valid_traffic_has_no_violations_and_names_its_operation(records):
    assert records[0]["operation"] == "GET /v1/orders/{order_id}"
    assert [r["violations"] for r in records[:3]] == [[], [], []]


def _pointers(record: dict) -> dict[str, str]:
    return {v["field"]: v["spec_pointer"] for v in record["violations"]}


def test_violations_point_into_the_2_0_file(records):
    assert {"side": "request", "kind": "schema", "field": "body.items.0.quantity", "message": "minimum 1",
            "spec_pointer": "/paths/~1orders/post/parameters/0"} in records[3]["violations"]
    assert _pointers(records[4]) == {"query.page_size": "/paths/~1orders/get/parameters/0"}
    assert _pointers(records[5]) == {"path.order_id": "/paths/~1orders~1{order_id}/parameters/0"}
    assert _pointers(records[6]) == {"body.password": "/paths/~1login/post/parameters/1"}
    assert _pointers(records[7]) == {None: "/paths/~1login/post/security"}
    undocumented = [v for v in records[8]["violations"] if v["kind"] == "undocumented_status"]
    assert undocumented[0]["spec_pointer"] == "/paths/~1orders~1{order_id}~1attachments/post/responses"


def test_enforce_rejects_an_invalid_request_against_a_2_0_spec(upstream, spec_v2, tmp_path):
    proxy = start_proxy(upstream, str(tmp_path / "rec"), "--spec", spec_v2, "--enforce")
    try:
        before = len(httpx.get(f"{upstream.url}/_seen").json())
        rejected = send(proxy.url, {"method": "POST", "url": "/v1/orders", "json": BAD_ORDER})
        accepted = send(proxy.url, {"method": "POST", "url": "/v1/orders", "json": GOOD_ORDER})
        seen = httpx.get(f"{upstream.url}/_seen").json()[before:]
    finally:
        code, stderr = proxy.stop()
    assert code == 0, stderr
    assert rejected.status_code == 400 and rejected.headers["content-type"] == "application/problem+json"
    assert {"field": "body.items.0.quantity", "kind": "schema", "message": "minimum 1",
            "spec_pointer": "/paths/~1orders/post/parameters/0"} in rejected.json()["errors"]
    assert accepted.status_code == 201
    assert seen == ["POST /v1/orders"]  # only the valid request reached the service
