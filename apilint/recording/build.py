"""A captured exchange -> its record (parsed, redacted, validated) -> one JSON line.

Runs in the writer, off the request path. The record's fields are ``ExchangeRecord``'s
(``apilint.recording.format``), written in its order.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import orjson

from apilint.recording.capture import Captured
from apilint.recording.format import EXCHANGE, VERSION, ExchangeRecord, Violation, timestamp
from apilint.recording.redact_body import redact_body
from apilint.recording.redaction import Redactor


class ExchangeValidator(Protocol):
    """What checks an exchange against a spec (the proxy's ``SpecValidator``): its operation and violations."""

    def exchange(self, cap: Captured) -> tuple[str | None, list[Violation]]: ...


class Record(dict):
    """A record as ``build`` makes it. ``finite`` is False when a body held NaN or an infinity, which
    ``json`` writes as ``NaN``/``Infinity`` and orjson would turn into ``null``."""

    __slots__ = ("finite",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finite = True


def build(
    cap: Captured,
    redactor: Redactor,
    validator: ExchangeValidator | None,
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


def _validate(cap: Captured, validator: ExchangeValidator | None) -> tuple[str | None, list[Violation]]:
    if validator is None:
        return cap.operation, list(cap.violations or [])
    operation, violations = validator.exchange(cap)
    return cap.operation or operation, violations


def escaped(text: str) -> str:
    """Text decoded with ``surrogateescape`` (non-UTF-8 bytes in a request target) as JSON can hold
    it: each such byte as ``\\xNN``."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _record(cap: Captured, redactor: Redactor, operation: str | None, violations: list[Violation]) -> dict:
    found: list[str] = []
    flags = [True]
    req_body, req_text, req_note = redact_body(cap.req_body, cap.req_type, redactor, "request.body", found, flags)
    resp_body, resp_text, resp_note = redact_body(cap.resp_body, cap.resp_type, redactor, "response.body", found, flags)
    req_note = cap.req_omitted or req_note
    resp_note = cap.resp_omitted or resp_note
    fields: ExchangeRecord = {
        "v": VERSION,
        "kind": EXCHANGE,
        "id": uuid.uuid4().hex,
        "ts": timestamp(cap.started),
        "duration_ms": round(cap.duration_ms, 3),
        "operation": operation,
        "request": {
            "method": escaped(cap.method),
            "path": redactor.path(escaped(cap.path), "request.path", found),
            "query": redactor.pairs(
                [(escaped(k), escaped(v)) for k, v in cap.query], "request.query", found, in_url=True
            ),
            "headers": redactor.headers(cap.req_headers, "request.headers", found),
            "content_type": cap.req_type,
            "body": req_body,
            "body_text": req_text,
            "body_note": req_note,
        },
        "response": {
            "status": cap.status,
            "headers": redactor.headers(cap.resp_headers, "response.headers", found),
            "content_type": cap.resp_type,
            "body": resp_body,
            "body_text": resp_text,
            "body_note": resp_note,
        },
        "violations": violations,
        "redacted": found,
    }
    record = Record(fields)
    record.finite = flags[0]
    # Validation messages name fields and rules, never values; scrub them anyway (belt and braces).
    for violation in violations:
        for key in ("message", "field"):
            if isinstance(violation.get(key), str):
                violation[key] = redactor.text(violation[key], "violations", [])
    return record


def encode(record: dict) -> bytes:
    """One JSON line. For a ``Record`` without NaN or infinities, orjson writes the same compact UTF-8
    JSON as ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` (number spelling aside: the
    same values) in a tenth of the time; anything else, and whatever orjson refuses (integers beyond
    64 bits, lone surrogates), goes through ``json`` as before."""
    if getattr(record, "finite", False):
        try:
            return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
