"""Golden outputs of replay/fuzz results in every format they are offered in, through `apilint report merge`
(the one entry point that renders a given result list without a live service)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ..conftest import run_cli

GOLDEN = Path(__file__).parent / "golden"
LONG = "a long expected value that is cut after seventy-seven characters because nobody reads more"

REPLAY = {"tool": "replay", "skipped": ["b.jsonl: not JSON at line 3"], "results": [
    {"id": "r1", "name": "", "source": "recording a.jsonl", "method": "GET", "path": "/v1/orders/1",
     "outcome": "breaking", "noise": 2, "elapsed_ms": 12.5, "curl": "curl -X GET 'http://x/v1/orders/1'",
     "differences": [
         {"severity": "breaking", "kind": "status", "where": "status", "message": "status 200 became 500",
          "expected": 200, "actual": 500},
         {"severity": "warning", "kind": "body_value", "where": "body.name", "message": 'value "x" | changed',
          "expected": LONG, "actual": {"k": [1, 2]}}]},
    {"id": "r2", "name": "list orders", "source": "contract orders.yaml", "method": "GET", "path": "/v1/orders",
     "outcome": "warning", "noise": 0, "elapsed_ms": 3,
     "differences": [{"severity": "warning", "kind": "header", "where": "headers.etag",
                      "message": "header etag <missing> & more", "expected": "x", "actual": None}]},
    {"id": "r3", "name": "", "source": "recording a.jsonl", "method": "POST", "path": "/v1/orders",
     "outcome": "pass", "noise": 1, "differences": []},
]}
FUZZ = {"tool": "fuzz", "results": [
    {"id": "GET /a::not_a_server_error", "name": "not_a_server_error", "source": "schemathesis", "method": "GET",
     "path": "/a", "outcome": "breaking", "noise": 0, "curl": "curl -X GET 'http://x/a?q=%3C'",
     "differences": [{"severity": "breaking", "kind": "not_a_server_error", "where": "GET /a",
                      "message": 'Server error 500 for q="<&>"\nsecond line', "expected": None, "actual": None}]},
    {"id": "GET /a::status_documented", "name": "status_documented", "source": "4.3", "method": "GET",
     "path": "/a", "outcome": "pass", "noise": 0, "differences": []},
    {"id": "error::connection refused", "name": "transport", "source": "", "method": "", "path": "",
     "outcome": "breaking", "noise": 0, "differences": [
         {"severity": "breaking", "kind": "transport_error", "where": "request", "message": "connection refused",
          "expected": None, "actual": None}]},
]}
CLEAN = {"tool": "replay", "results": [REPLAY["results"][2]]}
CASES = {"mixed": (REPLAY, FUZZ), "clean": (CLEAN,)}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "junit"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_merged_report_bytes(tmp_path, case, fmt):
    files = []
    for i, data in enumerate(CASES[case]):
        files.append(tmp_path / f"{i}.json")
        files[-1].write_text(json.dumps(data))
    result = run_cli("report", "merge", *map(str, files), "--format", fmt)
    assert result.returncode == (1 if case == "mixed" else 0), result.stderr
    golden = GOLDEN / f"merge-{case}.{fmt}"
    if os.environ.get("APILINT_WRITE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
