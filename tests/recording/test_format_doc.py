"""docs/recording-format.md agrees with apilint/recording/format.py, and the proxy writes exactly
the fields ``ExchangeRecord`` declares, in its order."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from apilint.recording import format as fmt
from apilint.recording.build import build
from apilint.recording.capture import Captured
from apilint.recording.redaction import Redactor

DOC = Path(__file__).resolve().parents[2] / "docs" / "recording-format.md"


def _documented_records() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    assert len(blocks) == 2, "docs/recording-format.md should hold two ```json example records (HTTP, gRPC)"
    return [json.loads("\n".join(re.sub(r"\s+//.*$", "", line) for line in block.splitlines()))
            for block in blocks]


def _fields(typed_dict: type) -> list[str]:
    return list(typed_dict.__annotations__)


def test_the_documented_record_has_the_typed_fields_in_order():
    doc, grpc = _documented_records()
    assert list(doc) == [f for f in _fields(fmt.ExchangeRecord) if f != "grpc"]  # only gRPC records have it
    assert list(grpc) == _fields(fmt.ExchangeRecord)
    assert list(grpc["grpc"]) == _fields(fmt.GrpcCall)
    assert list(doc["request"]) == _fields(fmt.RequestRecord)
    assert list(doc["response"]) == _fields(fmt.ResponseRecord)
    for violation in doc["violations"]:
        assert list(violation) == _fields(fmt.Violation)
    assert doc["v"] == fmt.VERSION and doc["kind"] == fmt.EXCHANGE


def test_the_documented_suffixes_are_the_ones_readers_and_writers_use():
    text = DOC.read_text(encoding="utf-8")
    for suffix in fmt.SUFFIXES:
        assert f"`*{suffix}`" in text
    assert fmt.is_segment("rec-1.jsonl") and fmt.is_segment("rec-1.jsonl.open")
    assert not fmt.is_segment("rec-1.json") and not fmt.is_segment("rec-1.jsonl.tmp")
    name = fmt.open_segment_name("rec", "20261206T020000", 42, 7)
    assert name == "rec-20261206T020000-42-0007.jsonl.open"
    assert fmt.closed_segment_name("/x/" + name) == "/x/rec-20261206T020000-42-0007.jsonl"


def test_the_proxy_writes_the_typed_fields_in_order():
    cap = Captured(started=time.time(), duration_ms=1.0, method="GET", path="/v1/x", query=[], req_headers=[],
                   req_body=None, req_type=None, status=200, resp_headers=[], resp_body=b'{"a": 1}',
                   resp_type="application/json")
    record = build(cap, Redactor(), None)
    assert list(record) == [f for f in _fields(fmt.ExchangeRecord) if f != "grpc"]
    assert list(record["request"]) == _fields(fmt.RequestRecord)
    assert list(record["response"]) == _fields(fmt.ResponseRecord)
    assert record["v"] == fmt.VERSION
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["ts"])
