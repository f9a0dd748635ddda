"""The example gRPC orders service (examples/grpc/server.py) as a real process on 127.0.0.1, for tests."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from apilint.grpc.descriptors import Services

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "grpc"
PROTOS = EXAMPLE / "protos"
SERVICE = "/shop.orders.v1.OrderService/"


def services() -> Services:
    return Services.compile(str(PROTOS))


@contextlib.contextmanager
def running(build: str = "v1") -> Iterator[str]:
    """Start one build on a free port; yields ``127.0.0.1:PORT`` and stops it afterwards."""
    process = subprocess.Popen([sys.executable, str(EXAMPLE / "server.py"), "--build", build, "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # "orders v1 listening on 127.0.0.1:PORT", printed once serving
        if "listening on" not in line:
            process.kill()
            raise RuntimeError(f"the example gRPC service did not start: {line}{process.stderr.read()}")
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
