"""Reading fields out of serialized protobuf bytes by hand, for extensions whose generated classes are not
importable (``pb.java``, ``pb.cpp`` features)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def wire_fields(data: bytes) -> Iterator[tuple[int, int, Any]]:
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(data, pos)
        elif wire == 2:
            length, pos = read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            return
        yield number, wire, value


def extension_bytes(data: bytes, number: int) -> bytes | None:
    for n, wire, value in wire_fields(data):
        if n == number and wire == 2:
            return value
    return None


def varint_field(data: bytes, number: int) -> int | None:
    for n, wire, value in wire_fields(data):
        if n == number and wire == 0:
            return value
    return None
