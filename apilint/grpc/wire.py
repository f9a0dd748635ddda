"""The gRPC message framing (grpc/doc/PROTOCOL-HTTP2.md): each message is a 1-byte compressed flag, a
4-byte big-endian length and the bytes; a body is any number of them. Compressed messages use the
call's ``grpc-encoding`` (gzip, deflate, identity here), inflated with the same bound as HTTP bodies."""

from __future__ import annotations

import struct

from apilint.recording.decode import BodyTooLarge, decode, decode_limit

_HEADER = struct.Struct(">BI")
ENCODINGS = ("identity", "gzip", "deflate")


class FrameError(ValueError):
    """The bytes are not whole gRPC messages (truncated, a bad flag, an encoding apilint cannot undo)."""


def frame(payload: bytes) -> bytes:
    """One uncompressed message on the wire."""
    return _HEADER.pack(0, len(payload)) + payload


def messages(body: bytes, encoding: str | None = None) -> list[bytes]:
    """Every message of a body, decompressed. Raises ``FrameError``."""
    out, at = [], 0
    while at < len(body):
        if len(body) - at < _HEADER.size:
            raise FrameError(f"truncated message header at byte {at}")
        flag, size = _HEADER.unpack_from(body, at)
        at += _HEADER.size
        if flag not in (0, 1):
            raise FrameError(f"bad compressed flag {flag} at byte {at - _HEADER.size}")
        if len(body) - at < size:
            raise FrameError(f"message of {size} bytes truncated at byte {len(body)}")
        payload = bytes(body[at:at + size])
        at += size
        if flag:
            payload = _inflate(payload, (encoding or "identity").strip().lower())
        out.append(payload)
    return out


def _inflate(payload: bytes, encoding: str) -> bytes:
    if encoding not in ENCODINGS or encoding == "identity":
        raise FrameError(f"compressed message with grpc-encoding {encoding!r}")
    try:
        return decode(payload, encoding, decode_limit(len(payload)))
    except BodyTooLarge as exc:
        raise FrameError("compressed message inflates past the size limit") from exc
    except Exception as exc:  # zlib.error and friends: corrupt data
        raise FrameError(f"corrupt {encoding} message") from exc
