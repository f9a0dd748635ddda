"""``--on-miss proxy``: a miss is forwarded to ``--upstream`` (httpx, to that scheme, host and port
only: ``apilint.target``), answered with what came back (``X-Apilint-Mock: miss``), and with
``--record-to DIR`` written as a recording exactly as ``apilint proxy`` writes one: the same record
builder and redaction pipeline (secrets and PII out before anything reaches disk), the same segment
files. The next ``apilint mock DIR`` serves it as a hit.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from apilint.errors import InputError
from apilint.mock.miss import miss_answer
from apilint.mock.request import Request
from apilint.mock.wire import MISS, message
from apilint.target import Target, UnsafePath, parse_target

_HOP = frozenset({"host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer",
                  "upgrade", "proxy-connection", "accept-encoding"})
TIMEOUT_S = 30.0


class Upstream:
    def __init__(self, target: Target, record_to: str | None) -> None:
        self.target = target
        self.record_to = record_to
        self.client: Any = None  # made in the serving loop, on the first miss
        self.writer: Any = None
        self.redactor: Any = None
        if record_to:
            from apilint.recording.redaction import Redactor, config_for
            from apilint.recording.segments import SegmentWriter

            self.writer = SegmentWriter(record_to, prefix="mock")
            self.redactor = Redactor(config_for([]))

    @classmethod
    def from_options(cls, upstream: str | None, record_to: str | None) -> Upstream:
        if not upstream:
            raise InputError("--on-miss proxy needs --upstream URL (the real service)")
        return cls(parse_target(upstream), record_to)

    def forward(self, req: Request, report: dict[str, Any]) -> Any:
        """The on-miss policy: a coroutine the server awaits (reading from that client pauses meanwhile)."""
        return self._forward(req, report)

    async def _forward(self, req: Request, report: dict[str, Any]) -> tuple[bytes, bytes]:
        import httpx

        try:
            url = self.target.url(req.path, req.raw_query)
        except UnsafePath:
            return miss_answer(req, report)
        if self.client is None:
            self.client = httpx.AsyncClient(timeout=TIMEOUT_S, follow_redirects=False)
        headers = {k: v for k, v in req.headers.items() if k not in _HOP}
        started = time.time()
        try:
            resp = await self.client.request(req.method, url, headers=self.target.headers(headers),
                                             content=req.body or None)
        except httpx.HTTPError as exc:
            report["forwarded"] = {"error": f"{type(exc).__name__}: {exc}"}
            return miss_answer(req, report)
        report["forwarded"] = {"status": resp.status_code}
        pairs = [(k.lower(), v) for k, v in resp.headers.multi_items()]
        if self.writer is not None:
            self._record(req, started, resp.status_code, pairs, resp.content)
        return message(resp.status_code, [(k, v) for k, v in pairs if k != "content-encoding"], resp.content, MISS)

    def _record(self, req: Request, started: float, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        from apilint.recording.build import build, encode
        from apilint.recording.capture import Captured, query_pairs

        req_headers = list(req.headers.items())
        cap = Captured(started=started, duration_ms=(time.time() - started) * 1000, method=req.method,
                       path=req.path, query=query_pairs(f"{req.path}?{req.raw_query}" if req.raw_query else req.path),
                       req_headers=req_headers, req_body=req.body or None, req_type=req.headers.get("content-type"),
                       status=status, resp_headers=[(k, v) for k, v in headers if k != "content-encoding"],
                       resp_body=body or None, resp_type=dict(headers).get("content-type"))
        try:
            self.writer.write(encode(build(cap, self.redactor, None)))
        except OSError as exc:
            print(f"apilint mock: --record-to {self.record_to}: cannot write ({exc.strerror or exc})",
                  file=sys.stderr)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
