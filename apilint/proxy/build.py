"""A captured exchange -> its record (parsed, redacted, validated) -> one JSON line.

Runs in the writer, off the request path. The record's fields are ``ExchangeRecord``'s
(``apilint.recording.format``), written in its order.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable
from typing import Any

import orjson

from apilint.proxy.capture import Captured
from apilint.proxy.redaction import Redactor
from apilint.proxy.validation import SpecValidator
from apilint.recording.format import EXCHANGE, VERSION, ExchangeRecord, Violation, timestamp


class Record(dict):
    """A record as ``build`` makes it. ``finite`` is False when a body held NaN or an infinity, which
    ``json`` writes as ``NaN``/``Infinity`` and orjson would turn into ``null``."""

    __slots__ = ("finite",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finite = True


def _loads(raw: bytes, flags: list[bool]) -> Any:
    """``json.loads(raw)``, noting in ``flags[0]`` whether a number came out NaN or infinite."""

    def constant(name: str) -> float:  # NaN, Infinity, -Infinity: json's default maps them to these
        flags[0] = False
        return float(name)

    def number(text: str) -> float:  # json's default is float(); 1e400 becomes inf
        value = float(text)
        if not math.isfinite(value):
            flags[0] = False
        return value

    return json.loads(raw, parse_constant=constant, parse_float=number)


def _body(
    raw: bytes | None,
    content_type: str | None,
    redactor: Redactor,
    where: str,
    found: list[str],
    flags: list[bool] | None = None,
) -> tuple[Any, str | None]:
    """(parsed JSON body, body text) with secrets and PII removed."""
    if not raw:
        return None, None
    ctype = (content_type or "").lower()
    if "json" in ctype:
        try:
            return redactor.json(_loads(raw, flags if flags is not None else [True]), where, found), None
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


def _validate(cap: Captured, validator: SpecValidator | None) -> tuple[str | None, list[Violation]]:
    if validator is None:
        return cap.operation, list(cap.violations or [])
    operation, violations = validator.exchange(cap)
    return cap.operation or operation, violations


def _record(cap: Captured, redactor: Redactor, operation: str | None, violations: list[Violation]) -> dict:
    found: list[str] = []
    flags = [True]
    req_body, req_text = _body(cap.req_body, cap.req_type, redactor, "request.body", found, flags)
    resp_body, resp_text = _body(cap.resp_body, cap.resp_type, redactor, "response.body", found, flags)
    fields: ExchangeRecord = {
        "v": VERSION,
        "kind": EXCHANGE,
        "id": uuid.uuid4().hex,
        "ts": timestamp(cap.started),
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
    record = Record(fields)
    record.finite = flags[0]
    # Validation messages name fields and rules, never values; scrub them anyway (belt and braces).
    for violation in violations:
        if isinstance(violation.get("message"), str):
            violation["message"] = redactor.text(violation["message"], "violations", [])
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
