"""Bounded startup, a deleted out folder, non-UTF-8 paths: the real proxy process (issue 16)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import httpx
from harness import ROOT, env, metrics_text, start_proxy, wait_for_metric

from apilint.proxy.writer_pool import max_workers
from apilint.recording.reader import read_recordings


def test_too_many_writers_is_a_clear_exit_2_before_anything_starts(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "apilint", "proxy", "--upstream", "http://127.0.0.1:9", "--listen", "127.0.0.1:0",
         "--out", str(tmp_path / "rec"), "--workers", "200"],
        cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert f"--workers must be at most {max_workers()}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "rec").exists()


def test_a_deleted_out_folder_is_recreated_and_later_records_land_in_it(upstream, tmp_path):
    out = tmp_path / "rec"
    proxy = start_proxy(upstream, str(out))
    try:
        assert httpx.get(f"{proxy.url}/v1/health").status_code == 200
        wait_for_metric(proxy, "apilint_proxy_written_total 1\n")
        shutil.rmtree(out)
        for n in range(3):
            assert httpx.get(f"{proxy.url}/v1/orders/{n}").status_code == 200
        wait_for_metric(proxy, "apilint_proxy_written_total 4\n")
        assert "apilint_proxy_segments_recreated_total 1\n" in metrics_text(proxy)
    finally:
        code, stderr = proxy.stop()
    assert code == 0, stderr
    assert sorted(r["request"]["path"] for r in read_recordings(str(out))) == [f"/v1/orders/{n}" for n in range(3)]


def test_a_path_with_non_utf8_bytes_is_recorded_escaped(upstream, tmp_path):
    out = tmp_path / "rec"
    proxy = start_proxy(upstream, str(out))
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as conn:
            conn.sendall(b"GET /v1/orders/caf\xe9?q=%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 ")
        wait_for_metric(proxy, "apilint_proxy_written_total 1\n")
    finally:
        code, stderr = proxy.stop()
    assert code == 0, stderr
    [record] = list(read_recordings(str(out)))
    assert record["request"]["path"] == "/v1/orders/caf\\xe9"
    assert record["request"]["query"] == [["q", "\\xff"]]
    assert os.listdir(out)
