"""Replay throughput: apilint replay vs bare client loops (aiohttp, httpx async, httpx sync).

Serves one static JSON order from nginx on loopback (or, if nginx is missing, the fastest Python
server here: a raw asyncio responder), writes N recorded interactions in docs/recording-format.md,
and times with the same concurrency: each bare loop sending the N requests and reading the bodies,
and apilint's replay engine sending, comparing (matchers, noise) and classifying all N.

    python benchmarks/replay_bench.py [--n 20000] [--concurrency 32] [--repeat 3]

Prints medians of interactions/s and the ratio apilint / aiohttp (goal: >= 0.5).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BODY = {"order_id": "3f1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f60", "customer_id": "c-1", "status": "PENDING",
        "items": [{"product_id": "p-1", "quantity": 2}], "total_items": 2,
        "created_at": "2026-11-22T10:00:00.123Z", "updated_at": "2026-11-22T10:00:00.123Z", "note": None}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_nginx(root: Path, port: int) -> subprocess.Popen | None:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not binary:
        return None
    (root / "www").mkdir()
    (root / "www" / "order.json").write_text(json.dumps(BODY))
    for path in (root, root / "www", root / "www" / "order.json"):
        path.chmod(0o755)  # nginx workers run as an unprivileged user when started as root
    (root / "nginx.conf").write_text(f"""
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    location / {{ default_type application/json; try_files /order.json =404; root {root}/www; }}
  }}
}}
""")
    (root / "tmp").mkdir()
    return subprocess.Popen([binary, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_asyncio_server(port: int) -> subprocess.Popen:
    code = f"""
import asyncio, json
BODY = json.dumps({BODY!r}).encode()
HEAD = b"HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: %d\\r\\n\\r\\n" % len(BODY)
class P(asyncio.Protocol):
    def connection_made(self, t): self.t, self.buf = t, b""
    def data_received(self, d):
        self.buf += d
        while b"\\r\\n\\r\\n" in self.buf:
            _, self.buf = self.buf.split(b"\\r\\n\\r\\n", 1)
            self.t.write(HEAD + BODY)
async def main():
    server = await asyncio.get_running_loop().create_server(P, "127.0.0.1", {port})
    await server.serve_forever()
asyncio.run(main())
"""
    return subprocess.Popen([sys.executable, "-c", code])


def wait_ready(url: str) -> None:
    import httpx

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"server at {url} did not start")


def write_recording(folder: Path, n: int) -> list[str]:
    paths = []
    with (folder / "bench.jsonl").open("w") as handle:
        for i in range(n):
            path = f"/v1/orders/{i}"
            paths.append(path)
            body = dict(BODY, order_id=str(uuid.uuid4()))  # recorded ids differ from the served one: noise
            handle.write(json.dumps({
                "v": 1, "kind": "exchange", "id": f"r{i}", "ts": f"2026-11-22T10:00:{i % 60:02d}.000Z",
                "duration_ms": 1.0, "operation": "GET /v1/orders/{order_id}",
                "request": {"method": "GET", "path": path, "query": [], "headers": [["accept", "application/json"]],
                            "content_type": None, "body": None, "body_text": None},
                "response": {"status": 200, "headers": [["content-type", "application/json"]],
                             "content_type": "application/json", "body": body, "body_text": None},
                "violations": [], "redacted": []}) + "\n")
    return paths


async def aiohttp_loop(base: str, paths: list[str], concurrency: int) -> None:
    import aiohttp

    queue = iter(paths)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def worker() -> None:
            for path in queue:
                async with session.get(base + path) as resp:
                    await resp.read()
        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def httpx_async_loop(base: str, paths: list[str], concurrency: int) -> None:
    import httpx

    queue = iter(paths)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        async def worker() -> None:
            for path in queue:
                (await client.get(base + path)).read()
        await asyncio.gather(*(worker() for _ in range(concurrency)))


def httpx_sync_loop(base: str, paths: list[str], concurrency: int) -> None:
    import httpx

    lock = threading.Lock()
    queue = iter(paths)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(limits=limits) as client:
        def worker() -> None:
            while True:
                with lock:
                    path = next(queue, None)
                if path is None:
                    return
                client.get(base + path).read()
        with ThreadPoolExecutor(concurrency) as pool:
            for future in [pool.submit(worker) for _ in range(concurrency)]:
                future.result()


def apilint_replay(base: str, folder: Path, concurrency: int) -> Callable[[], None]:
    from apilint.replay.api import replay

    def run() -> None:
        results, _ = replay(str(folder), base, concurrency=concurrency)
        bad = [r for r in results if r.outcome != "pass"]
        if bad:
            raise SystemExit(f"replay reported differences: {bad[0].to_dict()}")
    return run


def timed(fn: Callable[[], None]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-httpx-async", action="store_true", help="it is slow: ~1 min for 20,000")
    parser.add_argument("--skip-httpx", action="store_true", help="only aiohttp and apilint (quick paired runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        port = free_port()
        server = start_nginx(root, port)
        name = "nginx"
        if server is None:
            server, name = start_asyncio_server(port), "python asyncio responder"
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + "/v1/orders/0")
            (root / "rec").mkdir()
            paths = write_recording(root / "rec", args.n)
            loops: dict[str, Callable[[], None]] = {
                "aiohttp (bare loop)": lambda: asyncio.run(aiohttp_loop(base, paths, args.concurrency)),
                "httpx.Client sync, threads (bare loop)": lambda: httpx_sync_loop(base, paths, args.concurrency),
                "apilint replay (load+plan+send+compare)": apilint_replay(base, root / "rec", args.concurrency),
            }
            if args.skip_httpx:
                del loops["httpx.Client sync, threads (bare loop)"]
            if not (args.skip_httpx_async or args.skip_httpx):
                loops["httpx.AsyncClient (bare loop)"] = lambda: asyncio.run(
                    httpx_async_loop(base, paths, args.concurrency))
            rates: dict[str, list[float]] = {k: [] for k in loops}
            for _ in range(args.repeat):
                for label, fn in loops.items():  # interleaved, so drift hits every contestant alike
                    rates[label].append(args.n / timed(fn))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"server: {name} on loopback; {args.n} interactions; concurrency {args.concurrency}; "
          f"median of {args.repeat}")
    medians = {k: statistics.median(v) for k, v in rates.items()}
    for label, rate in medians.items():
        print(f"  {label:45} {rate:10,.0f} interactions/s   (runs: {', '.join(f'{r:,.0f}' for r in rates[label])})")
    ours, bare = rates["apilint replay (load+plan+send+compare)"], rates["aiohttp (bare loop)"]
    paired = [a / b for a, b in zip(ours, bare, strict=True)]  # same round, same machine noise
    ratio = medians["apilint replay (load+plan+send+compare)"] / medians["aiohttp (bare loop)"]
    print(f"apilint replay / bare aiohttp = {ratio:.2f} (ratio of medians); per round: "
          f"{', '.join(f'{r:.2f}' for r in paired)}; median {statistics.median(paired):.2f}  (goal >= 0.50)")


if __name__ == "__main__":
    main()
