"""Small real HTTP servers for the security tests: one that records what reaches it (an attacker's
listener on another loopback address) and one whose response body never ends."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], host: str) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def recording_listener(host: str = "127.0.0.2") -> Iterator[tuple[int, list[str]]]:
    """(port, what arrived): each connection's first bytes, as an attacker's server would log them."""
    arrived: list[str] = []
    listener = socket.socket()
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    arrived.append(conn.recv(65536).decode("latin-1"))
                    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                except OSError:
                    arrived.append("<connection>")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], arrived
    finally:
        stop.set()
        thread.join(5)
        listener.close()


class _Endless(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        chunk = b"[" + b"1," * 32767 + b"\r\n"
        frame = f"{len(chunk) - 2:x}\r\n".encode() + chunk
        try:
            while True:
                self.wfile.write(frame)
        except OSError:
            return

    do_GET = do_POST = _answer


@contextlib.contextmanager
def endless_body_server(host: str = "127.0.0.1") -> Iterator[str]:
    """A server whose 200 response body never ends (chunked JSON that never closes)."""
    with _serving(_Endless, host) as server:
        yield f"http://{host}:{server.server_address[1]}"


def _bomb(size: int) -> bytes:
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    block = b"0" * (1 << 20)
    return b"".join([*(packer.compress(block) for _ in range(size >> 20)), packer.flush()])


class _Bomb(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = b""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-encoding", "gzip")
        self.send_header("content-length", str(len(self.body)))
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except OSError:
            return


@contextlib.contextmanager
def gzip_bomb_server(decoded_size: int = 256 << 20, host: str = "127.0.0.1") -> Iterator[str]:
    """A server whose small gzip body (Content-Length declared) decodes to ``decoded_size`` bytes."""
    handler = type("Bomb", (_Bomb,), {"body": _bomb(decoded_size)})
    with _serving(handler, host) as server:
        yield f"http://{host}:{server.server_address[1]}"


_MEASURE = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def run_measured(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``apilint ARGS`` in a process of its own, and its peak RSS in MB (measured by a parent that
    starts nothing else, so earlier test processes do not count)."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "apilint", *args],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    *lines, peak_kb = proc.stderr.rstrip("\n").split("\n")
    proc.stderr = "\n".join(lines) + ("\n" if lines else "")
    return proc, int(peak_kb) / 1024
