"""Turning a captured exchange into a redacted record (docs/recording-format.md).

Runs in the writer thread, off the request path: body parsing, redaction, response validation and
JSON encoding all happen here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from apilint.proxy.redaction import Redactor
from apilint.proxy.validation import SpecValidator

Pairs = list[tuple[str, str]]


@dataclass(slots=True)
class Captured:
    """The raw facts of one exchange, copied out of the mitmproxy flow on the request path."""

    started: float  # epoch seconds
    duration_ms: float
    method: str
    path: str
    query: Pairs
    req_headers: Pairs
    req_body: bytes | None
    req_type: str | None
    status: int
    resp_headers: Pairs
    resp_body: bytes | None
    resp_type: str | None
    operation: str | None = None
    violations: list[dict] | None = None  # request violations, when --enforce validated inline
    extra: dict[str, Any] = field(default_factory=dict)


def _body(
    raw: bytes | None, content_type: str | None, redactor: Redactor, where: str, found: list[str]
) -> tuple[Any, str | None]:
    """(parsed JSON body, body text) with secrets and PII removed."""
    if not raw:
        return None, None
    ctype = (content_type or "").lower()
    if "json" in ctype:
        try:
            return redactor.json(json.loads(raw), where, found), None
        except ValueError:
            pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, None
    if "x-www-form-urlencoded" in ctype:
        return None, redactor.form(text, where, found)
    return None, redactor.text(text, where, found)


def build(
    cap: Captured,
    redactor: Redactor,
    validator: SpecValidator | None,
    on_error: Callable[[str, BaseException], None] | None = None,
) -> dict:
    """The record of ``cap``. A failing validation is reported to ``on_error``; the record is kept."""
    try:
        operation, violations = _validate(cap, validator)
    except Exception as exc:
        if on_error is None:
            raise
        on_error("validate", exc)
        operation, violations = cap.operation, list(cap.violations or [])
    return _record(cap, redactor, operation, violations)


def _validate(cap: Captured, validator: SpecValidator | None) -> tuple[str | None, list[dict]]:
    violations: list[dict] = list(cap.violations or [])
    operation = cap.operation
    if validator is not None:
        if operation is None:
            operation = validator.operation(cap.method, cap.path)
        if cap.violations is None:
            violations = validator.request(cap.method, cap.path, cap.query, cap.req_headers, cap.req_body, cap.req_type)
        if operation is not None:
            violations += validator.response(
                cap.method,
                cap.path,
                cap.query,
                cap.req_headers,
                cap.req_body,
                cap.req_type,
                cap.status,
                cap.resp_headers,
                cap.resp_body,
                cap.resp_type,
            )
    return operation, violations


def _record(cap: Captured, redactor: Redactor, operation: str | None, violations: list[dict]) -> dict:
    found: list[str] = []
    req_body, req_text = _body(cap.req_body, cap.req_type, redactor, "request.body", found)
    resp_body, resp_text = _body(cap.resp_body, cap.resp_type, redactor, "response.body", found)
    record = {
        "v": 1,
        "kind": "exchange",
        "id": uuid.uuid4().hex,
        "ts": datetime.fromtimestamp(cap.started, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "duration_ms": round(cap.duration_ms, 3),
        "operation": operation,
        "request": {
            "method": cap.method,
            "path": redactor.text(cap.path, "request.path", found),
            "query": redactor.pairs(cap.query, "request.query", found),
            "headers": redactor.headers(cap.req_headers, "request.headers", found),
            "content_type": cap.req_type,
            "body": req_body,
            "body_text": req_text,
        },
        "response": {
            "status": cap.status,
            "headers": redactor.headers(cap.resp_headers, "response.headers", found),
            "content_type": cap.resp_type,
            "body": resp_body,
            "body_text": resp_text,
        },
        "violations": violations,
        "redacted": found,
    }
    # Validation messages name fields and rules, never values; scrub them anyway (belt and braces).
    for violation in violations:
        if isinstance(violation.get("message"), str):
            violation["message"] = redactor.text(violation["message"], "violations", [])
    return record


def encode(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
