"""Failures inside the sidecar never hurt the traffic; SIGTERM under load loses nothing completed."""

from __future__ import annotations

import http.client
import os
import signal
import sys
import threading
import time

import httpx
import pytest
from harness import HERE, SPEC, start_proxy, written_files

from apilint.commands.proxy import GRACE_S
from apilint.recording.reader import read_recordings


def _metric(proxy, name: str) -> float:
    text = httpx.get(f"http://127.0.0.1:{proxy.metrics_port}/metrics", timeout=5).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_unwritable_output_leaves_traffic_untouched(upstream, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proxy = start_proxy(upstream, str(blocker / "rec"))
    try:
        for n in range(20):
            direct = httpx.get(f"{upstream.url}/v1/orders/{n}")
            proxied = httpx.get(f"{proxy.url}/v1/orders/{n}")
            assert (proxied.status_code, proxied.content) == (direct.status_code, direct.content)
        deadline = time.monotonic() + 5
        while _metric(proxy, "apilint_proxy_dropped_total") < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _metric(proxy, "apilint_proxy_dropped_total") == 20
        assert _metric(proxy, "apilint_proxy_written_total") == 0
    finally:
        code, stderr = proxy.stop()
    assert code == 0
    assert "write error NotADirectoryError" in stderr


def test_exceptions_inside_the_addon_leave_traffic_untouched(upstream, tmp_path):
    launcher = [sys.executable, os.path.join(HERE, "faulty_proxy.py")]
    # --workers 0: the record builder runs in the proxy process, where the injected fault can reach it
    proxy = start_proxy(
        upstream, str(tmp_path / "rec"), "--spec", SPEC, "--enforce", "--workers", "0", launcher=launcher
    )
    requests = [
        ("GET", "/v1/orders/5", None),
        ("GET", "/v1/orders", None),
        ("POST", "/v1/orders", {"customer": {}, "items": [{"product_id": "p", "quantity": 0}]}),
    ]
    try:
        for method, path, body in requests:
            direct = httpx.request(method, upstream.url + path, json=body)
            proxied = httpx.request(method, proxy.url + path, json=body)
            assert (proxied.status_code, proxied.content) == (direct.status_code, direct.content)
        time.sleep(0.5)
        errors = _metric(proxy, "apilint_proxy_errors_total")
    finally:
        code, stderr = proxy.stop()
    assert code == 0
    assert errors == 6  # 3 enforce + 1 capture + 1 validate (writer) + 1 record
    for stage in ("enforce", "capture", "validate", "record"):
        assert f"{stage} error RuntimeError" in stderr
    assert "injected" not in stderr  # messages (which may quote values) are never logged
    records = list(read_recordings(str(tmp_path / "rec")))
    assert [(r["request"]["method"], r["request"]["path"]) for r in records] == [("GET", "/v1/orders")]


@pytest.mark.slow
def test_sigterm_under_load_loses_no_completed_record(upstream, tmp_path):
    out = str(tmp_path / "rec")
    proxy = start_proxy(upstream, out, "--spec", SPEC, "--rotate-mb", "1")
    completed: list[int] = []
    lock = threading.Lock()
    counter = iter(range(1_000_000))
    stop_at = time.monotonic() + 25  # bounded even if SIGTERM were ignored

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        while time.monotonic() < stop_at:
            with lock:
                n = next(counter)
            try:
                conn.request("GET", f"/v1/orders/{n}?rid={n}")
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                return  # the proxy went away
            if resp.status == 200:
                with lock:
                    completed.append(n)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    busy_until = time.monotonic() + 10  # under load (at least 100 exchanges done), bounded in time
    while len(completed) < 100 and time.monotonic() < busy_until:
        time.sleep(0.05)
    proxy.proc.send_signal(signal.SIGTERM)
    code, stderr = proxy.stop()
    # It drains and stops at once: it stops listening and closes kept-alive connections, rather than
    # serving the clients' next requests until its grace period ends (10 s) and cutting them off. The
    # proxy says when its grace period ran out; that, not the wall clock of a loaded machine, decides.
    assert "grace period over" not in stderr, f"drained only by the {GRACE_S}s deadline"
    for t in threads:
        t.join(20)
    assert code == 0, stderr
    assert len(completed) >= 100
    reader = read_recordings(out)
    recorded = {int(dict(r["request"]["query"])["rid"]) for r in reader}
    assert reader.skipped == 0
    missing = set(completed) - recorded
    assert not missing, f"{len(missing)} completed exchanges not recorded"
    assert all(f.endswith(".jsonl") for f in written_files(out))


def test_a_port_in_use_is_a_clear_exit_2(tmp_path):
    import socket
    import subprocess

    from harness import ROOT, env

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "apilint",
                "proxy",
                "--upstream",
                "http://127.0.0.1:9",
                "--listen",
                f"127.0.0.1:{port}",
                "--out",
                str(tmp_path / "rec"),
                "--quiet",
            ],
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "address already in use" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_procs_share_the_port_and_all_exchanges_are_recorded(upstream, tmp_path):
    out = tmp_path / "rec"
    proxy = start_proxy(upstream, str(out), "--procs", "2")
    try:
        time.sleep(3)  # the second process binds a moment later
        for n in range(40):
            with httpx.Client() as client:  # a new connection each time: the kernel picks a process
                assert client.get(f"{proxy.url}/v1/orders/{n}").json()["order_id"] == str(n)
    finally:
        code, stderr = proxy.stop()
    assert code == 0, stderr
    records = list(read_recordings(str(out)))
    assert sorted(int(r["request"]["path"].rsplit("/", 1)[1]) for r in records) == list(range(40))
    assert len({name.split("-")[-2] for name in os.listdir(out)}) == 2  # two writers, one per process
