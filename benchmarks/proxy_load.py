"""Load benchmark of the recording sidecar: direct vs bare mitmdump vs `apilint proxy` (and the
validating proxies of Prism and Redocly CLI, when benchmarks/install_peers.sh installed them).

Everything runs on 127.0.0.1 and stops by itself: nginx (one worker) serves fixed JSON answers as
the upstream, wrk (-t1 -c32, a GET/POST mix with credentials and PII) drives each target for a fixed
duration, and the script prints requests/s and p50/p99 (medians over --runs), the throughput ratio
to bare mitmdump, the CPU time the proxy process and its children (writers) spent per request (read
from /proc: far steadier than req/s on a shared machine), and then, at low concurrency (wrk -c1 and
-c4 by default: no queueing), p50/p99 and the p99 added over bare mitmdump.

    python benchmarks/proxy_load.py                      # 3 runs x 10 s per target
    python benchmarks/proxy_load.py --pin                # wrk + nginx on CPU 0, the proxies on CPU 1
    python benchmarks/proxy_load.py --pin --pin-writers load   # ... and their writer processes on CPU 0
    python benchmarks/proxy_load.py --latency-only --latency-seconds 30 --runs 5
    python benchmarks/proxy_load.py --soak 600           # + a 10-minute soak printing RSS over time
    python benchmarks/proxy_load.py --targets mitmdump,apilint,prism,redocly   # beside the peers

Needs nginx and wrk (apt-get install nginx wrk) and mitmproxy (pip install 'apilint[proxy]').
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import node_tool

NODE_PEERS = {"prism", "redocly"}  # validating proxies from npm, installed by install_peers.sh
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}  # this checkout

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp};
  proxy_temp_path {tmp};
  fastcgi_temp_path {tmp};
  uwsgi_temp_path {tmp};
  scgi_temp_path {tmp};
  default_type application/json;
  server {{
    listen 127.0.0.1:{port};
    keepalive_requests 1000000;
    location = /v1/orders {{
      return 201 '{created}';
    }}
    location /v1/orders/ {{
      return 200 '{one}';
    }}
  }}
}}
"""

CREATED = (
    '{"order_id":"3f2b8c1e-9d4a-4b6e-8f00-1234567890ab","status":"PENDING",'
    '"created_at":"2026-11-22T10:00:00Z","customer_email":"alice@example.com"}'
)
ONE = (
    '{"order_id":"42","status":"PENDING","created_at":"2026-11-22T10:00:00Z",'
    '"customer_email":"buyer@example.com","total":{"amount":1999,"currency":"EUR"}}'
)

SPEC = """
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /v1/orders:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [customer, items]
              properties:
                customer: {type: object, properties: {email: {type: string, format: email}}}
                items:
                  type: array
                  items:
                    type: object
                    required: [product_id, quantity]
                    properties: {product_id: {type: string}, quantity: {type: integer, minimum: 1}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [order_id, status]
                properties: {order_id: {type: string, format: uuid}, status: {type: string}}
  /v1/orders/{order_id}:
    get:
      parameters:
        - {name: order_id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: one order
          content:
            application/json:
              schema:
                type: object
                required: [order_id, status]
                properties:
                  order_id: {type: string}
                  status: {type: string, enum: [PENDING, PAID]}
                  created_at: {type: string, format: date-time}
"""

WRK_SCRIPT = """
counter = 0
local auth = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc"
local body = '{"customer":{"email":"alice@example.com","card_number":"4111111111111111"},' ..
             '"items":[{"product_id":"p1","quantity":2}]}'
request = function()
  counter = counter + 1
  if counter % 4 == 0 then
    return wrk.format("POST", "/v1/orders",
      {["Content-Type"] = "application/json", ["Authorization"] = auth}, body)
  end
  return wrk.format("GET", "/v1/orders/" .. (counter % 1000) .. "?api_key=k-123456",
    {["Authorization"] = auth})
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {port}")


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time (user + system, seconds) of ``pid`` and of all its live descendants."""

    def own(p: int) -> float:
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def children(p: int) -> list[int]:
        out = []
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    out += [int(c) for c in fh.read().split()]
        except OSError:
            pass
        return out

    total, todo = 0.0, children(pid)
    while todo:
        child = todo.pop()
        total += own(child)
        todo += children(child)
    return own(pid), total


def writer_pids(pid: int, timeout: float = 10.0) -> list[int]:
    """The writer processes (``apilint.proxy.writer_process``) under ``pid``, once they have started."""
    deadline = time.monotonic() + timeout
    while True:
        found, todo = [], [pid]
        while todo:
            current = todo.pop()
            try:
                with open(f"/proc/{current}/task/{current}/children") as fh:
                    kids = [int(c) for c in fh.read().split()]
            except OSError:
                kids = []
            for kid in kids:
                try:
                    with open(f"/proc/{kid}/cmdline", "rb") as fh:
                        if b"apilint.proxy.writer_process" in fh.read():
                            found.append(kid)
                except OSError:
                    pass
            todo += kids
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def pinned(cpu: int | None):  # type: ignore[no-untyped-def]
    """A ``preexec_fn`` that pins a child process (and what it starts) to one CPU."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


WRK_CPU: int | None = None  # set by --pin


def wrk(port: int, seconds: float, script: str, connections: int, pid: int | None = None) -> dict:
    before = cpu_seconds(pid) if pid else None
    proc = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-s",
            script,
            f"http://127.0.0.1:{port}/",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        preexec_fn=pinned(WRK_CPU),
    )
    after = cpu_seconds(pid) if pid else None
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed: {proc.stdout} {proc.stderr}")
    out = proc.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(errors.group(1)) if errors else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    result = {"rps": rps, "p50": p50, "p99": p99, "failed": failed, "requests": requests}
    if before and after and requests:
        result["cpu_proxy"] = (after[0] - before[0]) * 1000.0 / requests  # ms of CPU per request
        result["cpu_children"] = (after[1] - before[1]) * 1000.0 / requests
    return result


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_tree(pid: int) -> str:
    """RSS of the proxy process and of its writer processes."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
    except OSError:
        children = []
    writers = " + ".join(f"{rss_mb(c):.1f}" for c in children) or "0"
    return f"proxy {rss_mb(pid):.1f} MiB, writers {writers} MiB"


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    global WRK_CPU
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run")
    ap.add_argument("--runs", type=int, default=3, help="runs per target (medians are printed)")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument(
        "--latency-connections",
        default="1,4",
        help="comma-separated wrk -c values for the low-concurrency latency tables ('' for none)",
    )
    ap.add_argument("--latency-seconds", type=float, default=0.0, help="seconds per latency run (default --seconds)")
    ap.add_argument("--latency-only", action="store_true", help="skip the throughput (-c --connections) table")
    ap.add_argument(
        "--pin",
        action="store_true",
        help="pin wrk and nginx to CPU 0 and the proxies (with their writer processes) to CPU 1",
    )
    ap.add_argument(
        "--pin-writers",
        choices=("proxy", "load"),
        default="proxy",
        help="with --pin: writer processes stay on the proxies' CPU (default: a one-core sidecar) or go to the "
        "CPU of wrk and nginx",
    )
    ap.add_argument("--soak", type=float, default=0.0, metavar="SECONDS", help="also soak apilint proxy this long")
    ap.add_argument("--soak-connections", type=int, default=4, help="moderate, sustained load for the soak")
    ap.add_argument("--skip-load", action="store_true", help="only the soak")
    ap.add_argument(
        "--targets",
        default="direct,mitmdump,apilint,apilint-enforce",
        help="comma-separated: direct, mitmdump, mitmdump-addon, apilint, apilint-nospec, apilint-enforce, "
        "apilint-procs2, and the peers prism and redocly (validating proxies)",
    )
    args = ap.parse_args()
    for tool in ("nginx", "wrk", "mitmdump"):
        if not shutil.which(tool):
            print(f"needs {tool} on PATH", file=sys.stderr)
            return 2
    proxy_cpu: int | None = None
    if args.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) < 2:
            print("--pin needs two CPUs", file=sys.stderr)
            return 2
        WRK_CPU, proxy_cpu = cpus[0], cpus[1]
    latency_conns = [int(c) for c in args.latency_connections.split(",") if c.strip()]
    latency_s = args.latency_seconds or args.seconds

    tmp = tempfile.mkdtemp(prefix="apilint-bench-")
    up_port = free_port()
    with open(f"{tmp}/nginx.conf", "w") as fh:
        fh.write(NGINX_CONF.format(tmp=tmp, port=up_port, created=CREATED, one=ONE))
    with open(f"{tmp}/spec.yaml", "w") as fh:
        fh.write(SPEC)
    with open(f"{tmp}/mix.lua", "w") as fh:
        fh.write(WRK_SCRIPT)
    nginx = subprocess.Popen(
        ["nginx", "-c", f"{tmp}/nginx.conf", "-p", tmp, "-g", "daemon off;"], preexec_fn=pinned(WRK_CPU)
    )
    procs: list[subprocess.Popen] = [nginx]
    upstream = f"http://127.0.0.1:{up_port}"
    apilint = [sys.executable, "-m", "apilint", "proxy", "--upstream", upstream, "--quiet"]

    def target(name: str, port: int) -> list[str] | None:
        if name == "direct":
            return None
        if name == "mitmdump":
            return [
                "mitmdump",
                "-q",
                "--mode",
                f"reverse:{upstream}",
                "--listen-host",
                "127.0.0.1",
                "--listen-port",
                str(port),
            ]
        if name == "mitmdump-addon":  # the addon loaded into a user's own mitmdump, recording only
            return [
                "mitmdump",
                "-q",
                "--mode",
                f"reverse:{upstream}",
                "--listen-host",
                "127.0.0.1",
                "--listen-port",
                str(port),
                "-s",
                os.path.join(ROOT, "proxy", "apilint_addon.py"),
                "--set",
                f"apilint_out={tmp}/rec-{name}",
            ]
        if name == "prism":  # Stoplight Prism's validating proxy (request + response checked, violations logged)
            prism = str(node_tool("prism"))
            return [prism, "proxy", f"{tmp}/spec.yaml", upstream, "--host", "127.0.0.1", "--port", str(port)]
        if name == "redocly":  # Redocly CLI's experimental proxy: HAR capture + live validation
            return [
                str(node_tool("redocly")),
                "proxy",
                "--target",
                upstream,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--har",
                f"{tmp}/{name}.har",
                "--api",
                f"{tmp}/spec.yaml",
                "--match-mode",
                "basepath",
            ]
        extra = ["--enforce"] if name.endswith("enforce") else []
        if name.endswith("procs2"):  # two mitmproxy processes on one port (SO_REUSEPORT)
            extra = ["--procs", "2"]
        spec = [] if name.endswith("nospec") else ["--spec", f"{tmp}/spec.yaml"]
        return [*apilint, "--listen", f"127.0.0.1:{port}", "--out", f"{tmp}/rec-{name}", *spec, *extra]

    names = [] if args.skip_load else args.targets.split(",")
    for peer in NODE_PEERS.intersection(names):
        if node_tool(peer) is None:
            print(f"{peer} is not installed (bash benchmarks/install_peers.sh): skipped", file=sys.stderr)
            names.remove(peer)
    ports: dict[str, int] = {}
    pids: dict[str, int] = {}
    try:
        wait_port(up_port)
        for name in names:  # every target runs the whole time; runs interleave, so noise hits all alike
            port = free_port()
            cmd = target(name, port)
            if cmd is None:
                ports[name] = up_port
                continue
            # The peers log every exchange (Prism on stdout, Redocly's findings on stderr): discarded.
            stderr = subprocess.DEVNULL if name in NODE_PEERS else None
            procs.append(
                subprocess.Popen(
                    cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, env=ENV, preexec_fn=pinned(proxy_cpu)
                )
            )
            pids[name] = procs[-1].pid
            wait_port(port)
            ports[name] = port
            if args.pin and args.pin_writers == "load":
                for writer in writer_pids(procs[-1].pid):
                    os.sched_setaffinity(writer, {WRK_CPU})
        warm = {name: wrk(ports[name], 2, f"{tmp}/mix.lua", args.connections) for name in names}  # warm-up
        rss_before = {n: rss_tree(pid) for n, pid in pids.items()}
        load: dict[str, list[dict]] = {n: [] for n in names}
        low: dict[int, dict[str, list[dict]]] = {c: {n: [] for n in names} for c in latency_conns}
        for _ in range(args.runs):
            if not args.latency_only:
                for name in names:
                    load[name].append(
                        wrk(ports[name], args.seconds, f"{tmp}/mix.lua", args.connections, pids.get(name))
                    )
            for conns in latency_conns:
                for name in names:
                    low[conns][name].append(wrk(ports[name], latency_s, f"{tmp}/mix.lua", conns, pids.get(name)))
        rss_after = {n: rss_tree(pid) for n, pid in pids.items()}
        for proc in procs[1:]:
            stop(proc)
        recorded = {n: count_lines(f"{tmp}/rec-{n}") for n in names if os.path.isdir(f"{tmp}/rec-{n}")}
        sent = {  # every request wrk completed through the target, warm-up included
            n: warm[n]["requests"]
            + sum(r["requests"] for r in load[n])
            + sum(r["requests"] for c in low for r in low[c][n])
            for n in names
        }

        if not names:
            soak(args, tmp, target, up_port)
            return 0
        print(
            f"\n{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end"
            + (
                f"; wrk + nginx pinned to one CPU, the proxies to the other, writers with the {args.pin_writers}"
                if args.pin
                else ""
            )
        )
        if not args.latency_only:
            print(
                f"\nthroughput: wrk -t1 -c{args.connections}, {args.runs} x {args.seconds:g}s per target "
                f"(interleaved), medians; GET+POST mix, nginx upstream"
            )
            print(
                f"{'target':18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'p99 runs':>13} {'failed':>7} "
                f"{'vs mitmdump':>12} "
                f"{'CPU ms/req: proxy':>18} {'writer':>7}  recorded/sent"
            )
            base = med(load["mitmdump"], "rps") if "mitmdump" in load else None
            for name in names:
                rps = med(load[name], "rps")
                ratio = f"{rps / base:.0%}" if base else "-"
                print(
                    f"{name:18} {rps:9.0f} {med(load[name], 'p50'):8.2f} {med(load[name], 'p99'):8.2f} "
                    f"{spread(load[name], 'p99'):>13} {sum(r['failed'] for r in load[name]):>7} {ratio:>12} "
                    f"{cpu(load[name], 'cpu_proxy'):>18} {cpu(load[name], 'cpu_children'):>7}  "
                    + (f"{recorded[name]}/{sent[name]}" if name in recorded else "-")
                    + (f"   RSS {rss_before[name]} -> {rss_after[name]}" if name in pids else "")
                )
        for conns, single in low.items():
            print(f"\nlatency: wrk -t1 -c{conns} (low concurrency, no queueing), {args.runs} x {latency_s:g}s, medians")
            print(
                f"{'target':18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'p99 runs':>13} {'+p50 vs mitmdump':>17} "
                f"{'+p99 vs mitmdump':>17} {'CPU ms/req: proxy':>18} {'writer':>7}"
            )
            base50 = med(single["mitmdump"], "p50") if "mitmdump" in single else None
            base99 = med(single["mitmdump"], "p99") if "mitmdump" in single else None
            for name in names:
                p50, p99 = med(single[name], "p50"), med(single[name], "p99")
                added50 = f"{p50 - base50:+.2f} ms" if base50 is not None else "-"
                added99 = f"{p99 - base99:+.2f} ms" if base99 is not None else "-"
                print(
                    f"{name:18} {med(single[name], 'rps'):9.0f} {p50:8.2f} {p99:8.2f} "
                    f"{spread(single[name], 'p99'):>13} {added50:>17} {added99:>17} "
                    f"{cpu(single[name], 'cpu_proxy'):>18} {cpu(single[name], 'cpu_children'):>7}"
                )

        print("\nrecording (all phases, warm-up included): records written / requests completed by wrk")
        for name in names:
            if name in recorded:
                share = recorded[name] / sent[name] if sent[name] else 0.0
                print(f"{name:18} {recorded[name]:>9}/{sent[name]:<9} {share:6.1%}")

        if args.soak > 0:
            soak(args, tmp, target, up_port)
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def med(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def spread(runs: list[dict], key: str) -> str:
    """Lowest and highest value over the runs: how far one run's tail can be trusted."""
    values = [r[key] for r in runs]
    return f"{min(values):.1f}-{max(values):.1f}"


def cpu(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs if key in r]
    return f"{statistics.median(values):.3f}" if values else "-"


def count_lines(folder: str) -> int:
    total = 0
    for d, _, files in os.walk(folder):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                total += sum(1 for _ in fh)
    return total


def soak(args: argparse.Namespace, tmp: str, target, up_port: int) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    cmd = [*target("apilint", port), "--rotate-mb", "16"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, env=ENV)
    try:
        wait_port(port)
        wrk(port, 5, f"{tmp}/mix.lua", args.soak_connections)  # warm-up
        print(f"\nsoak: apilint proxy (recording + validation), wrk -c{args.soak_connections}, {args.soak:g}s")
        print(f"  RSS at start: {rss_tree(proc.pid)}")
        step = 60.0
        elapsed = 0.0
        while elapsed < args.soak:
            chunk = min(step, args.soak - elapsed)
            r = wrk(port, chunk, f"{tmp}/mix.lua", args.soak_connections)
            elapsed += chunk
            print(
                f"  t={elapsed:5.0f}s  {r['rps']:6.0f} req/s  p99 {r['p99']:6.2f} ms  RSS {rss_tree(proc.pid)}",
                flush=True,
            )
            for d, _, files in os.walk(f"{tmp}/rec-apilint"):  # keep the disk bounded during the soak
                for f in files:
                    if f.endswith(".jsonl"):
                        os.unlink(os.path.join(d, f))
        print(f"  RSS at end:   {rss_tree(proc.pid)}")
    finally:
        stop(proc)


if __name__ == "__main__":
    sys.exit(main())
