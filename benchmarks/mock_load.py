"""Load benchmark of `apilint mock` beside Prism's and WireMock's mock servers (issue 18).

Every server serves the same API (benchmarks/mock_api: openapi.yaml for Prism, the contracts and
recordings `apilint contracts build` made from real traffic for apilint, WireMock stubs converted from
those contracts at run time by wiremock_stubs.py). Each server is first checked to answer every
request of the mix correctly (status, JSON, the contract's top-level fields), warmed up (the JVM
longer), then wrk -t1 -c32 drives a fixed mix of the three endpoints; rounds alternate between the
servers so machine noise hits all alike. Prints req/s, p50 and p99 (medians over the rounds), the
server's CPU time per request, and the issue's goals as PASS/FAIL lines.

    python3 benchmarks/mock_load.py --apilint .                  # 3 rounds x 10 s per server
    python3 benchmarks/mock_load.py --rounds 5 --duration 20 --warmup-jvm 120
    python3 benchmarks/mock_load.py --servers apilint-procs2,wiremock

Needs wrk (apt-get install wrk), Java 17+ for WireMock, and the npm peers from
benchmarks/install_peers.sh (@stoplight/prism-cli, wiremock).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import wiremock_stubs
from benchlib import (
    BENCH_DIR,
    NODE_MODULES,
    Apilint,
    add_apilint_option,
    child_env,
    median,
    node_tool,
    resolve_apilint,
    table,
    write_results,
)
from proxy_load import free_port, stop, wait_port, wrk

API_DIR = BENCH_DIR / "mock_api"
SPEC = API_DIR / "openapi.yaml"
CONTRACTS = API_DIR / "contracts"
TRAFFIC = API_DIR / "traffic"
WIREMOCK_JAR_DIR = NODE_MODULES / "wiremock" / "build"
SERVERS = ("apilint", "apilint-procs2", "prism", "wiremock")
# Not in the default set: `apilint mock` serving the raw recordings instead of the contracts
# (recorded values in every answer, as WireMock's stubs have, instead of generated ones).
OPTIONAL = ("apilint-recordings",)
GOALS = {"prism": 5.0, "wiremock": 0.5}  # apilint --procs 2 req/s over the peer's (issue 18)
P99_GOAL_MS = 10.0
JSON_HEADERS = {"Accept": "application/json"}


@dataclass(frozen=True)
class Call:
    """One request of the mix, with the status and top-level fields a correct answer has."""

    kind: str
    method: str
    path: str
    body: str | None
    status: int
    fields: tuple[str, ...]


def mix() -> list[Call]:
    """The fixed mix of 10, as the recorded consumer sent each request: 3 collection reads, 5 reads
    of the product the collection hands out first, 2 creates. The collection comes first: served
    from contracts, `apilint mock` accepts only ids it handed out (`{{var:id}}`)."""
    exchanges = wiremock_stubs.load_exchanges(TRAFFIC)
    listing = next(e for e in exchanges if e["operation"] == "GET /v1/products")
    create = next(e for e in exchanges if e["operation"] == "POST /v1/products")
    item_path = f"/v1/products/{listing['response']['body']['items'][0]['id']}"
    item = next(e for e in exchanges if e["request"]["path"] == item_path)
    query = "&".join(f"{k}={v}" for k, v in listing["request"]["query"])
    calls = {
        "list": Call("list", "GET", f"/v1/products?{query}", None, 200, tuple(listing["response"]["body"])),
        "read": Call("read", "GET", item_path, None, 200, tuple(item["response"]["body"])),
        "create": Call("create", "POST", "/v1/products", json.dumps(create["request"]["body"]), 201,
                       tuple(create["response"]["body"])),
    }
    order = ["list", "read", "read", "create", "read", "list", "read", "read", "list", "create"]
    return [calls[kind] for kind in order]


def lua(calls: list[Call]) -> str:
    """A wrk script that sends ``calls`` in order, round and round."""
    entries = []
    for call in calls:
        headers = '{["Accept"] = "application/json"' + (', ["Content-Type"] = "application/json"' if call.body else "")
        body = f"[==[{call.body}]==]" if call.body else "nil"
        entries.append(f'  {{"{call.method}", "{call.path}", {headers}}}, {body}}},')
    return ("local calls = {\n" + "\n".join(entries) + "\n}\nlocal n = 0\n"
            "request = function()\n  n = n % #calls + 1\n  local c = calls[n]\n"
            "  return wrk.format(c[1], c[2], c[3], c[4])\nend\n")


def check(port: int, calls: list[Call]) -> list[str]:
    """Problems with the server's answers to every distinct request of the mix (empty when correct),
    and the body size per kind of request."""
    problems, sizes = [], {}
    # The first request 8 times over new connections: every process of a `--procs 2` mock (state
    # is per process) sees the collection that hands out the id the reads use.
    for call in [calls[0]] * 7 + list(dict.fromkeys(calls)):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{call.path}", method=call.method,
            data=call.body.encode() if call.body else None,
            headers=JSON_HEADERS | ({"Content-Type": "application/json"} if call.body else {}))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, ctype, raw = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            status, ctype, raw = error.code, error.headers.get("Content-Type", ""), error.read()
        except OSError as error:
            problems.append(f"{call.method} {call.path}: {error}")
            continue
        label = f"{call.method} {call.path} -> {status} {ctype}"
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if status != call.status or "json" not in ctype or not isinstance(body, dict):
            problems.append(f"{label}: expected {call.status} JSON, got {raw[:300]!r}")
        elif missing := [f for f in call.fields if f not in body]:
            problems.append(f"{label}: fields missing: {', '.join(missing)}")
        sizes[call.kind] = len(raw)
    return list(dict.fromkeys(problems)) or [f"ok ({', '.join(f'{k} {v} B' for k, v in sizes.items())})"]


def command(name: str, port: int, apilint: Apilint, tmp: Path) -> tuple[list[str], dict[str, str]]:
    if name.startswith("apilint"):
        procs = ["--procs", "2"] if name.endswith("procs2") else []
        source = TRAFFIC if name == "apilint-recordings" else CONTRACTS
        return [*apilint.argv, "mock", str(source), "--listen", f"127.0.0.1:{port}", *procs], apilint.env
    if name == "prism":
        # Per-request logging off (-v warn), as for the others: Prism logs every request at info.
        return [str(node_tool("prism")), "mock", str(SPEC), "--host", "127.0.0.1", "--port", str(port),
                "-v", "warn"], {}
    root = tmp / "wiremock"
    wiremock_stubs.write(CONTRACTS, TRAFFIC, root)
    # The request journal keeps every request in memory: off, as WireMock advises for load tests.
    return ["java", "-jar", str(wiremock_jar()), "--port", str(port), "--bind-address", "127.0.0.1",
            "--root-dir", str(root), "--no-request-journal", "--disable-request-logging", "--disable-banner"], {}


def wiremock_jar() -> Path:
    return next(iter(sorted(WIREMOCK_JAR_DIR.glob("wiremock-standalone-*.jar"))), WIREMOCK_JAR_DIR / "missing.jar")


def missing_tool(names: list[str]) -> str | None:
    """How to install the first thing the selected servers need that is not here."""
    if not shutil.which("wrk"):
        return "wrk not found: apt-get install wrk"
    if "prism" in names and node_tool("prism") is None:
        return "Prism (@stoplight/prism-cli) not installed: run benchmarks/install_peers.sh"
    if "wiremock" in names:
        if not shutil.which("java"):
            return "java not found: install Java 17+ (apt-get install openjdk-17-jre-headless)"
        if not wiremock_jar().is_file():
            return "WireMock (npm wiremock) not installed: run benchmarks/install_peers.sh"
    return None


def start(name: str, port: int, apilint: Apilint, tmp: Path, log: Path) -> subprocess.Popen[bytes]:
    cmd, env = command(name, port, apilint, tmp)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=child_env(env), cwd=BENCH_DIR.parent, start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            wait_port(port, timeout=0.5)
            return proc
        except TimeoutError:
            continue
    stop(proc)
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
    raise SystemExit(f"mock_load: {name} did not start listening (exit {proc.returncode}): {tail[0][:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_apilint_option(parser)
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help=f"comma-separated, from {', '.join(SERVERS + OPTIONAL)} (default: the first four)")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per server (medians are printed)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per round and server")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of wrk warm-up per server")
    parser.add_argument("--warmup-jvm", type=int, default=60, help="seconds of wrk warm-up for WireMock (JIT)")
    parser.add_argument("--json", metavar="PATH", help="results file (default benchmarks/results/mock-<time>.json)")
    args = parser.parse_args()
    names = [n for n in args.servers.split(",") if n]
    if unknown := sorted(set(names) - set(SERVERS + OPTIONAL)):
        print(f"mock_load: unknown server {', '.join(unknown)} (choose from {', '.join(SERVERS + OPTIONAL)})",
              file=sys.stderr)
        return 2
    if problem := missing_tool(names):
        print(f"mock_load: {problem}", file=sys.stderr)
        return 2
    apilint = resolve_apilint(args.apilint)
    calls = mix()
    tmp = Path(tempfile.mkdtemp(prefix="apilint-mockbench-"))
    script = tmp / "mix.lua"
    script.write_text(lua(calls), encoding="utf-8")
    procs: dict[str, subprocess.Popen[bytes]] = {}
    ports: dict[str, int] = {}
    try:
        for name in names:
            ports[name] = free_port()
            procs[name] = start(name, ports[name], apilint, tmp, tmp / f"{name}.log")
            verdict = check(ports[name], calls)
            print(f"{name:18} answers the mix: {verdict[0]}" + "".join(f"\n{'':18}   {p}" for p in verdict[1:]),
                  file=sys.stderr)
            if not verdict[0].startswith("ok"):
                print(f"mock_load: {name} does not answer the API correctly; not measured", file=sys.stderr)
                return 1
        for name in names:
            seconds = args.warmup_jvm if name == "wiremock" else args.warmup
            if seconds > 0:
                warm = wrk(ports[name], seconds, str(script), args.connections)
                print(f"{name:18} warm-up {seconds} s: {warm['rps']:.0f} req/s", file=sys.stderr)
        runs: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
        for round_no in range(1, args.rounds + 1):
            for name in names:
                result = wrk(ports[name], args.duration, str(script), args.connections, procs[name].pid)
                runs[name].append(result)
                print(f"round {round_no} {name:18} {result['rps']:8.0f} req/s  p50 {result['p50']:.2f} ms  "
                      f"p99 {result['p99']:.2f} ms  failed {result['failed']}", file=sys.stderr)
        medians = report(runs, args)
        path = write_results("mock", {"args": vars(args), "medians": medians, "runs": runs,
                                      "mix": [c.__dict__ for c in calls]}, args.json)
        print(f"raw runs: {path}", file=sys.stderr)
    finally:
        for proc in procs.values():
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(runs: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> dict[str, Any]:
    """Print the table and the issue's goals; return the medians (for the results file)."""
    medians: dict[str, dict[str, float]] = {}
    rows = []
    for name, results in runs.items():
        cpu = [r["cpu_proxy"] + r["cpu_children"] for r in results if "cpu_proxy" in r]
        medians[name] = {key: median([r[key] for r in results]) for key in ("rps", "p50", "p99")}
        medians[name]["cpu_ms_per_req"] = median(cpu)
        rows.append([name, f"{medians[name]['rps']:.0f}", f"{medians[name]['p50']:.2f}", f"{medians[name]['p99']:.2f}",
                     f"{min(r['rps'] for r in results):.0f}-{max(r['rps'] for r in results):.0f}",
                     f"{median(cpu):.3f}" if cpu else "-", sum(r["failed"] for r in results)])
    print(f"\nwrk -t1 -c{args.connections}, {args.rounds} x {args.duration} s per server (alternated), medians; "
          f"mix per 10 requests: 3 GET collection, 5 GET by id, 2 POST create")
    print(table(["server", "req/s", "p50 ms", "p99 ms", "req/s range", "CPU ms/req", "non-2xx+errors"], rows))
    print("(CPU ms/req: the server's processes, user + system; steadier than req/s on a shared machine)")
    for name in ("apilint", "apilint-procs2"):
        if name not in medians:
            continue
        mine = medians[name]
        for peer, goal in GOALS.items():
            if peer in medians:
                ratio = mine["rps"] / medians[peer]["rps"]
                cpu_ratio = medians[peer]["cpu_ms_per_req"] / mine["cpu_ms_per_req"]
                verdict = ("PASS" if ratio >= goal else "FAIL") if name == "apilint-procs2" else "info"
                print(f"{verdict:4}  {name} / {peer} req/s: {ratio:.2f}x (goal for --procs 2: >= {goal:g}x); "
                      f"{peer}'s CPU per request / apilint's: {cpu_ratio:.2f}x")
        verdict = ("PASS" if mine["p99"] < P99_GOAL_MS else "FAIL") if name == "apilint-procs2" else "info"
        print(f"{verdict:4}  {name} p99 at -c{args.connections}: {mine['p99']:.2f} ms "
              f"(goal for --procs 2: < {P99_GOAL_MS:g} ms)")
    if "apilint-procs2" in medians and "wiremock" in medians:
        ratio = medians["apilint-procs2"]["rps"] / medians["wiremock"]["rps"]
        print(f"{'PASS' if ratio >= 1 else 'FAIL':4}  stretch: apilint-procs2 at WireMock's rate: {ratio:.2f}x")
    return medians


if __name__ == "__main__":
    sys.exit(main())
