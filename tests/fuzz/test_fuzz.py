"""Fuzz the real example service: each planted bug of the buggy build is found, clean v1 passes."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.replay.service import SPEC_V1, free_port, record_session, service

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent


def fuzz(*args: str) -> tuple[subprocess.CompletedProcess, dict]:
    proc = run_cli("fuzz", *args, "--format", "json")
    return proc, json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}


def failing(data: dict) -> dict[tuple[str, str], dict]:
    return {(r["method"] + " " + r["path"], r["name"]): r for r in data["results"] if r["outcome"] == "breaking"}


@pytest.fixture(scope="module")
def buggy_report() -> dict:
    with service("buggy") as url:
        proc, data = fuzz(str(SPEC_V1), "--target", url, "--max-examples", "25", "--seed", "3")
        assert proc.returncode == 1, proc.stderr
        # each failure reproduces with its curl command while the server still runs
        reproduced = {}
        for key, result in failing(data).items():
            command = [*shlex.split(result["curl"]), "-s", "-i", "--max-time", "5"]
            reproduced[key] = subprocess.run(command, capture_output=True, text=True, timeout=10).stdout
        data["reproduced"] = reproduced
    return data


def test_buggy_build_leaks_a_stack_trace_in_a_500(buggy_report):
    found = failing(buggy_report)
    leak = found[("GET /v1/orders", "apilint_no_leaks")]
    assert "stack trace" in leak["differences"][0]["message"]
    assert ("GET /v1/orders", "apilint_invalid_input_rejected") in found
    assert "Traceback (most recent call last)" in buggy_report["reproduced"][("GET /v1/orders", "apilint_no_leaks")]


def test_buggy_build_idempotency_key_does_not_dedupe(buggy_report):
    result = failing(buggy_report)[("POST /v1/orders", "apilint_idempotency_key")]
    assert "Idempotency-Key" in result["curl"] and "[Filtered]" not in result["curl"]
    assert "created something new" in result["differences"][0]["message"]


def test_buggy_build_pages_overlap(buggy_report):
    result = failing(buggy_report)[("GET /v1/orders", "apilint_pagination")]
    assert "pages overlap" in result["differences"][0]["message"]


def test_clean_v1_passes_every_check():
    with service("v1") as url:
        proc, data = fuzz(str(SPEC_V1), "--target", url, "--max-examples", "25", "--seed", "3")
    assert proc.returncode == 0, [r for r in data.get("results", []) if r["outcome"] != "pass"]
    assert data["breaking"] is False
    checks = {r["name"] for r in data["results"]}
    assert {"apilint_error_shape", "apilint_invalid_input_rejected", "apilint_no_leaks", "apilint_idempotency_key",
            "apilint_pagination", "apilint_get_is_safe"} <= checks
    assert data["cases"] >= 100


def test_recordings_seed_the_fuzzer(tmp_path):
    with service("v1") as url:
        record_session(url, tmp_path / "rec")
        proc, data = fuzz(str(SPEC_V1), "--target", url, "--max-examples", "5", "--mode", "positive",
                          "--recordings", str(tmp_path / "rec"))
    assert proc.returncode == 0
    assert data["seeded"] == 9


def test_unsafe_get_and_429_without_retry_after(tmp_path):
    spec = tmp_path / "counter.yaml"
    sys.path.insert(0, str(HERE))
    try:
        from counter_app import SPEC
    finally:
        sys.path.remove(str(HERE))
    spec.write_text(SPEC)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "counter_app:app",
                             "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "counter app did not start"
                time.sleep(0.1)
        code, data = fuzz(str(spec), "--target", url, "--max-examples", "10")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert code.returncode == 1
    found = failing(data)
    assert ("GET /v1/counter", "apilint_get_is_safe") in found
    assert ("GET /v1/counter", "apilint_retry_after") in found


@pytest.mark.parametrize("args", [
    ["/no/such/spec.yaml", "--target", "http://127.0.0.1:9"],
    [str(SPEC_V1), "--target", "not-a-url"],
    [str(SPEC_V1), "--target", "http://127.0.0.1:9", "--recordings", "/no/such/dir"],
])
def test_bad_input_exits_2(args):
    proc = run_cli("fuzz", *args)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
