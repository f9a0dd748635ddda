"""Unary gRPC calls per second through `apilint mock --proto` beside the example service called directly
(examples/grpc, v1): loopback, a bounded grpcio load loop (a few threads on one channel, pre-encoded
requests, byte (de)serialisers), stops by itself; prints calls/s and p50/p99 per target (medians of interleaved runs).

    python benchmarks/grpc_mock_load.py                  # 3 runs x 3 s per target, 4 threads
    python benchmarks/grpc_mock_load.py --seconds 10 --threads 8

The mock serves one hand-written contract: `GetOrder` whose answer echoes the request's `order_id` (so it
is rendered per call: matched, echoed, encoded) and a NOT_FOUND. Both ends are Python grpcio servers.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from apilint.grpc.descriptors import Services  # noqa: E402

PROTOS = ROOT / "examples" / "grpc" / "protos"
PATH = "/shop.orders.v1.OrderService/GetOrder"
CONTRACT = f"""\
contract: {{operation: {PATH}, protocol: grpc, streaming: unary}}
interactions:
  - name: get_order_ok
    request: {{method: POST, path: {PATH}, body: {{order_id: "1001"}}}}
    response:
      status: 200
      body: {{order_id: "1001", customer_email: ada@example.com, sku: BOOK-1, quantity: 1, state: PLACED,
             total_cents: "1250", create_time: "2026-12-06T00:00:00Z"}}
  - name: get_order_missing
    request: {{method: POST, path: {PATH}, body: {{order_id: "9999"}}}}
    response: {{status: 200, grpc: {{status: NOT_FOUND, message: order 9999 not found}}}}
"""


def _start(argv: list[str], marker: str, stream: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in getattr(proc, stream):
        if marker in line:
            return proc, line.rsplit("/", 1)[-1].rsplit(" ", 1)[-1].strip()
    proc.kill()
    raise SystemExit(f"did not start: {' '.join(argv)}: {proc.stderr.read()[-2000:]}")


def load(address: str, payload: bytes, seconds: float, threads: int) -> tuple[float, float, float]:
    """(calls/s, p50 ms, p99 ms) of unary calls from ``threads`` threads for ``seconds``."""
    channel = grpc.insecure_channel(address)
    call = channel.unary_unary(PATH, request_serializer=bytes, response_deserializer=bytes)
    call(payload, timeout=10)  # connected and warm
    latencies: list[list[float]] = [[] for _ in range(threads)]
    deadline = time.monotonic() + seconds

    def loop(out: list[float]) -> None:
        while (start := time.monotonic()) < deadline:
            call(payload, timeout=10)
            out.append(time.monotonic() - start)

    workers = [threading.Thread(target=loop, args=(out,)) for out in latencies]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    channel.close()
    every = sorted(x for out in latencies for x in out)
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))]
    return len(every) / elapsed, statistics.median(every) * 1000, p99 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="runs per target, interleaved; medians printed")
    args = parser.parse_args()
    request = Services.compile(str(PROTOS)).method(PATH).request
    payload = request(order_id="1001").SerializeToString()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "get.yaml").write_text(CONTRACT)
        service, direct = _start([sys.executable, "examples/grpc/server.py", "--build", "v1", "--port", "0"],
                                 "listening on", "stdout")
        mock, mocked = _start([sys.executable, "-m", "apilint", "mock", folder, "--proto", str(PROTOS),
                               "--listen", "127.0.0.1:0"], "listening at", "stderr")
        try:
            targets = (("direct (example service v1)", direct), ("apilint mock --proto", mocked))
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in targets}
            for _ in range(args.runs):  # interleaved: a busy moment of a shared machine hits both
                for name, address in targets:
                    runs[name].append(load(address, payload, args.seconds, args.threads))
            for name, measured in runs.items():
                rate, p50, p99 = (statistics.median(m[i] for m in measured) for i in range(3))
                print(f"{name:30} {rate:8.0f} calls/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  (median of {args.runs})",
                      flush=True)
        finally:
            for proc in (service, mock):
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
