"""A captured gRPC call (``apilint.proxy.grpc_capture.snapshot``) -> its record (docs/recording-format.md,
"gRPC calls"): messages decoded with the protos, redacted, validated. Runs in the writer, off the request path.

A call the protos cannot read (a method they do not declare, bytes that are not whole messages of the
method's types) is recorded without its messages (``body_note: {"omitted": "undecodable"}``, and ``operation``
null for an unknown method); ``undecodable`` says why, for the sink to count and log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from apilint.grpc import codec, record, status, wire
from apilint.grpc.descriptors import Method, Services
from apilint.proxy.grpc_validation import GrpcValidator
from apilint.recording.build import Record, escaped
from apilint.recording.capture import header_pairs, header_value
from apilint.recording.format import EXCHANGE, VERSION, Pairs, Violation, timestamp
from apilint.recording.redaction import Redactor

_STATUS_KEYS = (status.STATUS, status.MESSAGE, status.DETAILS)
UNKNOWN_METHOD, BAD_MESSAGE = "unknown_method", "undecodable_message"


@dataclass
class Side:
    """One side of a call as read: its messages (parsed), or why they could not be read."""

    parsed: list[Any] = field(default_factory=list)
    note: dict[str, Any] | None = None


def read_side(raw: bytes | int | None, fields: Any, cls: type | None) -> Side:
    """Decode a body of gRPC messages of type ``cls`` (None: the method is unknown)."""
    if isinstance(raw, int):
        return Side(note={"omitted": "too_large", "bytes": raw})
    if not raw:
        return Side()
    if cls is None:
        return Side(note={"omitted": "undecodable", "bytes": len(raw)})
    try:
        return Side([codec.parse(cls, m) for m in wire.messages(raw, header_value(fields, b"grpc-encoding"))])
    except (wire.FrameError, codec.MessageError):
        return Side(note={"omitted": "undecodable", "bytes": len(raw)})


def outcome(resp_fields: Any, trailer_fields: Any) -> tuple[int | None, str | None, list[dict[str, Any]], Pairs]:
    """(code, message, details, other trailers): from the trailers, or the headers of a trailers-only answer."""
    pairs = header_pairs(trailer_fields) if trailer_fields else []
    if not any(k == status.STATUS for k, _ in pairs):
        pairs = pairs + [(k, v) for k, v in header_pairs(resp_fields) if k in _STATUS_KEYS]
    code, message, details = status.read(pairs)
    rest = [(k, v) for k, v in header_pairs(trailer_fields or ()) if k not in _STATUS_KEYS]
    return code, message or None, details, rest


@dataclass
class GrpcRecords:
    """Builds gRPC records in one writer: the compiled protos, the redactor, and (optional) the validator."""

    services: Services
    redactor: Redactor
    validator: GrpcValidator | None = None

    def build(self, raw: tuple) -> tuple[Record, str | None]:
        """(the record, why its messages were not decoded or None)."""
        (_, started, ended, path_bytes, req_fields, req_raw, http_status, resp_fields, resp_raw, trailer_fields,
         _, enforced) = raw
        path = escaped(path_bytes.decode("utf-8", "backslashreplace").partition("?")[0])
        method = self.services.method(path)
        request = read_side(req_raw, req_fields, method.request if method else None)
        response = read_side(resp_raw, resp_fields, method.response if method else None)
        code, message, details, trailers = outcome(resp_fields, trailer_fields)
        violations: list[Violation] = list(enforced or [])
        if method is not None and self.validator is not None:
            if enforced is None and request.note is None:
                violations = self.validator.request(method, request.parsed)
            if response.note is None:
                request_ok = request.note is None and not violations
                violations += self.validator.response(method, request.parsed, response.parsed, code, request_ok)
        why = UNKNOWN_METHOD if method is None else (
            BAD_MESSAGE if any(s.note and s.note["omitted"] == "undecodable" for s in (request, response)) else None)
        return self._record(path, method, started, ended, http_status, req_fields, resp_fields, request, response,
                            (code, message, details, trailers), violations), why

    def _record(self, path: str, method: Method | None, started: float, ended: float, http_status: int,
                req_fields: Any, resp_fields: Any, request: Side, response: Side, answer: tuple,
                violations: list[Violation]) -> Record:
        redactor, found = self.redactor, []
        code, message, details, trailers = answer
        streaming = method.streaming if method else None
        req_json = [codec.to_json(m) for m in request.parsed]
        resp_json = [codec.to_json(m) for m in response.parsed]
        service, _, name = path.lstrip("/").partition("/")
        fields = {
            "v": VERSION,
            "kind": EXCHANGE,
            "id": uuid.uuid4().hex,
            "ts": timestamp(started),
            "duration_ms": round((ended - started) * 1000.0, 3),
            "operation": method.path if method else None,
            "request": {
                "method": "POST",
                "path": redactor.path(path, "request.path", found),
                "query": [],
                "headers": redactor.headers(header_pairs(req_fields), "request.headers", found),
                "content_type": header_value(req_fields, b"content-type"),
                "body": redactor.json(record.body(req_json, record.request_streams(streaming or "")),
                                      "request.body", found),
                "body_text": None,
                "body_note": request.note,
            },
            "response": {
                "status": http_status,
                "headers": redactor.headers([(k, v) for k, v in header_pairs(resp_fields) if k not in _STATUS_KEYS],
                                            "response.headers", found),
                "content_type": header_value(resp_fields, b"content-type"),
                "body": redactor.json(record.body(resp_json, record.response_streams(streaming or "")),
                                      "response.body", found),
                "body_text": None,
                "body_note": response.note,
            },
            "violations": violations,
            "redacted": found,
            "grpc": record.call(
                method.service if method else service, method.name if method else name, streaming, code,  # type: ignore[arg-type]
                redactor.text(message, "grpc.message", found) if message else message,
                redactor.json(details, "grpc.details", found),
                redactor.headers(trailers, "grpc.trailers", found)),  # type: ignore[arg-type]
        }
        for violation in violations:
            for key in ("message", "field"):
                if isinstance(violation.get(key), str):
                    violation[key] = redactor.text(violation[key], "violations", [])
        return Record(fields)


def grpc_records(proto_root: str, redactor: Redactor) -> GrpcRecords:
    """What a writer needs for gRPC calls: the protos compiled (InputError when they do not compile)."""
    services = Services.compile(proto_root)
    return GrpcRecords(services, redactor, GrpcValidator(services))
