"""Segments, the bounded recorder and the reader, without a proxy."""

from __future__ import annotations

import json
import os
import threading
import time

from apilint.proxy.metrics import Metrics
from apilint.proxy.writer_thread import Recorder
from apilint.recording.capture import Captured
from apilint.recording.reader import read_recordings
from apilint.recording.redaction import Redactor
from apilint.recording.segments import SegmentWriter


def cap(n: int) -> Captured:
    return Captured(
        started=time.time(),
        duration_ms=1.0,
        method="GET",
        path=f"/v1/things/{n}",
        query=[],
        req_headers=[],
        req_body=None,
        req_type=None,
        status=200,
        resp_headers=[("content-type", "application/json")],
        resp_body=b'{"n": %d}' % n,
        resp_type="application/json",
    )


def test_reader_skips_torn_and_broken_lines_and_unknown_kinds(tmp_path):
    good = {"v": 1, "kind": "exchange", "id": "a"}
    (tmp_path / "sub").mkdir()
    (tmp_path / "rec-1.jsonl").write_text(json.dumps(good) + "\n" + "{not json\n" + json.dumps({"kind": "x"}) + "\n")
    (tmp_path / "sub" / "rec-2.jsonl.open").write_text(json.dumps({**good, "id": "b"}) + "\n" + '{"v": 1, "ki')
    (tmp_path / "notes.txt").write_text("ignored")
    reader = read_recordings(str(tmp_path))
    assert [r["id"] for r in reader] == ["a", "b"]
    assert (reader.skipped, reader.other) == (2, 1)


def test_segments_rotate_by_size_and_close_renames(tmp_path):
    seg = SegmentWriter(str(tmp_path), max_bytes=100)
    for i in range(5):
        seg.write(json.dumps({"kind": "exchange", "i": i, "pad": "x" * 40}).encode() + b"\n")
    assert sum(f.endswith(".jsonl.open") for f in os.listdir(tmp_path)) == 1
    seg.close()
    names = sorted(os.listdir(tmp_path))
    assert len(names) == 3 and all(n.endswith(".jsonl") for n in names)
    assert [r["i"] for r in read_recordings(str(tmp_path))] == [0, 1, 2, 3, 4]


def test_segments_rotate_by_age(tmp_path):
    seg = SegmentWriter(str(tmp_path), max_age_s=0.0)
    seg.write(b'{"kind":"exchange"}\n')
    seg.write(b'{"kind":"exchange"}\n')
    seg.close()
    assert len(os.listdir(tmp_path)) == 2


class SlowSegments(SegmentWriter):
    def __init__(self, folder: str, gate: threading.Event) -> None:
        super().__init__(folder)
        self.gate = gate

    def write(self, data: bytes) -> None:
        self.gate.wait(10)
        super().write(data)


def test_full_queue_drops_and_counts_without_blocking(tmp_path):
    gate = threading.Event()
    metrics = Metrics()
    rec = Recorder(SlowSegments(str(tmp_path), gate), metrics, Redactor(), max_queue=5)
    rec.start()
    t0 = time.monotonic()
    accepted = [rec.submit(cap(n)) for n in range(50)]
    assert time.monotonic() - t0 < 0.5  # never blocks
    gate.set()
    rec.close()
    written = [r["request"]["path"] for r in read_recordings(str(tmp_path))]
    assert sum(accepted) == len(written) == metrics.total("apilint_proxy_written_total")
    assert metrics.get("apilint_proxy_dropped_total", reason="queue_full") == 50 - sum(accepted) > 0


def test_close_flushes_everything_queued(tmp_path):
    metrics = Metrics()
    rec = Recorder(SegmentWriter(str(tmp_path)), metrics, Redactor())
    rec.start()
    for n in range(300):
        assert rec.submit(cap(n))
    rec.close()
    reader = read_recordings(str(tmp_path))
    assert sorted(int(r["request"]["path"].rsplit("/", 1)[1]) for r in reader) == list(range(300))
    assert reader.skipped == 0
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".open")]


def test_writer_processes_run_at_idle_priority_and_still_write_everything(tmp_path):
    from apilint.proxy.writer_pool import WorkerRecorder

    metrics = Metrics()
    rec = WorkerRecorder(str(tmp_path), metrics, workers=1)
    rec.start()
    try:
        for n in range(200):
            assert rec.submit(cap(n))
        if hasattr(os, "SCHED_IDLE"):
            deadline = time.monotonic() + 10
            while os.sched_getscheduler(rec.children[0].pid) != os.SCHED_IDLE and time.monotonic() < deadline:
                time.sleep(0.02)  # the child sets it as it starts
            assert os.sched_getscheduler(rec.children[0].pid) == os.SCHED_IDLE
    finally:
        rec.close()
    assert len(list(read_recordings(str(tmp_path)))) == 200
