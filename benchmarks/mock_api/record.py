"""Rebuild benchmarks/mock_api/{traffic,contracts} with the real pipeline: start service.py, put
`apilint proxy` in front of it, play a consumer session (list, read, create, read what was created),
stop the proxy (SIGTERM flushes), then `apilint contracts build`. Everything stays on 127.0.0.1.

    python benchmarks/mock_api/record.py            # from the repository root, apilint importable
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
from proxy_load import free_port, wait_port  # noqa: E402

NEW_PRODUCTS = [
    {"sku": "TRV-0100-GRA", "name": "Trail Backpack 30 L (graphite)", "price": {"amount": 9900, "currency": "EUR"},
     "description": "A 30-litre daypack in graphite ripstop nylon with a padded laptop sleeve and a rain cover.",
     "stock": {"available": 0, "reserved": 0, "warehouse": "AMS-2"},
     "categories": ["outdoor", "bags", "backpacks"], "tags": ["waterproof", "laptop-sleeve", "graphite"]},
    {"sku": "TRV-0101-SAN", "name": "Trail Backpack 32 L (sand)", "price": {"amount": 10400, "currency": "EUR"},
     "description": "A 32-litre daypack in sand ripstop nylon with a hip belt, two side pockets and a rain cover.",
     "stock": {"available": 12, "reserved": 0, "warehouse": "AMS-2"},
     "categories": ["outdoor", "bags", "backpacks"], "tags": ["waterproof", "hip-belt", "sand"]},
    {"sku": "TRV-0102-OCE", "name": "Trail Backpack 35 L (ocean)", "price": {"amount": 11900, "currency": "EUR"},
     "description": "A 35-litre pack in ocean ripstop nylon with a frame sheet, a lid pocket and a rain cover.",
     "stock": {"available": 5, "reserved": 1, "warehouse": "AMS-2"},
     "categories": ["outdoor", "bags", "backpacks"], "tags": ["waterproof", "frame", "ocean"]},
]


def call(base: str, method: str, path: str, body: object | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def session(base: str) -> None:
    """What a consumer of the catalog does: browse, open products, create some, open one of them."""
    for _ in range(2):
        call(base, "GET", "/v1/products?limit=3")
    for index in range(1, 7):
        call(base, "GET", f"/v1/products/p-{1000 + index}")
    created = [call(base, "POST", "/v1/products", body) for body in NEW_PRODUCTS]
    call(base, "GET", f"/v1/products/{created[0]['id']}")


def main() -> int:
    raw = Path(tempfile.mkdtemp(prefix="mock-api-rec-"))
    service_port, proxy_port = free_port(), free_port()
    service = subprocess.Popen([sys.executable, str(HERE / "service.py"), str(service_port)])
    proxy = subprocess.Popen([sys.executable, "-m", "apilint", "proxy", "--upstream",
                              f"http://127.0.0.1:{service_port}", "--listen", f"127.0.0.1:{proxy_port}",
                              "--out", str(raw), "--spec", str(HERE / "openapi.yaml"), "--quiet"], cwd=ROOT)
    try:
        wait_port(service_port)
        wait_port(proxy_port, timeout=60)
        session(f"http://127.0.0.1:{proxy_port}")
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(60)
        traffic, contracts = HERE / "traffic", HERE / "contracts"
        shutil.rmtree(traffic, ignore_errors=True)
        shutil.rmtree(contracts, ignore_errors=True)
        traffic.mkdir()
        for segment in sorted(raw.glob("**/*.jsonl")):
            shutil.copy(segment, traffic / segment.name)
        time.sleep(0.1)
        return subprocess.call([sys.executable, "-m", "apilint", "contracts", "build", str(traffic.relative_to(ROOT)),
                                "--out", str(contracts.relative_to(ROOT)),
                                "--spec", str((HERE / "openapi.yaml").relative_to(ROOT))], cwd=ROOT)
    finally:
        for proc in (proxy, service):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(raw, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
