"""Real traffic for the traffic report's tests: the example orders service behind a real `apilint proxy`,
driven through a fixed session whose calls the tests count, and a spec with planted gaps."""

from __future__ import annotations

import copy
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.replay.service import SPEC_V1, service

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proxy"))
from harness import start_proxy

#: What the planted spec leaves out or gets wrong, as the report must list it (kind, subject).
PLANTED = {
    ("undocumented-endpoint", "GET /v1/orders/{order_id}"),
    ("undocumented-status", "POST /v1/orders"),
    ("undocumented-field", "note"),
    ("enum-value-undocumented", "status"),
    ("type-contradiction", "total_items"),
}


@dataclass
class _Upstream:
    url: str


def drive(base: str) -> Counter[tuple[str, int]]:
    """The session, sent to ``base``: (operation, status) -> calls."""
    sent: Counter[tuple[str, int]] = Counter()
    auth = {"authorization": "Bearer secret-token-never-written"}
    with httpx.Client(base_url=base, timeout=20) as client:
        def call(method: str, path: str, operation: str, **kwargs: Any) -> httpx.Response:
            response = client.request(method, path, headers=auth, **kwargs)
            sent[(operation, response.status_code)] += 1
            return response

        first = call("POST", "/v1/orders", "POST /v1/orders",
                     json={"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}], "note": "gift"}).json()
        second = call("POST", "/v1/orders", "POST /v1/orders",
                      json={"customer_id": "c-2", "items": [{"product_id": "p-9", "quantity": 1}]}).json()
        call("POST", "/v1/orders", "POST /v1/orders", json={"customer_id": "", "items": []})
        call("GET", f"/v1/orders/{first['order_id']}", "GET /v1/orders/{order_id}")
        call("GET", "/v1/orders/no-such-order", "GET /v1/orders/{order_id}")
        for order, status in ((first, "PAID"), (second, "SHIPPED"), (first, "CANCELLED"), (second, "PENDING")):
            call("PATCH", f"/v1/orders/{order['order_id']}", "PATCH /v1/orders/{order_id}", json={"status": status})
        page = call("GET", "/v1/orders", "GET /v1/orders", params={"page_size": "1"}).json()
        call("GET", "/v1/orders", "GET /v1/orders", params={"page_size": "1", "page_token": page["next_page_token"]})
    return sent


def record(folder: Path) -> Counter[tuple[str, int]]:
    """The session through `apilint proxy --spec` in front of the v1 service; the proxy stopped (segments
    closed) before it returns."""
    with service("v1") as url:
        proxy = start_proxy(_Upstream(url), str(folder), "--spec", str(SPEC_V1))  # type: ignore[arg-type]
        try:
            sent = drive(proxy.url)
        finally:
            code, stderr = proxy.stop()
        assert code == 0, stderr
    return sent


def spec_v1() -> dict[str, Any]:
    return yaml.safe_load(SPEC_V1.read_text())


def planted_spec() -> dict[str, Any]:
    """The v1 spec with the gaps in ``PLANTED``."""
    spec = copy.deepcopy(spec_v1())
    del spec["paths"]["/v1/orders/{order_id}"]["get"]
    del spec["paths"]["/v1/orders"]["post"]["responses"]["400"]
    order = spec["components"]["schemas"]["Order"]["properties"]
    del order["note"]
    order["status"]["enum"].remove("CANCELLED")
    order["total_items"] = {"type": "string"}
    return spec


def write_spec(spec: dict[str, Any], path: Path) -> str:
    path.write_text(json.dumps(spec, indent=2))
    return str(path)


def no_secret(text: str) -> None:
    assert "secret-token-never-written" not in text
    assert "Bearer " not in text or "<redacted" in text


ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
