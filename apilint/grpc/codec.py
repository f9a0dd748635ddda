"""Message bytes <-> JSON by the proto3 JSON mapping, with proto field names (``order_id``, not
``orderId``; the mapping's ``preserving_proto_field_name`` printer option): records, contracts, PGV
rules and redaction names then read as the .proto does. Parsers accept both spellings."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format
from google.protobuf.message import DecodeError, Message
from google.protobuf.unknown_fields import UnknownFieldSet


class MessageError(ValueError):
    """Bytes that do not parse as the message type, or JSON that does not fit it."""


def parse(cls: type[Message], payload: bytes) -> Message:
    message = cls()
    try:
        message.ParseFromString(payload)
    except DecodeError as exc:
        raise MessageError(f"not a {cls.DESCRIPTOR.full_name}: {exc}") from exc
    return message


def to_json(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def decode(cls: type[Message], payload: bytes) -> dict[str, Any]:
    """One message as JSON. Raises ``MessageError``."""
    return to_json(parse(cls, payload))


def encode(cls: type[Message], data: Any) -> bytes:
    """JSON (proto or JSON field names) as message bytes. Raises ``MessageError`` for a value that does not fit."""
    try:
        return json_format.ParseDict(data, cls()).SerializeToString()
    except (json_format.ParseError, TypeError, ValueError) as exc:
        raise MessageError(str(exc)) from exc


def unknown_fields(message: Message, prefix: str = "") -> list[str]:
    """Where a parsed message carries field numbers its descriptor does not declare (``items.0.#7``):
    a client built from another version of the protos."""
    out = [f"{prefix}#{field.field_number}" for field in UnknownFieldSet(message)]
    for fd, value in message.ListFields():
        if fd.message_type is None or fd.message_type.GetOptions().map_entry:
            continue
        if is_repeated(fd):
            for i, item in enumerate(value):
                out += unknown_fields(item, f"{prefix}{fd.name}.{i}.")
        else:
            out += unknown_fields(value, f"{prefix}{fd.name}.")
    return out


def is_int64(fd: Any) -> bool:
    """A 64-bit integer field (int64, uint64, sint64, fixed64, sfixed64): proto3 JSON writes it as a string."""
    return fd.cpp_type in (fd.CPPTYPE_INT64, fd.CPPTYPE_UINT64)


def is_repeated(fd: Any) -> bool:
    """protobuf 5.28+ has ``is_repeated``; ``label`` is gone in 7."""
    repeated = getattr(fd, "is_repeated", None)
    return repeated if repeated is not None else fd.label == fd.LABEL_REPEATED
