"""HAR 1.2 files (browser devtools, Charles, Proxyman, ...) -> captured exchanges, as the proxy captures them.

Each entry becomes a ``Captured`` that the proxy's own ``build`` turns into a record, redacted by the one
pipeline: only what a record holds is taken (method, URL path and query, headers, bodies, status,
``startedDateTime``, ``time``); the HAR's extra fields (``_initiator``, ``timings``, ``serverIPAddress``,
...) are dropped. HTTP/2 pseudo-headers (``:authority``) are dropped; a ``cookies`` array whose header is
missing becomes a ``Cookie`` / ``Set-Cookie`` header, so it is redacted like one.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from apilint.errors import InputError, shown_path
from apilint.recording.capture import MAX_BODY, Captured, decoded_body, query_pairs
from apilint.recording.format import Pairs

Skip = Callable[..., None]  # skip(reason, count=1)


class BadEntry(ValueError):
    """An entry that cannot become an exchange: skipped and counted, the rest of the file is read."""


def har_captures(path: str, skip: Skip) -> Iterator[tuple[str, Captured]]:
    """``(file#/log/entries/N, captured)`` for each entry; an entry that cannot be read is skipped."""
    shown = shown_path(path)
    for index, entry in enumerate(_entries(path, shown)):
        where = f"{shown}#/log/entries/{index}"
        try:
            yield where, _captured(entry)
        except BadEntry as exc:
            skip(f"{where}: {exc}")


def _entries(path: str, shown: str) -> list[Any]:
    try:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"byte {exc.start}: not UTF-8, so not a HAR file", shown) from None
    try:
        har = json.loads(text)
    except ValueError as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        raise InputError(f"not JSON, so not a HAR file ({getattr(exc, 'msg', exc)})", shown, line, column) from None
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        line, column = _position(text, '"entries"' if isinstance(log, dict) and "entries" in log else '"log"')
        raise InputError("a HAR file needs log.entries, a list of entries (HAR 1.2)", shown, line, column)
    return entries


def _position(text: str, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` in ``text`` (of the start when it is not there)."""
    offset = max(text.find(needle), 0)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _captured(entry: Any) -> Captured:
    req, resp = _part(entry, "request"), _part(entry, "response")
    method, url, status = req.get("method"), req.get("url"), resp.get("status")
    if not isinstance(method, str) or not method or not isinstance(url, str):
        raise BadEntry("request needs a method and a url")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise BadEntry(f"no response (status {status!r}: blocked, cancelled or failed)")
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    query = query_pairs(target) if parts.query else _pairs(req.get("queryString"), "request.queryString")
    req_headers = _headers(req, "request", "cookie", "; ")
    resp_headers = _headers(resp, "response", "set-cookie", None)
    req_body, req_type = _request_body(req, req_headers)
    resp_body, resp_type = _response_body(resp, resp_headers)
    (req_body, req_omitted), (resp_body, resp_omitted) = _bounded(req_body), _bounded(resp_body)
    duration = entry.get("time")
    return Captured(
        started=_started(entry.get("startedDateTime")),
        duration_ms=float(duration) if isinstance(duration, int | float) and duration >= 0 else 0.0,
        method=method.upper(), path=parts.path or "/", query=query,
        req_headers=req_headers, req_body=req_body, req_type=req_type,
        status=status, resp_headers=resp_headers, resp_body=resp_body, resp_type=resp_type,
        req_omitted=req_omitted, resp_omitted=resp_omitted,
    )


def _part(entry: Any, name: str) -> dict[str, Any]:
    part = entry.get(name) if isinstance(entry, dict) else None
    if not isinstance(part, dict):
        raise BadEntry(f"an entry needs a {name} object")
    return part


def _pairs(items: Any, where: str) -> Pairs:
    """HAR ``[{"name": ..., "value": ...}]`` as pairs."""
    if items is None:
        return []
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and isinstance(i.get("name"), str) for i in items
    ):
        raise BadEntry(f"{where} must be a list of {{name, value}}")
    return [(i["name"], str(i.get("value") if i.get("value") is not None else "")) for i in items]


def _headers(part: dict[str, Any], side: str, cookie_header: str, join: str | None) -> Pairs:
    """Lower-case headers without HTTP/2 pseudo-headers; the ``cookies`` array as a cookie header when the
    headers lack one (``join``: the request's cookies share one header, each response cookie has its own)."""
    headers = [(name.lower(), value) for name, value in _pairs(part.get("headers"), f"{side}.headers")
               if not name.startswith(":")]
    cookies = [f"{name}={value}" for name, value in _pairs(part.get("cookies"), f"{side}.cookies")]
    if cookies and not any(name == cookie_header for name, _ in headers):
        headers += [(cookie_header, join.join(cookies))] if join else [(cookie_header, c) for c in cookies]
    return headers


def _header(headers: Pairs, name: str) -> str | None:
    values = [value for key, value in headers if key == name]
    return ", ".join(values) if values else None


def _request_body(req: dict[str, Any], headers: Pairs) -> tuple[bytes | None, str | None]:
    post = req.get("postData")
    content_type = _header(headers, "content-type")
    if not isinstance(post, dict):
        return None, content_type
    content_type = content_type or post.get("mimeType") or None
    if isinstance(post.get("text"), str):
        return post["text"].encode("utf-8", "surrogatepass") or None, content_type
    params = post.get("params")
    if not params:
        return None, content_type
    if not isinstance(params, list) or not all(isinstance(p, dict) and isinstance(p.get("name"), str)
                                               for p in params):
        raise BadEntry("request.postData.params must be a list of {name, value}")
    if (content_type or "").lower().startswith("multipart/form-data"):
        return _multipart(params, content_type or "")
    pairs = [(p["name"], str(p.get("value") or "")) for p in params]
    return urlencode(pairs, quote_via=quote).encode(), content_type or "application/x-www-form-urlencoded"


def _multipart(params: list[dict[str, Any]], content_type: str) -> tuple[bytes, str]:
    """The form a HAR lists as ``params`` (without the bytes of any file), as multipart once more."""
    boundary = content_type.partition("boundary=")[2].split(";")[0].strip('"') or uuid.uuid4().hex
    chunks = []
    for p in params:
        disposition = f'form-data; name="{p["name"]}"'
        if isinstance(p.get("fileName"), str):
            disposition += f'; filename="{p["fileName"]}"'
        head = f"Content-Disposition: {disposition}\r\n"
        if isinstance(p.get("contentType"), str):
            head += f"Content-Type: {p['contentType']}\r\n"
        chunks.append(f"--{boundary}\r\n{head}\r\n{p.get('value') or ''}\r\n")
    body = "".join(chunks) + f"--{boundary}--\r\n"
    return body.encode("utf-8", "surrogatepass"), f"multipart/form-data; boundary={boundary}"


def _response_body(resp: dict[str, Any], headers: Pairs) -> tuple[bytes | None, str | None]:
    """The body as the server meant it: HAR content is already without its content-encoding (as the
    proxy records it); ``encoding: base64`` marks binary content."""
    content = resp.get("content")
    content = content if isinstance(content, dict) else {}
    content_type = _header(headers, "content-type") or content.get("mimeType") or None
    text = content.get("text")
    if not isinstance(text, str) or not text:
        return None, content_type
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True) or None, content_type
        except (binascii.Error, ValueError):
            raise BadEntry("response.content.text is not valid base64") from None
    return text.encode("utf-8", "surrogatepass"), content_type


def _bounded(body: bytes | None) -> tuple[bytes | None, dict[str, Any] | None]:
    """Bodies over the proxy's limit are recorded by their size only, as the proxy records them."""
    return decoded_body(body if not body or len(body) <= MAX_BODY else len(body), ())


def _started(value: Any) -> float:
    if not isinstance(value, str):
        raise BadEntry("startedDateTime is missing")
    try:
        started = datetime.fromisoformat(value)
    except ValueError:
        raise BadEntry(f"startedDateTime {value[:40]!r} is not an ISO 8601 time") from None
    return (started if started.tzinfo else started.replace(tzinfo=UTC)).timestamp()
