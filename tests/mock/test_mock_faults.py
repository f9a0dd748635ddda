"""Latency and fault injection (global and per interaction), and `--procs N` on one port."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.mock.harness import start_mock

SLOW_AND_BROKEN = """\
interactions:
  - name: fine
    request: {method: GET, path: /fine}
    response: {status: 200, headers: {content-type: application/json}, body: {ok: true}}
  - name: slow
    request: {method: GET, path: /slow}
    response: {status: 200, headers: {content-type: application/json}, body: {ok: true}}
    mock: {latency_ms: 300}
  - name: reset
    request: {method: GET, path: /reset}
    response: {status: 200, body: {ok: true}}
    mock: {fault: reset}
  - name: hang
    request: {method: GET, path: /hang}
    response: {status: 200, body: {ok: true}}
    mock: {fault: timeout}
  - name: error
    request: {method: GET, path: /error}
    response: {status: 200, body: {ok: true}}
    mock: {fault: "500"}
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "faults.yaml"
    path.write_text(SLOW_AND_BROKEN)
    return path


def test_per_interaction_latency_and_faults(source):
    mock = start_mock(str(source))
    try:
        with httpx.Client(base_url=mock.url, timeout=2) as client:
            started = time.monotonic()
            assert client.get("/fine").status_code == 200
            fast = time.monotonic() - started
            started = time.monotonic()
            assert client.get("/slow").json() == {"ok": True}
            assert time.monotonic() - started >= 0.3 > fast
            with pytest.raises(httpx.TransportError):
                client.get("/reset")
            with pytest.raises(httpx.ReadTimeout):
                client.get("/hang", timeout=0.5)
            error = client.get("/error")
            assert (error.status_code, error.headers["x-apilint-fault"]) == (500, "500")
            assert error.headers["content-type"] == "application/problem+json"
    finally:
        code, stderr = mock.stop()
    assert code == 0, stderr


def test_global_latency_and_fault_rate(source):
    mock = start_mock(str(source), "--latency", "100", "--fault", "500", "--fault-rate", "0.5")
    try:
        with httpx.Client(base_url=mock.url, timeout=5) as client:
            started = time.monotonic()
            statuses = [client.get("/fine").status_code for _ in range(24)]
            assert time.monotonic() - started >= 24 * 0.1
    finally:
        mock.stop()
    assert 2 <= statuses.count(500) <= 22 and statuses.count(200) + statuses.count(500) == 24


def test_procs_share_the_port_and_merge_their_journals(source, tmp_path):
    journal = tmp_path / "journal.json"
    mock = start_mock(str(source), "--procs", "2", "--journal", str(journal))
    try:
        time.sleep(1.0)  # the second process binds the port too
        for _ in range(30):  # new connections: the kernel spreads them over both processes
            assert httpx.get(mock.url + "/fine", timeout=5).status_code == 200
        httpx.get(mock.url + "/nothing", timeout=5)
    finally:
        code, stderr = mock.stop()
    assert code == 1, stderr
    assert "30 hits, 1 misses" in stderr
    assert journal.read_text().count('"misses": 1') == 1


def test_head_pipelining_expect_continue_and_connection_close(source):
    import socket

    mock = start_mock(str(source))
    try:
        with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
            sock.sendall(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\nHEAD /fine HTTP/1.1\r\nhost: x\r\n\r\n"
                         b"GET /fine HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        answers = data.split(b"HTTP/1.1 ")[1:]
        assert [a.split(b" ", 1)[0] for a in answers] == [b"200", b"200", b"200"]
        assert answers[1].endswith(b"\r\n\r\n")  # HEAD: headers only
        assert answers[2].endswith(b'{"ok":true}') and b"connection: close" in answers[2]
        got = httpx.post(mock.url + "/fine", content=b"x" * 5000, headers={"expect": "100-continue"}, timeout=5)
        assert got.status_code == 598
    finally:
        mock.stop()


def test_a_body_over_the_limit_is_refused_with_413(source):
    mock = start_mock(str(source))
    try:
        got = httpx.post(mock.url + "/fine", content=b"x" * (17 << 20), timeout=10)
        assert (got.status_code, got.headers["x-apilint-mock"]) == (413, "miss")
        assert httpx.get(mock.url + "/fine", timeout=5).status_code == 200
    finally:
        mock.stop()
