"""`apilint fuzz` on a Swagger 2.0 spec checks its operations (it used to check nothing and exit 0)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.proxy.harness import start_upstream
from tests.swagger2.specs import ORDERS_V2

pytestmark = pytest.mark.slow


def test_fuzz_checks_every_operation_of_a_2_0_spec(tmp_path):
    spec = tmp_path / "orders-v2.yaml"
    spec.write_text(ORDERS_V2)
    upstream = start_upstream()
    try:  # basePath /v1 is part of the target, as a 3.x server path is
        proc = run_cli("fuzz", str(spec), "--target", f"{upstream.url}/v1", "--max-examples", "5", "--seed", "1",
                       "--format", "json")
    finally:
        upstream.stop()
    data = json.loads(proc.stdout)
    outcomes = {(r["method"] + " " + r["path"], r["name"]): r["outcome"] for r in data["results"]}
    assert {op for op, _ in outcomes} >= {"GET /orders", "POST /orders", "GET /orders/{order_id}", "POST /login",
                                          "POST /orders/{order_id}/attachments"}
    assert data["summary"]["pass"] > 20
    # the responses are checked against the converted schemas: next_page_token is null, declared x-nullable
    assert outcomes[("GET /orders", "response_schema_conformance")] == "pass"
    assert outcomes[("GET /orders/{order_id}", "response_schema_conformance")] == "pass"
    # the service accepts whatever it is sent: negative cases generated from the 2.0 constraints show it
    assert "breaking" in {o for (_, name), o in outcomes.items() if name == "apilint_invalid_input_rejected"}
    assert proc.returncode == 1
