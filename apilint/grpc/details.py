"""``google.rpc.Status`` details as JSON (each with its ``@type``, as records and contracts hold them) back
to the bytes of ``grpc-status-details-bin``: the inverse of ``status.decode_details``, for answering them."""

from __future__ import annotations

from typing import Any

from google.protobuf import any_pb2, json_format
from google.rpc import status_pb2

from apilint.grpc.codec import MessageError


def pack(detail: Any, pool: Any = None) -> Any:
    """One detail as an ``Any``: its ``@type`` found among the google.rpc types, else in ``pool`` (the
    compiled protos). Raises ``MessageError``."""
    problem: Exception | None = None
    for where in (None, pool) if pool is not None else (None,):
        packed = any_pb2.Any()
        try:
            json_format.ParseDict(detail, packed, descriptor_pool=where)
            return packed
        except (json_format.ParseError, TypeError, KeyError, ValueError, AttributeError) as exc:
            problem = exc
    kind = detail.get("@type") if isinstance(detail, dict) else type(detail).__name__
    raise MessageError(f"detail {kind!r} does not encode: {problem}")


def status_bytes(code: int, message: str | None, details: list[Any], pool: Any = None) -> bytes:
    """The binary value of ``grpc-status-details-bin`` (grpcio takes bytes; ``status.trailers`` gives the
    base64 text a raw HTTP/2 trailer carries). Raises ``MessageError``."""
    status = status_pb2.Status(code=code, message=message or "")
    for detail in details:
        status.details.append(pack(detail, pool))
    return status.SerializeToString()
