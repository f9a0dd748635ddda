"""`apilint fuzz` as a real process: stays on its target, says "not run" for what it did not run,
refuses an unreachable target in one line, fills redacted seed values."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.conftest import run_cli
from tests.replay.listeners import recording_listener
from tests.replay.service import SPEC_V1, free_port, record_session, service

pytestmark = pytest.mark.slow


def fuzz(*args: str, env: dict[str, str] | None = None):
    proc = run_cli("fuzz", *args, "--format", "json", env=env)
    return proc, json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}


def test_an_unreachable_target_is_one_error_before_the_run():
    proc = run_cli("fuzz", str(SPEC_V1), "--target", f"http://127.0.0.1:{free_port()}")
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "cannot connect" in proc.stderr


@pytest.mark.parametrize("value", ["0", "-1", "nan"])
def test_time_budget_must_be_positive(value):
    proc = run_cli("fuzz", str(SPEC_V1), "--target", "http://127.0.0.1:9", f"--time-budget={value}")
    assert proc.returncode == 2 and "--time-budget" in proc.stderr and "Traceback" not in proc.stderr


def test_operations_the_time_budget_left_out_are_not_run_not_breaking():
    with service("v1") as url:
        proc, data = fuzz(str(SPEC_V1), "--target", url, "--time-budget", "0.000001")
    assert proc.returncode == 0, proc.stderr
    assert data["breaking"] is False and data["summary"]["breaking"] == 0
    assert data["summary"]["not_run"] == 4 and len(data["not_run"]) == 4
    assert not any(r["name"] == "transport" for r in data["results"])
    with service("v1") as url:
        plain = run_cli("fuzz", str(SPEC_V1), "--target", url, "--time-budget", "0.000001")
    assert "4 not run" in plain.stdout and "not run: POST /v1/orders" in plain.stdout


def test_seeds_stay_on_the_target_and_redacted_values_are_filled(tmp_path):
    with service("v1") as url, recording_listener("127.0.0.2") as (port, arrived):
        records = record_session(url, tmp_path / "rec")
        records[2]["request"]["path"] = f"/v1/orders/@127.0.0.2:{port}"
        records[1]["request"]["body"].update(customer_id="<redacted:email>", note="<redacted:secret>")
        (tmp_path / "rec" / "segment-0001.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
        proc, data = fuzz(str(SPEC_V1), "--target", url.replace("http://", "http://u:pw@"), "--max-examples", "5",
                          "--mode", "positive", "--recordings", str(tmp_path / "rec"), "--data", "note=seeded note")
        time.sleep(0.2)
        stored = httpx.get(url + "/v1/orders", params={"page_size": 100}, timeout=10).json()["orders"]
    assert arrived == []
    assert proc.returncode in (0, 1) and data["seeded"] == 9, proc.stderr
    assert "<redacted" not in json.dumps(stored)
    assert any(o.get("note") == "seeded note" and o["customer_id"].endswith("@example.com") for o in stored)


ENDLESS_SPEC = """\
openapi: 3.0.3
info: {title: endless, version: "1"}
paths:
  /endless:
    get:
      operationId: endless
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array}}}
"""


def test_an_endless_response_body_fails_the_case_and_memory_stays_bounded(tmp_path):
    from tests.replay.listeners import endless_body_server, run_measured

    spec = tmp_path / "endless.yaml"
    spec.write_text(ENDLESS_SPEC)
    with endless_body_server() as url:
        started = time.monotonic()
        proc, peak_mb = run_measured("fuzz", str(spec), "--target", url, "--max-examples", "2", "--mode", "positive",
                                     "--format", "json")
        elapsed = time.monotonic() - started
    print(f"fuzz against an endless body: {elapsed:.1f}s, peak RSS {peak_mb:.0f} MB")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    messages = [d["message"] for r in data["results"] for d in r["differences"]]
    assert messages and all("16 MiB limit" in m for m in messages), messages
    assert peak_mb < 400 and elapsed < 60
