"""The real service behind benchmarks/mock_api: a product catalog with a collection, an item and a
create, answering ~1 kB JSON bodies. Only `record.py` runs it (through `apilint proxy`) to make the
contracts that every mock in `mock_load.py` serves. ``python service.py PORT`` serves until killed."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

COLORS = ["graphite", "sand", "ocean", "forest", "ember", "slate", "pearl", "rust"]


def product(index: int) -> dict[str, object]:
    """Catalog product number ``index`` (1-based): a deterministic, realistic ~1 kB record."""
    color = COLORS[index % len(COLORS)]
    pid = f"p-{1000 + index}"
    return {
        "id": pid,
        "sku": f"TRV-{index:04d}-{color[:3].upper()}",
        "name": f"Trail Backpack {20 + index} L ({color})",
        "description": (
            f"A {20 + index}-litre daypack in {color} ripstop nylon with a padded laptop sleeve, "
            "a ventilated back panel, two side pockets and a rain cover stowed in the base."
        ),
        "status": "active",
        "price": {"amount": 7900 + 250 * index, "currency": "EUR"},
        "stock": {"available": 40 + 3 * index, "reserved": index % 4, "warehouse": "AMS-2"},
        "dimensions": {"height_cm": 48, "width_cm": 30, "depth_cm": 18 + index % 5, "weight_g": 820 + 15 * index},
        "categories": ["outdoor", "bags", "backpacks"],
        "tags": ["waterproof", "laptop-sleeve", color],
        "images": [
            {"url": f"https://cdn.shop.example/products/{pid}/front.jpg", "width": 1200, "height": 1600},
            {"url": f"https://cdn.shop.example/products/{pid}/back.jpg", "width": 1200, "height": 1600},
        ],
        "rating": {"average": round(3.9 + (index % 10) / 10, 1), "count": 12 * index + 7},
        "created_at": f"2026-10-{index % 28 + 1:02d}T09:{index % 60:02d}:00Z",
        "updated_at": f"2026-11-{index % 28 + 1:02d}T16:{index % 60:02d}:00Z",
    }


def summary(item: dict[str, object]) -> dict[str, object]:
    """What the collection lists per product."""
    keys = ("id", "sku", "name", "status", "price", "stock", "rating", "updated_at")
    return {key: item[key] for key in keys} | {"thumbnail": item["images"][0]["url"]}  # type: ignore[index]


CATALOG = {item["id"]: item for item in (product(i) for i in range(1, 41))}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _json(self, status: int, data: object) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if url.path == "/v1/products":
            query = dict(parse_qsl(url.query))
            limit = min(int(query.get("limit", "5")), 20)
            items = list(CATALOG.values())[:limit]
            self._json(200, {"items": [summary(i) for i in items], "next_cursor": f"c-{items[-1]['id']}",
                             "total": len(CATALOG)})
        elif parts[:2] == ["v1", "products"] and len(parts) == 3 and parts[2] in CATALOG:
            self._json(200, CATALOG[parts[2]])
        else:
            self._json(404, {"type": "about:blank", "title": "Not Found", "status": 404})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        data = json.loads(self.rfile.read(length) or b"{}")
        if urlsplit(self.path).path != "/v1/products":
            self._json(404, {"type": "about:blank", "title": "Not Found", "status": 404})
            return
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        created = product(len(CATALOG) + 1) | data | {
            "id": str(uuid.uuid4()), "status": "draft", "created_at": now, "updated_at": now}
        CATALOG[created["id"]] = created
        self._json(201, created)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
