"""Reading a spec file's bytes into text, with clear errors for what is not text."""

from __future__ import annotations

import os

from apilint.errors import InputError

MAX_FILE_BYTES = 200 * 1024 * 1024


def read_text(path: str, display: str | None = None) -> str:
    shown = display or path
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is {size // (1024 * 1024)} MiB; apilint reads at most "
                             f"{MAX_FILE_BYTES // (1024 * 1024)} MiB", shown)
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
    if not raw.strip():
        raise InputError("empty file: expected an OpenAPI document", shown, 1, 1)
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        line, column = _line_col(raw, nul)
        raise InputError("binary file (NUL byte): expected YAML or JSON text", shown, line, column)
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", shown, line, column) from None


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


class LineIndex:
    """Offset -> (line, column), 1-based, for one text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        if self._starts is None:
            starts = [0]
            find = self._text.find
            at = find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self._starts = starts
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
