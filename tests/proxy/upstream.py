"""A small real HTTP service for the proxy tests: ``python tests/proxy/upstream.py`` prints its port.

Responses are deterministic functions of the request, so a response through the proxy can be
compared byte for byte with the service's own answer.
"""

from __future__ import annotations

import hashlib
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LOGIN_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldA"
SEEN: list[str] = []  # method + path of every request that reached the service


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Service", "upstream")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: object) -> None:
        self._send(status, json.dumps(data, sort_keys=True).encode())

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/_seen":
            self._json(200, SEEN)
            return
        SEEN.append(f"GET {url.path}")
        query = dict(parse_qsl(url.query))
        parts = url.path.strip("/").split("/")
        if url.path == "/v1/health":
            self._send(200, b"ok", "text/plain")
        elif parts[:2] == ["v1", "orders"] and len(parts) == 3:
            oid = parts[2]
            created = f"2026-11-22T10:00:{int(oid) % 60:02d}Z" if oid.isdigit() else "2026-11-22T10:00:00Z"
            self._json(
                200,
                {
                    "order_id": oid,
                    "status": "PENDING",
                    "created_at": created,
                    "customer_email": f"buyer{oid}@example.com",
                },
            )
        elif url.path == "/v1/orders":
            size = int(query.get("page_size", "2"))
            items = [{"order_id": str(i + 1)} for i in range(size)]
            self._json(200, {"items": items, "next_page_token": None})
        else:
            self._json(404, {"type": "about:blank", "title": "Not Found", "status": 404})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        url = urlsplit(self.path)
        SEEN.append(f"POST {url.path}")
        if url.path == "/v1/orders":
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._json(400, {"title": "bad json", "status": 400})
                return
            digest = hashlib.sha256(raw).hexdigest()
            self._json(
                201,
                {
                    "order_id": str(uuid.UUID(digest[:32])),
                    "status": "PENDING",
                    "created_at": "2026-11-22T10:00:00Z",
                    "customer": body.get("customer"),
                    "items": body.get("items", []),
                },
            )
        elif url.path == "/v1/login":
            self._json(200, {"access_token": LOGIN_TOKEN, "token_type": "Bearer"})
        else:
            self._json(404, {"title": "Not Found", "status": 404})


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
