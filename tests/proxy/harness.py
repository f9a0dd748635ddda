"""Starting the real service and the real `apilint proxy` process on 127.0.0.1 for the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SPEC = os.path.join(HERE, "orders.yaml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = ROOT + os.pathsep + e.get("PYTHONPATH", "")
    return e


@dataclass
class Upstream:
    proc: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def start_upstream(script: str = "upstream.py") -> Upstream:
    """A service from ``tests/proxy/<script>``, which prints its port."""
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, script)], stdout=subprocess.PIPE, text=True, env=env()
    )
    port = int(proc.stdout.readline())  # type: ignore[union-attr]
    return Upstream(proc, port)


@dataclass
class Proxy:
    proc: subprocess.Popen
    port: int
    metrics_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 30.0) -> tuple[int, str]:
        """SIGTERM, wait, and return (exit code, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err


def start_proxy(upstream: Upstream, out: str, *extra: str, launcher: Sequence[str] | None = None) -> Proxy:
    """``apilint proxy`` as a subprocess (``launcher`` replaces ``python -m apilint`` when given)."""
    port, metrics_port = free_port(), free_port()
    cmd = [
        *(launcher or [sys.executable, "-m", "apilint"]),
        "proxy",
        "--upstream",
        upstream.url,
        "--listen",
        f"127.0.0.1:{port}",
        "--out",
        out,
        "--metrics",
        f"127.0.0.1:{metrics_port}",
        *extra,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_port(port, proc)
    wait_port(metrics_port, proc)
    return Proxy(proc, port, metrics_port)


def written_files(folder: str) -> list[str]:
    return [os.path.join(root, f) for root, _, files in os.walk(folder) for f in files]


def metrics_text(proxy: Proxy) -> str:
    import httpx

    return httpx.get(f"http://127.0.0.1:{proxy.metrics_port}/metrics", timeout=5).text


def wait_for_metric(proxy: Proxy, line: str, timeout: float = 120.0) -> str:
    """Wait until the proxy's metrics contain ``line`` (writers report every 0.5 s, at idle priority:
    on a loaded machine that takes a while); the timeout only bounds a broken writer."""
    deadline = time.monotonic() + timeout
    while line not in (text := metrics_text(proxy)):
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {line!r} in\n{text}")
        time.sleep(0.1)
    return text
