"""Start the example orders service for a test, and record real exchanges with it.

The recordings are written in docs/recording-format.md from real httpx exchanges with the real v1
service (the proxy that normally writes them is built on another branch).
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
SERVICE = ROOT / "examples" / "service"
SPEC_V1 = SERVICE / "openapi.yaml"
SPEC_V2 = SERVICE / "openapi-v2.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def service(build: str) -> Iterator[str]:
    """Run one build on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- a file, not a pipe: a chatty server must never block on a full pipe
    proc = subprocess.Popen([sys.executable, str(SERVICE / "server.py"), "--build", build, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/v1/orders", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"service {build} did not start: {log.read().decode()[-2000:]}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _record(response: httpx.Response, started: datetime, elapsed: float, operation: str | None) -> dict[str, Any]:
    request = response.request
    req_type = request.headers.get("content-type")
    req_body = json.loads(request.content) if request.content and "json" in (req_type or "") else None
    resp_type = response.headers.get("content-type")
    headers = [[k.lower(), v] for k, v in request.headers.items()
               if k.lower() not in ("host", "content-length", "user-agent", "accept-encoding", "connection")]
    redacted = []
    for pair in headers:
        if pair[0] == "authorization":
            pair[1] = "<redacted:token>"
            redacted.append("request.headers.authorization")
    return {
        "v": 1, "kind": "exchange", "id": str(uuid.uuid4()),
        "ts": started.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "duration_ms": round(elapsed * 1000, 3), "operation": operation,
        "request": {"method": request.method, "path": request.url.path,
                    "query": [[k, v] for k, v in request.url.params.multi_items()], "headers": headers,
                    "content_type": req_type, "body": req_body, "body_text": None},
        "response": {"status": response.status_code, "headers": [[k.lower(), v] for k, v in response.headers.items()],
                     "content_type": resp_type, "body": response.json() if "json" in (resp_type or "") else None,
                     "body_text": None},
        "violations": [], "redacted": redacted,
    }


def drive_session(url: str) -> list[dict[str, Any]]:
    """Drive a build through create/get/update/list/error flows; each exchange as a record."""
    records: list[dict[str, Any]] = []
    auth = {"authorization": "Bearer secret-token-never-written"}
    with httpx.Client(base_url=url, timeout=10) as client:
        def send(method: str, path: str, operation: str, **kwargs: Any) -> httpx.Response:
            started = datetime.now(UTC)
            t0 = time.perf_counter()
            response = client.request(method, path, **kwargs)
            records.append(_record(response, started, time.perf_counter() - t0, operation))
            return response

        first = send("POST", "/v1/orders", "POST /v1/orders", headers={**auth, "idempotency-key": "k-1"},
                     json={"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}).json()
        send("POST", "/v1/orders", "POST /v1/orders", headers=auth,
             json={"customer_id": "c-2", "items": [{"product_id": "p-9", "quantity": 1}], "note": "gift"})
        send("GET", f"/v1/orders/{first['order_id']}", "GET /v1/orders/{order_id}", headers=auth)
        send("PATCH", f"/v1/orders/{first['order_id']}", "PATCH /v1/orders/{order_id}", headers=auth,
             json={"status": "PAID"})
        page = send("GET", "/v1/orders", "GET /v1/orders", params={"page_size": "1"}).json()
        send("GET", "/v1/orders", "GET /v1/orders", params={"page_size": "1", "page_token": page["next_page_token"]})
        send("GET", "/v1/orders/no-such-order", "GET /v1/orders/{order_id}")
        send("POST", "/v1/orders", "POST /v1/orders", json={"customer_id": "", "items": []})
        send("POST", "/v1/orders", "POST /v1/orders", headers={**auth, "idempotency-key": "k-1"},
             json={"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]})
    return records


def record_session(url: str, folder: Path) -> list[dict[str, Any]]:
    """Drive a build (see ``drive_session``) and write each exchange as a record, as the proxy would."""
    records = drive_session(url)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "segment-0001.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return records
