"""Replay recordings and contracts made from the real v1 service against fresh v1 and v2 builds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.replay.service import SPEC_V1, record_session, service

pytestmark = pytest.mark.slow

CONTRACT = """\
contract:
  operation: POST /v1/orders
  source: hand-written for the test, in docs/contracts.md format
interactions:
  - name: create_order
    request:
      method: POST
      path: /v1/orders
      headers:
        content-type: application/json
        authorization: "{{redacted}}"
      body:
        customer_id: "{{non_empty_string}}"
        items:
          - product_id: p-1
            quantity: "{{positive_integer}}"
    response:
      status: 201
      headers:
        content-type: application/json
        x-request-id: "{{non_empty_string}}"
      body:
        order_id: "{{uuid}}"
        status: PENDING
        created_at: "{{iso_timestamp}}"
    captures:
      order_id: response.body.order_id
  - name: get_created_order
    request:
      method: GET
      path: /v1/orders/{{var:order_id}}
    response:
      status: 200
      headers:
        content-type: application/json
      body:
        order_id: "{{var:order_id}}"
        status: "{{one_of:PENDING|PAID}}"
        items:
          - product_id: p-1
            quantity: "{{positive_integer}}"
"""


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("recording")
    with service("v1") as url:
        record_session(url, folder)
    return folder


@pytest.fixture
def v1():
    """A fresh v1 per test: replaying a recorded list against a server that other tests have filled
    with their orders compares different data (a `note` that is null in one and text in the other)."""
    with service("v1") as url:
        yield url


@pytest.fixture(scope="module")
def v2():
    with service("v2") as url:
        yield url


def replay(*args: str, env: dict[str, str] | None = None):
    proc = run_cli("replay", *args, env=env)
    data = json.loads(proc.stdout) if "--format" in args and "json" in args else None
    return proc, data


def kinds(data) -> set[tuple[str, str]]:
    return {(d["severity"], d["kind"]) for r in data["results"] for d in r["differences"]}


def test_recordings_against_fresh_v1_are_not_breaking(recording, v1):
    proc, data = replay(str(recording), "--target", v1, "--format", "json", "--header", "Authorization: Bearer t")
    assert proc.returncode == 0, proc.stdout
    assert data["breaking"] is False
    assert len(data["results"]) == 9
    assert all(r["outcome"] == "pass" for r in data["results"]), kinds(data)
    # fresh ids and timestamps were seen and ignored, not silently skipped
    assert data["summary"]["noise"] >= 9
    # the GET and PATCH of the created order used the *new* id (a stale id would 404)
    linked = [r for r in data["results"] if r["method"] in ("GET", "PATCH") and "no-such" not in r["path"]
              and r["path"] != "/v1/orders"]
    assert [r["actual_status"] for r in linked] == [200, 200]
    recorded_paths = {json.loads(line)["request"]["path"] for line in (recording / "segment-0001.jsonl").open()}
    assert not {r["path"] for r in linked} & recorded_paths


def test_recordings_against_v2_report_the_break_and_exit_1(recording, v2):
    proc, data = replay(str(recording), "--target", v2, "--format", "json")
    assert proc.returncode == 1
    assert data["breaking"] is True
    post = next(r for r in data["results"] if r["method"] == "POST" and r["expected_status"] == 201)
    found = {(d["kind"], d["where"]) for d in post["differences"]}
    assert ("status_changed", "status") in found
    assert ("field_renamed", "body.order_id") in found


def test_redacted_credentials_are_supplied_from_env(recording, v1):
    _, without = replay(str(recording), "--target", v1, "--format", "json")
    assert ("warning", "credential_missing") in kinds(without)
    _, supplied = replay(str(recording), "--target", v1, "--format", "json",
                         env={"APILINT_HEADER_AUTHORIZATION": "Bearer from-env"})
    assert ("warning", "credential_missing") not in kinds(supplied)


def test_spec_checks_bodies_of_the_new_build(recording, v1, v2):
    proc, data = replay(str(recording), "--target", v1, "--spec", str(SPEC_V1), "--format", "json", "--header", "a: b")
    assert proc.returncode == 0 and not any(k == "spec_violation" for _, k in kinds(data))
    _, data = replay(str(recording), "--target", v2, "--spec", str(SPEC_V1), "--format", "json")
    assert ("breaking", "spec_violation") in kinds(data)


def test_contract_flow_with_captures(tmp_path, v1, v2):
    (tmp_path / "POST_v1_orders.yaml").write_text(CONTRACT)
    proc, data = replay(str(tmp_path), "--target", v1, "--format", "json", "--header", "Authorization: Bearer x")
    assert proc.returncode == 0, proc.stdout
    assert [r["actual_status"] for r in data["results"]] == [201, 200]
    proc, data = replay(str(tmp_path), "--target", v2, "--format", "json", "--header", "Authorization: Bearer x")
    assert proc.returncode == 1
    assert ("breaking", "field_renamed") in kinds(data)


def test_shards_partition_the_work_and_merge_back(recording, v2, tmp_path):
    outputs = []
    for i in (1, 2, 3):
        out = tmp_path / f"shard{i}.json"
        proc = run_cli("replay", str(recording), "--target", v2, "--shard", f"{i}/3", "--format", "json",
                       "--output", str(out))
        assert proc.returncode in (0, 1)
        outputs.append(json.loads(out.read_text()))
    ids = [r["id"] for o in outputs for r in o["results"]]
    assert len(ids) == len(set(ids)) == 9
    # the POST that created an order and the requests using its id land in one shard
    first_id = json.loads((recording / "segment-0001.jsonl").open().readline())["response"]["body"]["order_id"]
    homes = {n for n, o in enumerate(outputs) for r in o["results"] if first_id in r["path"]}
    assert len(homes) == 1
    again = run_cli("replay", str(recording), "--target", v2, "--shard", "2/3", "--format", "json")
    assert [r["id"] for r in json.loads(again.stdout)["results"]] == [r["id"] for r in outputs[1]["results"]]
    merged = run_cli("report", "merge", *(str(tmp_path / f"shard{i}.json") for i in (1, 2, 3)), "--format", "json")
    assert merged.returncode == 1
    assert json.loads(merged.stdout)["summary"]["total"] == 9


def test_torn_line_is_skipped_and_formats_render(recording, v1, tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    text = (recording / "segment-0001.jsonl").read_text()
    (folder / "a.jsonl.open").write_text(text + '{"v": 1, "kind": "exchange", "id": "torn"')
    proc, data = replay(str(folder), "--target", v1, "--format", "json", "--header", "Authorization: x")
    assert proc.returncode == 0
    assert len(data["results"]) == 9 and any("torn" in s for s in data["skipped"])
    junit = run_cli("replay", str(folder), "--target", v1, "--format", "junit")
    assert ET.fromstring(junit.stdout).attrib["tests"] == "9"
    markdown = run_cli("replay", str(folder), "--target", v1, "--format", "markdown")
    assert markdown.stdout.startswith("## apilint replay: No breaking changes")


@pytest.mark.parametrize("args, where", [
    (["/nonexistent/dir", "--target", "http://127.0.0.1:9"], "/nonexistent/dir"),
    (["{rec}", "--target", "http://127.0.0.1:9", "--shard", "3/2"], "--shard"),
    (["{rec}", "--target", "ftp://x"], "--target"),
    (["{bad}", "--target", "http://127.0.0.1:9"], "bad.yaml:"),
])
def test_bad_input_exits_2_with_one_line(args, where, recording, tmp_path):
    (tmp_path / "bad.yaml").write_text("interactions:\n  - request: {method: GET}\n    response: {status: 200}\n")
    args = [a.format(rec=recording, bad=tmp_path / "bad.yaml") for a in args]
    proc = run_cli("replay", *args)
    assert proc.returncode == 2
    assert where in proc.stderr and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_server_that_never_answers_times_out_instead_of_hanging(recording, tmp_path):
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:  # accept connections, read nothing, answer nothing
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    contract = tmp_path / "c.yaml"
    contract.write_text(CONTRACT.replace("/v1/orders/{{var:order_id}}", "/v1/orders/{{var:never_captured}}"))
    try:
        started = time.monotonic()
        proc, data = replay(str(tmp_path), "--target", f"http://127.0.0.1:{listener.getsockname()[1]}",
                            "--timeout", "1", "--format", "json")
        assert time.monotonic() - started < 20
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
    assert proc.returncode == 1
    assert {d["kind"] for r in data["results"] for d in r["differences"]} >= {"transport_error", "unbound_variable"}
    assert all(r["actual_status"] is None for r in data["results"])


def test_report_merge_rejects_what_is_not_a_report(tmp_path):
    (tmp_path / "x.json").write_text('{"results": 3}')
    (tmp_path / "y.json").write_text("{not json")
    for name in ("x.json", "y.json", "missing.json"):
        proc = run_cli("report", "merge", str(tmp_path / name))
        assert proc.returncode == 2 and name in proc.stderr and "Traceback" not in proc.stderr
