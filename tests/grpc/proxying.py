"""`apilint proxy --upstream grpc://...` as a real process in front of the example service, for the tests."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from tests.grpc.service import PROTOS
from tests.proxy.harness import ROOT, env, free_port, metrics_text, wait_port


@dataclass
class GrpcProxy:
    proc: subprocess.Popen
    address: str  # 127.0.0.1:PORT, for a grpcio channel
    metrics_port: int
    out: str

    def stop(self, timeout: float = 30.0) -> str:
        """Stop it (SIGTERM), wait for the writers; returns its stderr."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err

    def metrics(self) -> str:
        return metrics_text(self)  # type: ignore[arg-type]


@contextlib.contextmanager
def grpc_proxy(upstream: str, out: str, *extra: str, proto: str = str(PROTOS)) -> Iterator[GrpcProxy]:
    port, metrics_port = free_port(), free_port()
    cmd = [sys.executable, "-m", "apilint", "proxy", "--upstream", f"grpc://{upstream}", "--proto", proto,
           "--listen", f"127.0.0.1:{port}", "--out", out, "--metrics", f"127.0.0.1:{metrics_port}", *extra]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    proxy = GrpcProxy(proc, f"127.0.0.1:{port}", metrics_port, out)
    try:
        wait_port(port, proc, timeout=60)
        wait_port(metrics_port, proc, timeout=60)
        yield proxy
    finally:
        proxy.stop()


ECHO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "echo")


@contextlib.contextmanager
def echo_service() -> Iterator[str]:
    """The bidi/client-streaming test service (tests/grpc/echo) on a free port: yields 127.0.0.1:PORT."""
    proc = subprocess.Popen([sys.executable, os.path.join(ECHO, "server.py")], stdout=subprocess.PIPE, text=True,
                            env=env())
    try:
        yield f"127.0.0.1:{int(proc.stdout.readline())}"  # type: ignore[union-attr]
    finally:
        proc.terminate()
        proc.wait(10)


def records(out: str) -> list[dict]:
    lines = []
    for path in sorted(glob.glob(f"{out}/**/*.jsonl*", recursive=True)):
        with open(path, encoding="utf-8") as handle:
            lines += [json.loads(line) for line in handle if line.strip()]
    return lines
