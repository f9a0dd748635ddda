"""Decompression bombs cost the real proxy and its writer bounded memory (issue 16): bodies decode
with a cap, the record says the body was omitted, a metric counts it, the traffic passes untouched,
and --enforce rejects (400) what it cannot decode within the cap instead of stalling on it."""

from __future__ import annotations

import os
import time

import httpx
import pytest
from canned import gzip_bomb
from harness import SPEC, metrics_text, start_proxy, start_upstream, wait_for_metric

from apilint.recording.reader import read_recordings

MAX_RSS_MB = 300


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in os.listdir(f"/proc/{current}/task"):
            with open(f"/proc/{current}/task/{task}/children") as f:
                todo += [int(c) for c in f.read().split()]
    return out


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


@pytest.fixture(scope="module")
def service():
    upstream = start_upstream("canned_upstream.py")
    yield upstream
    upstream.stop()


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    with httpx.Client(base_url=base, timeout=60) as client, client.stream("GET", path) as resp:
        return resp.status_code, b"".join(resp.iter_raw())


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads peak RSS from /proc")
def test_bombs_are_bounded_counted_and_passed_through_untouched(service, tmp_path):
    bomb = gzip_bomb(1024)  # 1 MB that inflates to 1 GiB
    direct = raw_get(service.url, "/bomb/br")  # a few KB of brotli that inflates to 1 GiB
    out = str(tmp_path / "live")
    proxy = start_proxy(service, out)
    try:
        assert raw_get(proxy.url, "/bomb/br") == direct
        with httpx.Client(base_url=proxy.url, timeout=60) as client:
            sent = client.post("/upload", content=bomb, headers={"content-encoding": "gzip"})
        assert sent.status_code == 200 and sent.content == b"{}"
        text = wait_for_metric(proxy, "apilint_proxy_written_total 2\n")
        peaks = {pid: peak_rss_mb(pid) for pid in descendants(proxy.proc.pid)}
        print("peak RSS MB of proxy and writers:", peaks)
        assert all(mb < MAX_RSS_MB for mb in peaks.values()), peaks
        assert 'apilint_proxy_bodies_omitted_total{reason="decoded_too_large",side="request"} 1' in text
        assert 'apilint_proxy_bodies_omitted_total{reason="decoded_too_large",side="response"} 1' in text
    finally:
        code, stderr = proxy.stop()
    assert code == 0 and "bodies_omitted=2" in stderr
    notes = {r["request"]["path"]: r for r in read_recordings(out)}
    assert notes["/upload"]["request"]["body_note"] == {"omitted": "decoded_too_large", "bytes": len(bomb)}
    assert notes["/bomb/br"]["response"]["body_note"]["omitted"] == "decoded_too_large"


def test_enforce_rejects_a_bomb_it_cannot_judge_and_keeps_serving(service, tmp_path):
    proxy = start_proxy(service, str(tmp_path / "live"), "--spec", SPEC, "--enforce")
    try:
        with httpx.Client(base_url=proxy.url, timeout=60) as client:
            started = time.monotonic()
            rejected = client.post("/v1/orders", content=gzip_bomb(1024),
                                   headers={"content-encoding": "gzip", "content-type": "application/json"})
            took = time.monotonic() - started
            assert rejected.status_code == 400
            assert rejected.headers["content-type"] == "application/problem+json"
            assert rejected.json()["errors"][0]["kind"] == "unvalidatable"
            assert client.get("/v1/health").status_code == 200
        peaks = {pid: peak_rss_mb(pid) for pid in descendants(proxy.proc.pid)}
        print(f"enforce: answered in {took:.2f}s; peak RSS MB:", peaks)
        assert all(mb < MAX_RSS_MB for mb in peaks.values()), peaks
        assert 'apilint_proxy_rejected_total{operation="POST /v1/orders"} 1' in metrics_text(proxy)
    finally:
        proxy.stop()
