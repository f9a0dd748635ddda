"""--enforce fails closed on what it cannot judge (issue 16); recording stays fail-open."""

from __future__ import annotations

import httpx
from harness import SPEC, start_proxy


def test_a_body_the_validator_cannot_judge_is_rejected_and_counted(upstream, tmp_path):
    proxy = start_proxy(upstream, str(tmp_path / "rec"), "--spec", SPEC, "--enforce")
    try:
        before = len(httpx.get(f"{upstream.url}/_seen").json())
        with httpx.Client(base_url=proxy.url, timeout=30) as client:
            deep = client.post("/v1/orders", content=b"[" * 100_000, headers={"content-type": "application/json"})
            health = client.get("/v1/health")
        seen = httpx.get(f"{upstream.url}/_seen").json()[before:]
        metrics = httpx.get(f"http://127.0.0.1:{proxy.metrics_port}/metrics", timeout=5).text
    finally:
        code, stderr = proxy.stop()
    assert deep.status_code == 400, deep.text
    assert deep.headers["content-type"] == "application/problem+json"
    assert deep.json()["errors"][0]["kind"] == "unvalidatable"
    assert health.status_code == 200
    assert seen == ["GET /v1/health"]  # the unjudged request never reached the service
    assert 'apilint_proxy_rejected_total{operation="POST /v1/orders"} 1' in metrics
    assert code == 0, stderr
