"""HAR files in the shape Chrome's devtools export ("Save all as HAR with content"), and the secrets planted in them.

Chrome writes HTTP/2 pseudo-headers among the headers, parsed ``cookies`` arrays beside the ``Cookie`` /
``Set-Cookie`` headers, ``_initiator``/``_priority``/``_resourceType``/``_transferSize`` extensions,
``timings`` with Chrome's ``_blocked_queueing``, and ``content.encoding: base64`` for binary bodies.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.cGxhbnRlZC1zaWduYXR1cmU"
COOKIE = "sess-planted-7f3a9c2e"
COOKIE_ONLY_IN_ARRAY = "array-cookie-planted-0b7d"
API_KEY = "apikey-planted-51d2e8"
EMAIL = "alice.planted@example.com"
CARD = "4111 1111 1111 1111"
PASSWORD = "hunter2-planted-pw"
ACCESS_TOKEN = "at-planted-9c1f44aa"
SECRETS = (JWT, COOKIE, COOKIE_ONLY_IN_ARRAY, API_KEY, EMAIL, CARD, CARD.replace(" ", ""), PASSWORD, ACCESS_TOKEN,
           "alice.planted")


def _pairs(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _cookies(header: str | None) -> list[dict[str, Any]]:
    out = []
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            out.append({"name": name, "value": value, "path": "/", "domain": "127.0.0.1", "expires": None,
                        "httpOnly": False, "secure": False})
    return out


def entry(method: str, url: str, request_headers: list[tuple[str, str]], request_body: bytes | None,
          status: int, response_headers: list[tuple[str, str]], response_body: bytes | None,
          started: datetime | None = None, time_ms: float = 12.5, binary: bool = False,
          extra_request_cookies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One entry as Chrome 120+ writes it for an XHR/fetch over HTTP/2."""
    parts = urlsplit(url)
    started = started or datetime.now(UTC)
    req_names = {n.lower(): v for n, v in request_headers}
    resp_names = {n.lower(): v for n, v in response_headers}
    pseudo = [(":authority", parts.netloc), (":method", method), (":path", parts.path + (f"?{parts.query}" if parts.query else "")),
              (":scheme", parts.scheme)]
    request: dict[str, Any] = {
        "method": method, "url": url, "httpVersion": "http/2.0",
        "headers": _pairs(pseudo + [(n.lower(), v) for n, v in request_headers]),
        "queryString": _pairs(parse_qsl(parts.query, keep_blank_values=True)),
        "cookies": _cookies(req_names.get("cookie")) + (extra_request_cookies or []),
        "headersSize": -1, "bodySize": len(request_body or b""),
    }
    if request_body:
        request["postData"] = {"mimeType": req_names.get("content-type", "application/octet-stream"),
                               "text": request_body.decode()}
    content: dict[str, Any] = {"size": len(response_body or b""), "mimeType": resp_names.get("content-type", "x-unknown"),
                               "compression": 0}
    if response_body:
        content["text"] = base64.b64encode(response_body).decode() if binary else response_body.decode()
        if binary:
            content["encoding"] = "base64"
    return {
        "_connectionId": "4321", "_initiator": {"type": "script", "stack": {"callFrames": [
            {"functionName": "load", "scriptId": "12", "url": f"{parts.scheme}://{parts.netloc}/app.js?token={ACCESS_TOKEN}",
             "lineNumber": 10, "columnNumber": 4}]}},
        "_priority": "High", "_resourceType": "fetch", "cache": {}, "connection": "443", "pageref": "page_1",
        "request": request,
        "response": {
            "status": status, "statusText": "", "httpVersion": "http/2.0",
            "headers": _pairs([(":status", str(status))] + [(n.lower(), v) for n, v in response_headers]),
            "cookies": [{**c, "httpOnly": True, "secure": True, "sameSite": "Lax"}
                        for h in (v for n, v in response_headers if n.lower() == "set-cookie")
                        for c in _cookies(h.split(";")[0])],
            "content": content, "redirectURL": "", "headersSize": -1, "bodySize": -1,
            "_transferSize": 512 + len(response_body or b""), "_error": None, "_fetchedViaServiceWorker": False,
        },
        "serverIPAddress": "127.0.0.1", "startedDateTime": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "time": time_ms,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": time_ms - 2, "receive": 0.7,
                    "_blocked_queueing": 0.8, "_workerStart": -1, "_workerReady": -1, "_workerFetchStart": -1,
                    "_workerRespondWithSettled": -1},
    }


def har(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"log": {
        "version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": entries[0]["startedDateTime"] if entries else "2026-12-06T07:00:00.000Z",
                   "id": "page_1", "title": "http://127.0.0.1/", "pageTimings": {"onContentLoad": 120.5, "onLoad": 200.1}}],
        "entries": entries,
    }}


def from_response(response: httpx.Response, started: datetime) -> dict[str, Any]:
    """An entry for a real httpx exchange, as the browser that sent it would have saved it."""
    request = response.request
    headers = [(n, v) for n, v in request.headers.multi_items() if n.lower() not in ("host", "content-length")]
    return entry(request.method, str(request.url), headers, request.content or None, response.status_code,
                 list(response.headers.multi_items()), response.content or None, started,
                 response.elapsed.total_seconds() * 1000)


def write(path, entries: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps(har(entries), indent=2), encoding="utf-8")
