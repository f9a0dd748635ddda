"""SIGTERM under load (issue 15): every in-flight exchange completes and is recorded; kept-alive
connections are closed between exchanges, never in the middle of one. The real proxy process."""

from __future__ import annotations

import select
import socket
import threading
import time

import pytest
from harness import start_proxy

from apilint.recording.reader import read_recordings

CLIENTS = 16  # a quarter keep their connection alive, the rest open one per request
PER_CLIENT = 30  # the load loop ends by itself: at most CLIENTS * PER_CLIENT requests


class _Client(threading.Thread):
    """Keep-alive HTTP/1.1 over a raw socket, so every failure is classified exactly: a connection
    seen closed before a request is written is fine (reconnect); one that fails after is not."""

    def __init__(self, port: int, name: str, reconnect: bool) -> None:
        super().__init__(daemon=True)
        self.port, self.tag, self.reconnect = port, name, reconnect
        self.completed: list[str] = []
        self.broken: list[str] = []  # failures after a request was written
        self.sock: socket.socket | None = None

    def _closed_by_peer(self) -> bool:
        assert self.sock is not None
        readable, _, _ = select.select([self.sock], [], [], 0)
        return bool(readable)  # nothing is owed between exchanges: readable means EOF (or RST)

    def _connect(self) -> bool:
        try:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            return True
        except OSError:  # refused: the proxy stopped listening
            return False

    def _exchange(self, n: int) -> bool:
        """False when the connection was closed before the request (reconnect and retry)."""
        assert self.sock is not None
        if self._closed_by_peer():
            return False
        key = f"{self.tag}-{n}"
        self.sock.sendall(f"GET /v1/orders/{key} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("EOF before the response head")
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")))
            while len(body) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("EOF inside the response body")
                body += chunk
        except OSError as exc:
            self.broken.append(f"{key}: {exc!r}")
            self.sock.close()
            self.sock = None
            return True
        self.completed.append(key)
        if self.reconnect or b"connection: close" in head.lower():
            self.sock.close()
            self.sock = None
        return True

    def run(self) -> None:
        n = 0
        while n < PER_CLIENT:
            if self.sock is None and not self._connect():
                return
            try:
                if self._exchange(n):
                    n += 1
                else:
                    self.sock.close()  # type: ignore[union-attr]
                    self.sock = None
            except OSError as exc:  # sendall on a connection reset before the request was written
                self.broken.append(f"{self.tag}-{n}: send: {exc!r}")
                self.sock = None
                n += 1
        if self.sock is not None:
            self.sock.close()


ROUNDS = 3  # before the fix one round in two saw a reset: three make a miss unlikely


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_sigterm_under_load_completes_in_flight_exchanges_and_records_them(upstream, tmp_path, round_):
    out = tmp_path / "rec"
    proxy = start_proxy(upstream, str(out))
    clients = [_Client(proxy.port, f"c{i}", reconnect=i % 4 != 0) for i in range(CLIENTS)]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 60
    while sum(len(c.completed) for c in clients) < CLIENTS * PER_CLIENT // 4 and time.monotonic() < deadline:
        time.sleep(0.005)
    code, stderr = proxy.stop()
    for client in clients:
        client.join(60)
    assert code == 0, stderr
    completed = {key for c in clients for key in c.completed}
    assert len(completed) >= CLIENTS * PER_CLIENT // 4
    recorded = {r["request"]["path"].rsplit("/", 1)[1] for r in read_recordings(str(out))}
    assert completed <= recorded
    # No exchange the proxy took in was broken: a request the proxy read is forwarded, answered and
    # recorded. What the kernel accepted after the listener's last accept() is reset with the listener
    # (the request never reached the proxy); that residual race is documented in docs/proxy.md.
    broken = {b.split(":", 1)[0]: b for c in clients for b in c.broken}
    assert not set(broken) & recorded, [broken[k] for k in set(broken) & recorded]
