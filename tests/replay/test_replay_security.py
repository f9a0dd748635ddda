"""Replay against real servers with hostile contracts and recordings (docs/security.md, issues 15 and 16)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest

from apilint.target import UnsafePath, parse_target
from tests.conftest import run_cli
from tests.replay.listeners import endless_body_server, gzip_bomb_server, recording_listener, run_measured
from tests.replay.service import free_port, record_session, service

pytestmark = pytest.mark.slow

SECRET = "ci-secret-never-elsewhere"

HOSTILE = """\
interactions:
  - name: harmless
    request: {{method: GET, path: /v1/orders}}
    response: {{status: 200}}
  - name: steal
    request: {{method: GET, path: "{path}"}}
    response: {{status: 200}}
"""


def one_line_exit_2(proc) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


@pytest.fixture(scope="module")
def v1():
    with service("v1") as url:
        yield url


@pytest.mark.parametrize("shape", ["@127.0.0.2:{port}/steal", ":{port}/steal", "@127.0.0.2:{port}",
                                   "//127.0.0.2:{port}/steal", "/x?@127.0.0.2:{port}/", "/x#@127.0.0.2:{port}/",
                                   "/x\\@127.0.0.2:{port}/", "/x\r\nHost: 127.0.0.2:{port}"])
def test_a_contract_path_never_moves_the_request_to_another_host(shape, v1, tmp_path):
    with recording_listener("127.0.0.2") as (port, arrived):
        path = shape.format(port=port)
        (tmp_path / "evil.yaml").write_text(HOSTILE.format(path=json.dumps(path)[1:-1]))
        target = v1.replace("http://", "http://user:basic-pw@")
        proc = run_cli("replay", str(tmp_path), "--target", target, "--header", f"Authorization: Bearer {SECRET}",
                       "--format", "json")
        time.sleep(0.2)
    assert arrived == []
    if shape.startswith("//"):  # a path that merely starts with two slashes stays on the target
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr and SECRET not in proc.stdout
        return
    err = one_line_exit_2(proc)
    assert "evil.yaml:" in err and "'steal'" in err and "refused" in err


def test_a_recorded_path_that_names_another_host_is_skipped(v1, tmp_path):
    record_session(v1, tmp_path / "rec")
    segment = tmp_path / "rec" / "segment-0001.jsonl"
    with recording_listener("127.0.0.2") as (port, arrived):
        records = [json.loads(line) for line in segment.read_text().splitlines()]
        records[2]["request"]["path"] = f"@127.0.0.2:{port}/steal"
        segment.write_text("".join(json.dumps(r) + "\n" for r in records))
        proc = run_cli("replay", str(tmp_path / "rec"), "--target", v1, "--header", f"Authorization: Bearer {SECRET}",
                       "--format", "json")
        time.sleep(0.2)
    assert arrived == []
    data = json.loads(proc.stdout)
    assert len(data["results"]) == 8
    assert any("segment-0001.jsonl:3:" in s and "does not start with '/'" in s for s in data["skipped"])


def test_url_builder_takes_scheme_host_port_only_from_the_target():
    target = parse_target("https://u:p@api.example.com:8443/base/")
    assert target.url("/v1/orders", "a=1") == "https://api.example.com:8443/base/v1/orders?a=1"
    assert target.base == "https://api.example.com:8443/base"
    assert target.headers({}) == {"authorization": "Basic dTpw"}
    assert target.headers({"Authorization": "Bearer x"}) == {"Authorization": "Bearer x"}
    for bad in ("@evil.example.com/x", ":1/x", "v1/orders", "", "/a?b", "/a#b", "/a\\b", "/a b", "/a\x00"):
        with pytest.raises(UnsafePath):
            target.url(bad)
    assert httpx.URL(target.url("//evil.example.com/x")).host == "api.example.com"


def test_basic_auth_in_the_target_goes_to_the_target_as_a_header(tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/x"))
    with recording_listener("127.0.0.1") as (port, arrived):
        run_cli("replay", str(tmp_path), "--target", f"http://user:pw@127.0.0.1:{port}", "--timeout", "5")
        time.sleep(0.2)
    requests = [a for a in arrived if a.startswith("GET ")]
    assert {r.split()[1] for r in requests} == {"/v1/orders", "/x"}
    assert all("\r\nauthorization: basic dxnlcjpwdw==\r\n" in r.lower() for r in requests)  # user:pw


def test_an_endless_response_body_fails_its_case_and_memory_stays_bounded(tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/endless"))
    with endless_body_server() as url:
        started = time.monotonic()
        proc, peak_mb = run_measured("replay", str(tmp_path), "--target", url, "--format", "json", "--timeout", "20")
        elapsed = time.monotonic() - started
    print(f"replay against an endless body: {elapsed:.1f}s, peak RSS {peak_mb:.0f} MB")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    differences = [d for r in data["results"] for d in r["differences"]]
    assert {d["kind"] for d in differences} == {"response_too_large"}
    assert all("16 MiB" in d["message"] for d in differences)
    assert peak_mb < 400 and elapsed < 20


def test_a_compressed_body_is_capped_after_decoding(tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/bomb"))
    with gzip_bomb_server() as url:
        proc, peak_mb = run_measured("replay", str(tmp_path), "--target", url, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert {d["kind"] for r in data["results"] for d in r["differences"]} == {"response_too_large"}
    assert peak_mb < 200  # decoded, the body is 256 MB


def test_an_unreachable_target_is_one_error_before_the_run(tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/x"))
    err = one_line_exit_2(run_cli("replay", str(tmp_path), "--target", f"http://127.0.0.1:{free_port()}"))
    assert "cannot connect" in err and "--target" in err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_timeout_must_be_a_positive_number(value, tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/x"))
    assert "--timeout" in one_line_exit_2(run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9",
                                                  f"--timeout={value}"))


@pytest.mark.parametrize("request_part, message", [
    ("query: [a, b]", "request.query must be a mapping"),
    ("query: {a: {b: 1}}", "request.query.a"),
    ("headers: [a]", "request.headers must be a mapping"),
    ("method: 'GET /x'", "not an HTTP method"),
])
def test_wrong_typed_contract_is_one_line_with_file_and_line(request_part, message, tmp_path):
    text = HOSTILE.format(path="/x").replace("path: \"/x\"}", f"path: /x, {request_part}}}")
    text = text.replace("method: GET, path: /x, method: 'GET /x'", "method: 'GET /x', path: /x")
    (tmp_path / "c.yaml").write_text(text)
    err = one_line_exit_2(run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9"))
    shown = (tmp_path / "c.yaml").as_posix()  # outside ROOT, where the CLI runs: named by its absolute path
    assert err.startswith(f"apilint: {shown}:5:") and message in err


def test_wrong_typed_captures_are_one_line(tmp_path):
    (tmp_path / "c.yaml").write_text(HOSTILE.format(path="/x") + "    captures: {id: request.body.id}\n")
    assert "c.yaml:5:" in one_line_exit_2(run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9"))


def _orders(url: str) -> list[dict]:
    return httpx.get(url + "/v1/orders", params={"page_size": 100}, timeout=10).json()["orders"]


def test_redacted_request_values_are_filled_not_sent_literally(tmp_path):
    with service("v1") as url:
        record_session(url, tmp_path / "rec")
        segment = tmp_path / "rec" / "segment-0001.jsonl"
        records = [json.loads(line) for line in segment.read_text().splitlines()]
        gift = records[1]  # the POST with a note
        gift["request"]["body"].update(customer_id="<redacted:email>", note="<redacted:secret>")
        records[0]["request"]["body"]["customer_id"] = "card <redacted:card>"
        records[0]["request"]["headers"] = [[k, "Bearer <redacted:token>" if k == "authorization" else v]
                                            for k, v in records[0]["request"]["headers"]]
        segment.write_text("".join(json.dumps(r) + "\n" for r in records))
    with service("v1") as url:
        proc = run_cli("replay", str(tmp_path / "rec"), "--target", url, "--format", "json",
                       "--data", "note=from --data")
        stored = _orders(url)
    data = json.loads(proc.stdout)
    assert ("warning", "credential_missing") in {(d["severity"], d["kind"]) for r in data["results"]
                                                 for d in r["differences"]}
    texts = json.dumps(stored)
    assert "redacted" not in texts
    gifts = [o for o in stored if o.get("note")]
    assert gifts and all(o["note"] == "from --data" for o in gifts)
    emails = {o["customer_id"] for o in gifts}
    assert len(emails) == 1 and emails.pop().endswith("@example.com")
    cards = [o["customer_id"] for o in stored if o["customer_id"].startswith("card ")]
    assert cards and all(_luhn(c.split()[1]) for c in cards)


def test_contract_redacted_values_take_their_shape_from_the_field_name(tmp_path):
    contract = """\
interactions:
  - name: create
    request:
      method: POST
      path: /v1/orders
      body: {customer_id: "{{redacted:email}}", note: "{{redacted}}", items: [{product_id: p-1, quantity: 1}]}
    response: {status: 201}
"""
    (tmp_path / "c.yaml").write_text(contract)
    with service("v1") as url:
        proc = run_cli("replay", str(tmp_path), "--target", url, "--format", "json",
                       env={"APILINT_DATA_NOTE": "from env"})
        stored = _orders(url)
    assert proc.returncode == 0, proc.stdout
    assert stored[0]["note"] == "from env" and stored[0]["customer_id"].endswith("@example.com")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_every_file_named_in_the_replay_docs_exists():
    root = Path(__file__).resolve().parents[2]
    for doc in ("replay.md", "contracts.md", "fuzz.md", "security.md"):
        text = (root / "docs" / doc).read_text()
        for name in set(re.findall(r"`((?:apilint|benchmarks|tests|examples|docs)/[\w/.-]+\.(?:py|md|yaml))`", text)):
            assert (root / name).exists(), f"docs/{doc} names {name}, which does not exist"
