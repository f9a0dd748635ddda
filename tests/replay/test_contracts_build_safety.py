"""`apilint contracts build` on hostile and wrong-typed recordings, as a real process."""

from __future__ import annotations

import copy
import glob
import json
import os
from pathlib import Path

import pytest

from apilint.safepath import OutsideFolder, inside, safe_name
from tests.conftest import run_cli

GOOD = {
    "v": 1, "kind": "exchange", "id": "r1", "ts": "2026-11-22T10:00:00.000Z", "duration_ms": 1.0,
    "operation": None,
    "request": {"method": "GET", "path": "/v1/orders/1", "query": [["a", "b"]], "headers": [["accept", "*/*"]],
                "content_type": None, "body": None, "body_text": None},
    "response": {"status": 200, "headers": [["content-type", "application/json"]],
                 "content_type": "application/json", "body": {"order_id": 1}, "body_text": None},
    "violations": [], "redacted": [],
}


def _with(change: dict) -> dict:
    record = copy.deepcopy(GOOD)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        node = record
        for part in parents:
            node = node[part]
        node[last] = value
    return record


def _write(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rec-1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return folder


def _files(root: Path) -> set[str]:
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


HOSTILE = [
    {"request.method": "../../../EVILMETHOD"},
    {"request.method": "/tmp/EVILABS"},
    {"request.method": ".."},
    {"request.method": "GET\u0000"},
    {"operation": "../../../EVILOP /x"},
    {"operation": "/tmp/EVILOPABS /x"},
    {"operation": "GET /../../../EVILTEMPLATE"},
    {"request.path": "../../../EVILPATH"},
]


def test_every_written_file_is_inside_out(tmp_path):
    base = tmp_path / "a" / "b" / "c"
    rec = _write(base / "rec", [GOOD, *(_with(h) for h in HOSTILE)])
    out = base / "out"
    before = _files(tmp_path)
    proc = run_cli("contracts", "build", str(rec), "--out", str(out))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    written = _files(tmp_path) - before
    assert written and all(Path(f).resolve().is_relative_to(out.resolve()) for f in written), written
    assert not glob.glob("/tmp/EVILABS*") and not glob.glob("/tmp/EVILOPABS*")
    assert "skipped" in proc.stderr and "rec-1.jsonl:2:" in proc.stderr


def test_a_symlink_planted_in_out_is_not_followed(tmp_path):
    rec = _write(tmp_path / "rec", [GOOD])
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.yaml"
    (out / "GET_v1_orders_order_id.yaml").symlink_to(outside)
    proc = run_cli("contracts", "build", str(rec), "--out", str(out))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "outside" in proc.stderr and not outside.exists()


def test_safe_path_helper():
    assert safe_name("../../../EVIL") == "_.._.._EVIL" and "/" not in safe_name("/etc/passwd")
    assert safe_name("..") == "unnamed" and safe_name("") == "unnamed"
    with pytest.raises(OutsideFolder):
        inside("/tmp/x", "../y")
    with pytest.raises(OutsideFolder):
        inside("/tmp/x", "/etc/passwd")
    assert inside("/tmp/x", "a.yaml") == "/tmp/x/a.yaml"


WRONG_TYPES = [
    {"request": []}, {"response": "x"}, {"request.method": 1}, {"request.path": 5}, {"request.query": "a=b"},
    {"request.query": [["a"]]}, {"request.headers": {"a": "b"}}, {"request.headers": [[1, 2]]},
    {"response.status": "200"}, {"response.status": True}, {"response.headers": [["a"]]},
    {"request.body_text": 5}, {"violations": "x"}, {"operation": 5}, {"id": []}, {"response.status": 1000},
]


@pytest.mark.parametrize("change", WRONG_TYPES, ids=[json.dumps(c) for c in WRONG_TYPES])
def test_a_wrong_typed_record_is_skipped_and_counted(change, tmp_path):
    rec = _write(tmp_path / "rec", [GOOD, _with(change)])
    proc = run_cli("contracts", "build", str(rec), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "1 exchanges" in proc.stdout and "1 unreadable lines skipped" in proc.stdout
    assert "skipped 1 records of the wrong shape" in proc.stderr and "rec-1.jsonl:2:" in proc.stderr


def test_only_wrong_typed_records_is_one_line_exit_2(tmp_path):
    rec = _write(tmp_path / "rec", [_with(c) for c in WRONG_TYPES])
    proc = run_cli("contracts", "build", str(rec), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.strip().endswith(f"no recorded exchanges found ({len(WRONG_TYPES)} "
                                                          "unreadable lines)")
