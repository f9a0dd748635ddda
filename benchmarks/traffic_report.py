"""`apilint traffic report` on 100,000 recorded exchanges (issue 21): wall time and peak RSS, medians.

The exchanges are synthetic but shaped like the example orders service's (examples/service): creates,
gets, lists of 5 orders, patches and errors, with some drift planted (an undocumented endpoint, an
undocumented field). They are written once, as proxy segments of 10,000 lines, to a temporary folder::

    python3 benchmarks/traffic_report.py [-n 3] [--exchanges 100000] [--apilint PATH]

The target is < 10 s; memory must not grow with the number of records (compare --exchanges 10000).
CPU time is printed beside wall time: on a shared machine the wall time mostly measures the others.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import REPO_DIR, add_apilint_option, child_env, measure, median, resolve_apilint

SPEC = REPO_DIR / "examples" / "service" / "openapi.yaml"
SEGMENT_LINES = 10_000


def _order(n: int) -> dict:
    return {"order_id": str(uuid.UUID(int=n + 1)), "customer_id": f"c-{n % 97}",
            "items": [{"product_id": f"p-{n % 13}", "quantity": 1 + n % 5}], "note": None if n % 3 else "gift",
            "status": ("PENDING", "PAID", "SHIPPED", "CANCELLED")[n % 4], "total_items": 1 + n % 5,
            "created_at": "2026-11-22T10:00:00Z", "updated_at": "2026-11-22T10:00:01Z",
            **({"loyalty_tier": "gold"} if n % 50 == 0 else {})}


def _exchange(n: int) -> dict:
    ts = f"2026-11-22T{10 + n // 360000 % 10:02d}:{n // 6000 % 60:02d}:{n // 100 % 60:02d}.{n % 1000:03d}Z"
    order = _order(n)
    kind = n % 10
    if kind < 3:
        method, path, status, body, operation = "GET", f"/v1/orders/{order['order_id']}", 200, order, \
            "GET /v1/orders/{order_id}"
    elif kind < 5:
        method, path, status, body, operation = "GET", "/v1/orders", 200, \
            {"orders": [_order(n + i) for i in range(5)], "next_page_token": "bzo1"}, "GET /v1/orders"
    elif kind < 7:
        method, path, status, body, operation = "POST", "/v1/orders", 201, order, "POST /v1/orders"
    elif kind < 9:
        method, path, status, body, operation = "PATCH", f"/v1/orders/{order['order_id']}", 200, order, \
            "PATCH /v1/orders/{order_id}"
    elif n % 20 == 9:
        method, path, status, body, operation = "GET", f"/v1/customers/{n % 97}", 200, {"id": n % 97}, None
    else:
        method, path, status, operation = "GET", "/v1/orders/missing", 404, "GET /v1/orders/{order_id}"
        body = {"error": {"code": "NOT_FOUND", "message": "no such order", "request_id": str(uuid.UUID(int=n))}}
    request_body = {"customer_id": order["customer_id"], "items": order["items"]} if method == "POST" else \
        {"status": order["status"]} if method == "PATCH" else None
    return {"v": 1, "kind": "exchange", "id": f"bench-{n}", "ts": ts, "duration_ms": 2.5, "operation": operation,
            "request": {"method": method, "path": path, "query": [], "headers": [["authorization", "<redacted:token>"]],
                        "content_type": "application/json" if request_body else None, "body": request_body,
                        "body_text": None, "body_note": None},
            "response": {"status": status, "headers": [["content-type", "application/json"]],
                         "content_type": "application/json", "body": body, "body_text": None, "body_note": None},
            "violations": [], "redacted": ["request.headers.authorization"]}


def write_recording(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, count, SEGMENT_LINES):
        name = folder / f"bench-20261122T100000Z-1-{start // SEGMENT_LINES:04d}.jsonl"
        with name.open("w") as handle:
            for n in range(start, min(start + SEGMENT_LINES, count)):
                handle.write(json.dumps(_exchange(n), separators=(",", ":")) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=3)
    parser.add_argument("--exchanges", type=int, default=100_000)
    add_apilint_option(parser)
    args = parser.parse_args()
    apilint = resolve_apilint(args.apilint)
    with tempfile.TemporaryDirectory(prefix="apilint-traffic-bench-") as tmp:
        folder = Path(tmp) / "rec"
        write_recording(folder, args.exchanges)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"{args.exchanges} exchanges, {size:.0f} MB in {len(list(folder.iterdir()))} segments")
        walls, peaks, cpus = [], [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            run = measure([*apilint.argv, "traffic", "report", str(folder), "--spec", str(SPEC), "-f", "json",
                           "-o", str(Path(tmp) / "report.json")], timeout=600, env=child_env(apilint.env))
            if run.exit_code not in (0, 1):
                print(f"apilint failed ({run.exit_code}): {run.stderr.strip()[-500:]}")
                return 1
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            walls.append(run.wall_s)
            peaks.append(run.peak_rss_mb)
            cpus.append(cpu)
            print(f"  run: {run.wall_s:.2f} s wall, {cpu:.2f} s CPU, peak RSS {run.peak_rss_mb:.0f} MB")
        report = json.loads((Path(tmp) / "report.json").read_text())
        print(f"median: {median(walls):.2f} s wall, {median(cpus):.2f} s CPU, peak RSS {median(peaks):.0f} MB "
              f"({args.exchanges / median(walls):,.0f} exchanges/s; target < 10 s) — "
              f"{report['coverage']['calls']} calls covered, {report['summary']['drift']} drift findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
