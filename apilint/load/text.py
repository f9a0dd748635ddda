"""Reading a spec file's bytes into text, with clear errors for what is not text."""

from __future__ import annotations

import codecs
import contextlib
import os
import threading
from collections.abc import Iterator

from apilint.errors import InputError
from apilint.load.gate import read_bytes

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 LE starts like UTF-16 LE


_local = threading.local()  # .unsaved: absolute path -> an editor's unsaved text (``apilint lsp``), per thread:
# the language server lints in a worker thread while its event loop parses for hovers


def _unsaved() -> dict[str, str]:
    return getattr(_local, "unsaved", None) or {}


@contextlib.contextmanager
def unsaved_texts(texts: dict[str, str]) -> Iterator[None]:
    """While inside (in this thread), reading one of these absolute paths gives the editor's text instead of
    the disk's."""
    outer = _unsaved()
    _local.unsaved = {**outer, **texts}
    try:
        yield
    finally:
        _local.unsaved = outer


def unsaved_text(path: str) -> str | None:
    """The editor's unsaved text of this file while inside ``unsaved_texts``, else None."""
    texts = _unsaved()
    return texts.get(os.path.abspath(path)) if texts else None


def unsaved_paths() -> list[str]:
    """The absolute paths holding unsaved text while inside ``unsaved_texts``."""
    return list(_unsaved())


def read_text(path: str, display: str | None = None, *, root: str | None = None) -> str:
    """The file's text (UTF-8, or UTF-16/32 with a byte-order mark), read through the gate."""
    shown = display or path
    text = unsaved_text(path)
    if text is not None:
        if not text or text.isspace():  # as `not text.strip()`, without copying a 13 MB text
            raise InputError("empty file: expected an OpenAPI document", shown, 1, 1)
        return text
    raw = read_bytes(path, shown, root=root)
    if not raw or raw.isspace():
        raise InputError("empty file: expected an OpenAPI document", shown, 1, 1)
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    if encoding == "utf-8":
        nul = raw.find(b"\x00", 0, 8192)
        if nul >= 0:
            line, column = _line_col(raw, nul)
            if _looks_wide(raw):
                raise InputError("UTF-16 or UTF-32 text without a byte-order mark: save it as UTF-8",
                                 shown, line, column)
            raise InputError("binary file (NUL byte): expected YAML or JSON text", shown, line, column)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise InputError(f"not valid {encoding.upper()} text (byte offset {exc.start}): save it as UTF-8",
                             shown) from None
        line, column = _line_col(raw, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", shown, line, column) from None


def _looks_wide(raw: bytes) -> bool:
    """Mostly ASCII text stored in two or four bytes per character: every other byte is NUL."""
    head = raw[:512]
    return len(head) >= 4 and head.count(b"\x00") * 2 >= len(head)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


class LineIndex:
    """Offset -> (line, column), 1-based, for one text."""

    def __init__(self, text: str) -> None:
        self._text = text

    def position(self, offset: int) -> tuple[int, int]:
        return self.positions([offset])[offset]

    def positions(self, offsets: list[int]) -> dict[int, tuple[int, int]]:
        """Many offsets at once: newlines are counted in C between the sorted offsets, so a batch costs one
        pass over the text up to its last offset (a minified document's one long line included)."""
        text = self._text
        result: dict[int, tuple[int, int]] = {}
        line, previous, line_start = 1, 0, 0
        for offset in sorted(set(offsets)):
            newlines = text.count("\n", previous, offset)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", previous, offset) + 1
            result[offset] = line, offset - line_start + 1
            previous = offset
        return result
