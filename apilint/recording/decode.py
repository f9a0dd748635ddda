"""Undo a body's content-encoding without ever holding more than a bounded amount of output.

A 1 MB gzip body can inflate to 1 GB and a few KB of brotli to gigabytes: every decoder here stops
after ``limit`` bytes (``BodyTooLarge``) instead of decoding the whole thing first. zlib and zstd
take an output bound directly; brotli's Python API does not, so it is fed one input byte at a time
(one byte of brotli yields at most one 16 MiB window of output).
"""

from __future__ import annotations

import io
import zlib

MAX_DECODED = 8 << 20  # decoded bytes kept of one body at most
MAX_RATIO = 100  # ... and at most this many times its encoded size (1 MiB always allowed)
ENCODINGS = ("gzip", "x-gzip", "deflate", "br", "zstd", "identity")


class BodyTooLarge(Exception):
    """Decoding would exceed the limit; nothing of the body is kept."""


def decode_limit(encoded_size: int) -> int:
    return min(MAX_DECODED, max(1 << 20, encoded_size * MAX_RATIO))


def decode(raw: bytes, content_encoding: str, limit: int) -> bytes:
    """``raw`` without ``content_encoding`` (``"gzip"``, ``"gzip, br"``: undone right to left).
    Raises ``BodyTooLarge`` past ``limit`` bytes and ``ValueError`` when an encoding is unknown or
    the data is corrupt."""
    data = raw
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",") if c.strip()]):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            data = _zlib(data, 31, limit)
        elif coding == "deflate":
            try:
                data = _zlib(data, 15, limit)
            except zlib.error:  # many servers send raw deflate under this name
                data = _zlib(data, -15, limit)
        elif coding == "br":
            data = _brotli(data, limit)
        elif coding == "zstd":
            data = _zstd(data, limit)
        else:
            raise ValueError(f"unknown content-encoding {coding}")
    return data


def decode_or_raw(raw: bytes, content_encoding: str, limit: int) -> bytes:
    """``decode``, but the raw bytes when the encoding is unknown or corrupt (as mitmproxy's
    ``get_content(strict=False)``); ``BodyTooLarge`` still raises."""
    try:
        return decode(raw, content_encoding, limit)
    except (ValueError, zlib.error):
        return raw


def _zlib(data: bytes, wbits: int, limit: int) -> bytes:
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(wbits)
        chunk = data
        while chunk:
            out += inflater.decompress(chunk, limit + 1 - len(out))
            if len(out) > limit:
                raise BodyTooLarge
            chunk = inflater.unconsumed_tail
        if not inflater.eof:
            raise zlib.error("truncated stream")
        data = inflater.unused_data if wbits == 31 else b""  # gzip may have several members
    return bytes(out)


def _brotli(data: bytes, limit: int) -> bytes:
    import brotli

    inflater = brotli.Decompressor()
    out = bytearray()
    try:
        for i in range(len(data)):
            out += inflater.process(data[i : i + 1])
            if len(out) > limit:
                raise BodyTooLarge
    except brotli.error as exc:
        raise ValueError("corrupt brotli data") from exc
    return bytes(out)


def _zstd(data: bytes, limit: int) -> bytes:
    import zstandard

    inflater = zstandard.ZstdDecompressor(max_window_size=MAX_DECODED)
    out = bytearray()
    try:
        with inflater.stream_reader(io.BytesIO(data), read_across_frames=True) as reader:
            while chunk := reader.read(min(1 << 20, limit + 1 - len(out))):
                out += chunk
                if len(out) > limit:
                    raise BodyTooLarge
    except zstandard.ZstdError as exc:
        raise ValueError("corrupt zstd data") from exc
    return bytes(out)
