"""The real `apilint proxy` process in front of a real service: transparency, recording, privacy."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import httpx
import pytest
from harness import SPEC, start_proxy, written_files

from apilint.recording.reader import read_recordings

SECRETS = {
    "authorization": "Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "x-api-key": "key-ABCDEF1234567890",
    "cookie_value": "sess-9f8e7d6c5b4a",
    "query_api_key": "QUERYSECRET12345",
    "query_token": "tok-abcdef-777",
    "password": "hunter2-Horse-Battery",
    "card": "4111 1111 1111 1111",
    "card_digits": "4111111111111111",
    "memo_card": "5555555555554444",
    "ssn": "123-45-6789",
    "email": "alice.smith@corp.example",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123_signature",
    "form_password": "FormPass-999",
    "login_token_sig": "c2lnbmF0dXJlLXNlY3JldA",  # the upstream's JWT signature, in a response
    "buyer_email": "buyer7@example.com",  # PII in a response body
    "nickname": "Zorro-the-unique",  # redacted only because of --redact nickname
    "tenant": "tenant-secret-42",  # header redacted only because of --redact x-tenant
}

ORDER = {
    "customer": {
        "name": "Alice",
        "email": SECRETS["email"],
        "card_number": SECRETS["card"],
        "password": SECRETS["password"],
        "notes": f"ssn {SECRETS['ssn']}, memo {SECRETS['memo_card']}",
        "jwt_copy": SECRETS["jwt"],
        "nickname": SECRETS["nickname"],
    },
    "items": [{"product_id": "p1", "quantity": 2}],
}


def exchanges() -> list[dict]:
    """Requests that go both directly to the service and through the proxy."""
    auth = {
        "authorization": SECRETS["authorization"],
        "x-api-key": SECRETS["x-api-key"],
        "cookie": f"session={SECRETS['cookie_value']}; theme=dark",
        "x-tenant": SECRETS["tenant"],
    }
    return [
        {"method": "GET", "url": "/v1/orders/7", "headers": auth},
        {"method": "GET", "url": "/v1/orders/8", "headers": auth},
        {
            "method": "GET",
            "url": "/v1/orders",
            "params": {
                "page_size": "3",
                "api_key": SECRETS["query_api_key"],
                "token": SECRETS["query_token"],
            },
        },
        {"method": "POST", "url": "/v1/orders", "json": ORDER, "headers": auth},
        {
            "method": "POST",
            "url": "/v1/orders",
            "json": {**ORDER, "items": [{"product_id": "p2", "quantity": 0}]},
        },
        {
            "method": "POST",
            "url": "/v1/login",
            "content": f"username=alice&password={SECRETS['form_password']}",
            "headers": {"content-type": "application/x-www-form-urlencoded"},
        },
        {"method": "GET", "url": "/v1/health"},
        {"method": "GET", "url": "/v1/nowhere"},
    ]


def mitmdump_path() -> str | None:
    """The mitmdump of this interpreter's environment (a venv need not be activated), else PATH's."""
    beside = os.path.join(os.path.dirname(sys.executable), "mitmdump")
    return beside if os.access(beside, os.X_OK) else shutil.which("mitmdump")


def send(base: str, spec: dict) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=10) as client:
        return client.request(**spec)


@pytest.fixture(scope="module")
def recorded(upstream, tmp_path_factory):
    """One proxy run (with --spec, no --enforce): every exchange direct and through the proxy."""
    out = str(tmp_path_factory.mktemp("rec") / "live")
    proxy = start_proxy(upstream, out, "--spec", SPEC, "--redact", "nickname", "--redact", "x-tenant")
    pairs = [(send(upstream.url, ex), send(proxy.url, ex)) for ex in exchanges()]
    # Writer processes run at idle priority and report their counters every 0.5 s: on a loaded machine
    # they get to the 8 exchanges late. Wait for that (the deadline only bounds a broken writer).
    deadline = time.monotonic() + 180
    while "apilint_proxy_written_total 8\n" not in (
        metrics := httpx.get(f"http://127.0.0.1:{proxy.metrics_port}/metrics", timeout=5).text
    ):
        if time.monotonic() > deadline:
            break  # the tests below then fail naming what is missing
        time.sleep(0.1)
    code, stderr = proxy.stop()
    return {"out": out, "pairs": pairs, "metrics": metrics, "code": code, "stderr": stderr}


def test_responses_through_the_proxy_equal_the_services_own(recorded):
    for direct, proxied in recorded["pairs"]:
        assert proxied.status_code == direct.status_code
        assert proxied.content == direct.content
        assert proxied.headers["content-type"] == direct.headers["content-type"]
        assert proxied.headers["x-service"] == "upstream"


def test_every_exchange_is_recorded_and_the_proxy_stops_cleanly(recorded):
    assert recorded["code"] == 0, recorded["stderr"]
    reader = read_recordings(recorded["out"])
    records = list(reader)
    assert reader.skipped == 0
    assert [(r["request"]["method"], r["request"]["path"], r["response"]["status"]) for r in records] == [
        (ex["method"], ex["url"], d.status_code) for ex, (d, _) in zip(exchanges(), recorded["pairs"], strict=True)
    ]
    assert all(f.endswith(".jsonl") for f in written_files(recorded["out"]))  # closed and renamed
    assert records[0]["operation"] == "GET /v1/orders/{order_id}"
    assert records[-1]["operation"] is None


def test_no_secret_or_pii_reaches_any_written_file(recorded):
    files = written_files(recorded["out"])
    assert files
    blob = b"".join(Path(f).read_bytes() for f in files)
    for name, raw in SECRETS.items():
        assert raw.encode() not in blob, f"{name} leaked to disk"
    assert SECRETS["password"] not in recorded["stderr"] and SECRETS["email"] not in recorded["stderr"]


def test_redaction_keeps_the_shape(recorded):
    records = {
        (r["request"]["method"], r["request"]["path"], i): r for i, r in enumerate(read_recordings(recorded["out"]))
    }
    post = records[("POST", "/v1/orders", 3)]
    customer = post["request"]["body"]["customer"]
    assert customer["email"] == "<redacted:email>"
    assert customer["card_number"] == "<redacted:card>"
    assert customer["password"] == "<redacted:secret>"
    assert customer["notes"] == "ssn <redacted:ssn>, memo <redacted:card>"
    assert customer["jwt_copy"] == "<redacted:jwt>"
    assert customer["nickname"] == "<redacted:secret>"
    assert customer["name"] == "Alice" and post["request"]["body"]["items"] == [{"product_id": "p1", "quantity": 2}]
    headers = dict(post["request"]["headers"])
    assert headers["authorization"] == "Bearer <redacted:token>"
    assert headers["cookie"] == "session=<redacted:secret>; theme=<redacted:secret>"
    assert "request.body.customer.email" in post["redacted"]
    listing = records[("GET", "/v1/orders", 2)]
    assert dict(listing["request"]["query"]) == {
        "page_size": "3",
        "api_key": "<redacted:secret>",
        "token": "<redacted:secret>",
    }
    login = records[("POST", "/v1/login", 5)]
    assert login["request"]["body_text"] == "username=alice&password=%3Credacted%3Asecret%3E"
    assert login["response"]["body"]["access_token"] == "<redacted:jwt>"


def test_violations_are_recorded_and_counted(recorded):
    records = list(read_recordings(recorded["out"]))
    bad = records[4]
    assert {
        "side": "request",
        "kind": "schema",
        "field": "body.items.0.quantity",
        "message": "minimum 1",
    } in bad["violations"]
    assert records[3]["violations"] == []
    assert any(v["kind"] == "unknown_operation" for v in records[7]["violations"])
    metrics = recorded["metrics"]
    assert 'apilint_proxy_violations_total{kind="schema",operation="POST /v1/orders",side="request"} 1' in metrics
    assert "apilint_proxy_captured_total 8" in metrics


def test_enforce_rejects_invalid_requests_before_the_service(upstream, tmp_path):
    proxy = start_proxy(upstream, str(tmp_path / "rec"), "--spec", SPEC, "--enforce")
    try:
        before = len(httpx.get(f"{upstream.url}/_seen").json())
        bad = {
            "method": "POST",
            "url": "/v1/orders",
            "json": {"customer": {}, "items": [{"product_id": "p9", "quantity": -1}]},
        }
        rejected = send(proxy.url, bad)
        good = {
            "method": "POST",
            "url": "/v1/orders",
            "json": {"customer": {}, "items": [{"product_id": "p9", "quantity": 1}]},
        }
        accepted, direct = send(proxy.url, good), send(upstream.url, good)
        bad_param = send(proxy.url, {"method": "GET", "url": "/v1/orders/abc"})
        seen = httpx.get(f"{upstream.url}/_seen").json()[before:]
    finally:
        code, stderr = proxy.stop()
    assert rejected.status_code == 400
    assert rejected.headers["content-type"] == "application/problem+json"
    problem = rejected.json()
    assert problem["status"] == 400
    assert {"field": "body.items.0.quantity", "kind": "schema", "message": "minimum 1"} in problem["errors"]
    assert bad_param.status_code == 400 and bad_param.json()["errors"][0]["field"] == "path.order_id"
    assert accepted.status_code == 201 and accepted.content == direct.content
    assert seen == ["POST /v1/orders", "POST /v1/orders"]  # the good one through the proxy, and directly
    assert code == 0, stderr


def test_metrics_are_prometheus_text(recorded):
    lines = recorded["metrics"].splitlines()
    assert "# TYPE apilint_proxy_captured_total counter" in lines
    assert "# TYPE apilint_proxy_queue_depth gauge" in lines
    for line in lines:
        assert line.startswith("#") or (len(line.rsplit(" ", 1)) == 2 and float(line.rsplit(" ", 1)[1]) >= 0)


def test_recordings_build_into_contracts(recorded, tmp_path):
    from apilint.cli import main

    out = tmp_path / "contracts"
    assert main(["contracts", "build", recorded["out"], "--out", str(out), "--spec", SPEC]) == 0
    import yaml

    doc = yaml.safe_load((out / "GET_v1_orders_order_id.yaml").read_text())
    assert doc["contract"]["operation"] == "GET /v1/orders/{order_id}"
    (interaction,) = doc["interactions"]
    body = interaction["response"]["body"]
    assert body["created_at"] == "{{iso_timestamp}}" and body["customer_email"] == "{{email}}"
    assert body["order_id"] == "{{non_empty_string}}" and body["status"] == "PENDING"
    assert interaction["request"]["headers"]["authorization"] == "{{redacted}}"
    post = yaml.safe_load((out / "POST_v1_orders.yaml").read_text())
    assert post["interactions"][0]["response"]["body"]["order_id"] == "{{uuid}}"
    blob = b"".join(p.read_bytes() for p in out.iterdir())
    for raw in SECRETS.values():
        assert raw.encode() not in blob
    assert json.dumps(doc)  # plain data


def test_the_addon_runs_in_a_plain_mitmdump(upstream, tmp_path):
    import subprocess

    from harness import ROOT, env, free_port, wait_port

    mitmdump = mitmdump_path()
    assert mitmdump, "mitmproxy is a test dependency"
    port, out = free_port(), tmp_path / "rec"
    proc = subprocess.Popen(
        [
            mitmdump,
            "-q",
            "--mode",
            f"reverse:{upstream.url}",
            "--listen-host",
            "127.0.0.1",
            "--listen-port",
            str(port),
            "-s",
            os.path.join(ROOT, "proxy", "apilint_addon.py"),
            "--set",
            f"apilint_out={out}",
            "--set",
            f"apilint_spec={SPEC}",
        ],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_port(port, proc)
        direct = send(upstream.url, exchanges()[0])
        proxied = send(f"http://127.0.0.1:{port}", exchanges()[0])
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proxied.content == direct.content, err
    (record,) = list(read_recordings(str(out)))
    assert record["operation"] == "GET /v1/orders/{order_id}"
    assert dict(record["request"]["headers"])["authorization"] == "Bearer <redacted:token>"


def test_a_plain_mitmdump_with_a_wrong_spec_stops_at_startup(tmp_path):
    """The spec is checked at startup even when only the writers validate, not found missing later."""
    import subprocess

    from harness import ROOT, env, free_port

    swagger = tmp_path / "swagger.yaml"  # neither OpenAPI 3.x nor Swagger 2.0 (2.0 is converted)
    swagger.write_text('swagger: "1.2"\ninfo: {title: t, version: "1"}\npaths: {}\n')
    for spec, reason in ((tmp_path / "missing.yaml", "no such file"), (swagger, "needs an OpenAPI 3.x or Swagger 2.0")):
        done = subprocess.run(
            [mitmdump_path(), "-q", "--mode", "reverse:http://127.0.0.1:9", "--listen-host", "127.0.0.1",
             "--listen-port", str(free_port()), "-s", os.path.join(ROOT, "proxy", "apilint_addon.py"),
             "--set", f"apilint_out={tmp_path / 'rec'}", "--set", f"apilint_spec={spec}"],
            env=env(), capture_output=True, text=True, timeout=60,
        )
        assert done.returncode != 0
        (line,) = [x for x in (done.stdout + done.stderr).splitlines() if x.startswith("mitmproxy.exceptions.OptionsError: ")]
        assert spec.name in line and reason in line
