"""A real HTTP service answering from ``canned.RESPONSES``: ``python tests/proxy/canned_upstream.py``
prints its port. Unknown paths get 200 with an empty JSON object."""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from canned import DYNAMIC, RESPONSES


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        size = int(self.headers.get("content-length") or 0)
        while size > 0:
            size -= len(self.rfile.read(min(size, 1 << 16)) or b"x" * size)
        path = urlsplit(self.path).path
        if path in DYNAMIC and path not in RESPONSES:
            status, headers, make = DYNAMIC[path]
            RESPONSES[path] = (status, headers, make())
        status, headers, body = RESPONSES.get(path, (200, [("content-type", "application/json")], b"{}"))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
