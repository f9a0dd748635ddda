"""A call's outcome as gRPC sends it in trailers (or in the headers of a trailers-only answer):
``grpc-status`` (a code), ``grpc-message`` (percent-encoded text) and ``grpc-status-details-bin`` (a
base64 ``google.rpc.Status`` whose ``details`` are ``Any`` messages, e.g. ``google.rpc.BadRequest``)."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote, unquote

from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2

CODES = ("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
         "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
         "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED")
OK, INVALID_ARGUMENT, NOT_FOUND, UNIMPLEMENTED, INTERNAL = 0, 3, 5, 12, 13
STATUS, MESSAGE, DETAILS = "grpc-status", "grpc-message", "grpc-status-details-bin"


def code_name(code: int | None) -> str | None:
    if code is None:
        return None
    return CODES[code] if 0 <= code < len(CODES) else str(code)


def code_of(name: str | int) -> int:
    """``"NOT_FOUND"``, ``"5"`` or ``5`` -> 5. Raises ValueError for anything else."""
    if isinstance(name, int) or str(name).isdigit():
        return int(name)
    return CODES.index(str(name).upper())


def read(pairs: list[tuple[str, str]]) -> tuple[int | None, str | None, list[dict[str, Any]]]:
    """(code, message, details as JSON) from header or trailer pairs; code None when no ``grpc-status``."""
    values = {name.lower(): value for name, value in pairs}
    raw = values.get(STATUS)
    code = int(raw) if raw is not None and raw.strip().isdigit() else None
    message = unquote(values[MESSAGE]) if MESSAGE in values else None
    details = decode_details(values[DETAILS]) if DETAILS in values else []
    return code, message, details


def decode_details(text: str, pool: Any = None) -> list[dict[str, Any]]:
    """The details of a ``grpc-status-details-bin``: each as JSON with its ``@type``; a type neither the
    google.rpc set nor ``pool`` knows is kept as ``{"@type": ..., "undecoded_bytes": N}``."""
    try:
        status = status_pb2.Status.FromString(base64.b64decode(text + "=" * (-len(text) % 4), validate=True))
    except Exception:
        return [{"@type": "undecodable", "undecoded_bytes": len(text)}]
    out = []
    for detail in status.details:
        try:
            out.append(dict(json_format.MessageToDict(detail, preserving_proto_field_name=True,
                                                      descriptor_pool=pool)))
        except (TypeError, KeyError, json_format.SerializeToJsonError):
            out.append({"@type": detail.type_url, "undecoded_bytes": len(detail.value)})
    return out


def trailers(code: int, message: str | None = None, details: list[Any] | None = None) -> list[tuple[str, str]]:
    """The trailer pairs that send ``code``; ``details``: messages (e.g. ``error_details_pb2.BadRequest``)."""
    out = [(STATUS, str(code))]
    if message:
        out.append((MESSAGE, quote(message, safe=" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~")))
    if details:
        status = status_pb2.Status(code=code, message=message or "")
        for detail in details:
            status.details.add().Pack(detail)
        out.append((DETAILS, base64.b64encode(status.SerializeToString()).decode().rstrip("=")))
    return out


def bad_request(violations: list[tuple[str, str]]) -> Any:
    """A ``google.rpc.BadRequest`` with one field violation per (field, description)."""
    detail = error_details_pb2.BadRequest()
    for field, description in violations:
        detail.field_violations.add(field=field, description=description)
    return detail
