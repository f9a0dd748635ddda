"""The request-path snapshot, decoded in the writer, equals what mitmproxy's own accessors give."""

from __future__ import annotations

import gzip
import pickle
import time

import pytest
from mitmproxy import http
from mitmproxy.test import tflow

from apilint.recording.capture import MAX_BODY, Captured, snapshot


def _flow(target: str, req_headers: list, req_body: bytes, status: int, resp_headers: list, resp_body: bytes):
    flow = tflow.tflow(resp=True)

    def fields(headers: list) -> list:
        return [(k.encode(), v.encode("utf-8")) for k, v in headers]

    flow.request = http.Request.make("POST", "http://127.0.0.1:8080" + target, req_body, fields(req_headers))
    flow.response = http.Response.make(status, resp_body, fields(resp_headers))
    flow.request.timestamp_start = time.time() - 0.01
    flow.response.timestamp_end = time.time()
    return flow


def _reference(flow) -> dict:
    """What the capture hook used to copy, through mitmproxy's (slower) accessors."""

    def content(message):
        raw = message.raw_content
        if not raw or len(raw) > MAX_BODY:
            return None
        if "content-encoding" not in message.headers:
            return raw
        return message.get_content(strict=False)

    def pairs(fields):
        return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in fields]

    req, resp = flow.request, flow.response
    return {
        "method": req.method,
        "path": req.path.partition("?")[0],
        "query": list(req.query.fields),
        "req_headers": pairs(req.headers.fields),
        "req_body": content(req),
        "req_type": req.headers.get("content-type"),
        "status": resp.status_code,
        "resp_headers": pairs(resp.headers.fields),
        "resp_body": content(resp),
        "resp_type": resp.headers.get("content-type"),
    }


CASES = [
    ("/v1/orders/42?api_key=k-1&empty=&flag&x=a%20b+c&x=2", [("Authorization", "Bearer t")], b"", 200, [], b"{}"),
    (
        "/v1/orders",
        [("Content-Type", "application/json"), ("content-type", "charset=utf-8"), ("X-Name", "Zoë")],
        b'{"a": 1}',
        201,
        [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2")],
        b'{"id": "x"}',
    ),
    (
        "/v1/z?q=%FF%FE#frag?no",
        [("Content-Encoding", "gzip"), ("Content-Type", "application/json")],
        gzip.compress(b'{"zipped": true}'),
        200,
        [("content-encoding", "br")],
        b"not really brotli",
    ),
    ("/big", [], b"x" * (MAX_BODY + 1), 204, [("content-encoding", "")], b""),
    ("/path;params?a=1", [("content-encoding", "identity")], b"plain", 500, [], b"x" * MAX_BODY),
]


@pytest.mark.parametrize("case", CASES)
def test_snapshot_decodes_to_what_mitmproxy_reports(case):
    flow = _flow(*case)
    raw = snapshot(flow)
    cap = Captured.from_raw(pickle.loads(pickle.dumps(raw)))  # as a writer process receives it
    got = {key: getattr(cap, key) for key in _reference(flow)}
    assert got == _reference(flow)
    assert cap.duration_ms == pytest.approx((flow.response.timestamp_end - flow.request.timestamp_start) * 1000)
    assert (cap.operation, cap.violations) == (None, None)


def test_snapshot_carries_the_inline_validation():
    flow = _flow(*CASES[0])
    violations = [{"side": "request", "kind": "schema", "field": "query.x", "message": "m"}]
    cap = Captured.from_raw(snapshot(flow, ("GET /v1/orders/{id}", violations)))
    assert (cap.operation, cap.violations) == ("GET /v1/orders/{id}", violations)
