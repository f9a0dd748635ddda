"""Load benchmark of `apilint proxy` in front of a gRPC service: unary GetOrder calls to the example service
(examples/grpc/server.py v1) direct, through bare mitmdump made to speak h2c on both legs (the same two
hooks apilint's addon uses, nothing else: mitmproxy's own cost), through the proxy recording (the writer
process decodes, redacts and validates off the request path), and through the proxy with --enforce (each
request also decoded and validated inline, before it is forwarded).

Everything runs on 127.0.0.1 and stops by itself: a grpcio client (byte serialisers, no generated code)
drives each target from --concurrency threads for --seconds (or until --calls calls), and the script prints
calls/s, p50 and p99 (medians over --runs), the ratio to direct, and the CPU time the proxy process and its
writers spent per call (read from /proc: steadier than calls/s on a shared machine).

    python benchmarks/grpc_proxy.py                         # 3 runs x 5 s per target, 4 threads
    python benchmarks/grpc_proxy.py --seconds 10 --runs 5 --concurrency 8
    python benchmarks/grpc_proxy.py --profile /tmp/gproxy.prof   # + cProfile of the proxy process (enforce)

Needs mitmproxy (pip install 'apilint[proxy]'), grpcio and grpcio-tools.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import grpc
from proxy_load import free_port, wait_port  # benchmarks/proxy_load.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
ENV = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
PROTOS = os.path.join(ROOT, "examples", "grpc", "protos")
GET_ORDER = "/shop.orders.v1.OrderService/GetOrder"
REQUEST = b"\x0a\x041001"  # GetOrderRequest{order_id: "1001"}
TARGETS = ("direct", "mitmdump", "record", "enforce")
H2C_ADDON = """from apilint.proxy.grpc_hooks import GrpcHooks


class H2c:  # what `apilint proxy` does to speak h2c, and nothing else
    next_layer = staticmethod(GrpcHooks.next_layer)
    server_connect = staticmethod(GrpcHooks.server_connect)


addons = [H2c()]
"""


def start_service() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "examples", "grpc", "server.py"), "--build", "v1",
                             "--port", "0"], stdout=subprocess.PIPE, text=True, env=ENV)
    line = proc.stdout.readline()  # type: ignore[union-attr]
    return proc, line.rsplit(" ", 1)[1].strip()


def start_mitmdump(upstream: str, tmp: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    addon = os.path.join(tmp, "h2c_addon.py")
    with open(addon, "w") as handle:
        handle.write(H2C_ADDON)
    cmd = [sys.executable, "-c", "from mitmproxy.tools.main import mitmdump; mitmdump()", "-q", "--mode",
           f"reverse:http://{upstream}", "--listen-host", "127.0.0.1", "-p", str(port), "-s", addon]
    proc = subprocess.Popen(cmd, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_port(port, timeout=60)
    return proc, f"127.0.0.1:{port}"


def start_proxy(upstream: str, out: str, enforce: bool, profile: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    head = [sys.executable, "-m", "cProfile", "-o", profile, "-m", "apilint"] if profile else [
        sys.executable, "-m", "apilint"]
    cmd = [*head, "proxy", "--upstream", f"grpc://{upstream}", "--proto", PROTOS, "--listen", f"127.0.0.1:{port}",
           "--out", out, "--quiet", *(["--enforce"] if enforce else [])]
    proc = subprocess.Popen(cmd, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wait_port(port, timeout=60)
    return proc, f"127.0.0.1:{port}"


def cpu_seconds(root: int) -> tuple[float, float]:
    """User + system CPU of a process, and of its live descendants (the writers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    children, todo = 0.0, [child for child, (ppid, _) in stats.items() if ppid == root]
    while todo:
        pid = todo.pop()
        children += stats.get(pid, (0, 0.0))[1]
        todo += [child for child, (ppid, _) in stats.items() if ppid == pid]
    return stats.get(root, (0, 0.0))[1], children


def load(address: str, seconds: float, calls: int, threads: int) -> tuple[int, list[float]]:
    """Unary calls from ``threads`` threads on one channel until the time or call budget is spent."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(calls))
    with grpc.insecure_channel(address) as channel:
        stub = channel.unary_unary(GET_ORDER, request_serializer=bytes, response_deserializer=bytes)
        stub(REQUEST, timeout=10)  # connected and warm

        def worker() -> None:
            mine = []
            while time.monotonic() < deadline and next(counter, None) is not None:
                started = time.perf_counter()
                stub(REQUEST, timeout=10)
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        started = time.monotonic()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - started
    return round(len(latencies) / elapsed), latencies


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000.0


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="per run and target (default %(default)s)")
    ap.add_argument("--calls", type=int, default=1_000_000, help="at most this many calls per run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=4, help="client threads (default %(default)s)")
    ap.add_argument("--profile", metavar="FILE", help="cProfile the --enforce proxy into FILE and print its top")
    args = ap.parse_args()
    service, upstream = start_service()
    rows = {}
    try:
        for target in TARGETS:
            rates, p50s, p99s, cpu, writer_cpu = [], [], [], [], []
            for run in range(args.runs):
                with tempfile.TemporaryDirectory(prefix="apilint-grpc-bench-") as out:
                    proxy = None
                    address = upstream
                    if target == "mitmdump":
                        proxy, address = start_mitmdump(upstream, out)
                    elif target != "direct":
                        profile = args.profile if args.profile and target == "enforce" and run == 0 else None
                        proxy, address = start_proxy(upstream, out, target == "enforce", profile)
                    before = cpu_seconds(proxy.pid) if proxy else (0.0, 0.0)
                    rate, latencies = load(address, args.seconds, args.calls, args.concurrency)
                    if proxy:
                        own, children = cpu_seconds(proxy.pid)
                        cpu.append((own - before[0]) / len(latencies) * 1e6)
                        writer_cpu.append((children - before[1]) / len(latencies) * 1e6)
                        stop(proxy)
                rates.append(rate)
                p50s.append(p(latencies, 0.50))
                p99s.append(p(latencies, 0.99))
            rows[target] = (statistics.median(rates), statistics.median(p50s), statistics.median(p99s),
                            statistics.median(cpu) if cpu else None,
                            statistics.median(writer_cpu) if writer_cpu else None)
    finally:
        stop(service)
    base = rows["direct"][0]
    print(f"unary GetOrder, {args.concurrency} client threads, {args.runs} x {args.seconds:g} s (medians)")
    print(f"{'target':<10}{'calls/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'proxy CPU us/call':>19}"
          f"{'writer CPU us/call':>20}")
    for target, (rate, p50, p99, cpu_us, writer_us) in rows.items():
        shown = [f"{v:.0f}" if v is not None else "-" for v in (cpu_us, writer_us)]
        print(f"{target:<10}{rate:>9}{rate / base:>8.2f}{p50:>9.2f}{p99:>9.2f}{shown[0]:>19}{shown[1]:>20}")
    if args.profile and os.path.exists(args.profile):
        print(f"\ncProfile of the --enforce proxy process ({args.profile}), top 15 by own time:")
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
