"""`$ref`s under the cursor: where they point (file, JSON pointer, position) and what is there."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from apilint.errors import InputError
from apilint.load.pointer import get as pointer_get
from apilint.load.source import SourceFile, load_source
from apilint.load.text import unsaved_texts

_REF = re.compile(r"""["']?\$ref["']?\s*:\s*(["']?)([^"'\s,}]+)\1""")
_MISSING = object()


@dataclass
class Target:
    path: str
    pointer: str
    line: int  # 1-based
    column: int
    value: Any


def ref_at(line: str, character: int) -> str | None:
    """The `$ref` value written on ``line`` if the cursor (0-based character) is on it."""
    for match in _REF.finditer(line):
        if match.start() <= character <= match.end():
            return match.group(2)
    return None


class Parsed:
    """The last parse of each file, reused while its text is the same (hover and go-to on a 13 MB file)."""

    def __init__(self, text_of: Callable[[str], str]) -> None:
        self.text_of = text_of
        self._cache: dict[str, tuple[str, SourceFile]] = {}

    def source(self, path: str) -> SourceFile | None:
        text = self.text_of(path)
        cached = self._cache.get(path)
        if cached is not None and cached[0] is text:
            return cached[1]
        try:
            with unsaved_texts({path: text}):
                source = load_source(path)
        except InputError:
            return None
        self._cache[path] = (text, source)
        return source

    def resolve(self, ref: str, from_path: str) -> Target | None:
        parts = urlsplit(ref)
        if parts.scheme not in ("", "file"):
            return None
        path = from_path
        if parts.path:
            file_path = unquote(parts.path)
            path = os.path.normpath(file_path if os.path.isabs(file_path)
                                    else os.path.join(os.path.dirname(from_path), file_path))
        source = self.source(path)
        if source is None:
            return None
        pointer = unquote(parts.fragment)
        value = pointer_get(source.data, pointer, _MISSING)
        if value is _MISSING:
            return None
        line, column = source.positions([pointer]).get(pointer, (1, 1))
        return Target(path, pointer, line, column, value)


def summary(target: Target) -> str:
    """A few lines on what a `$ref` points at: its name, title/summary/description, type and keys."""
    name = target.pointer.rpartition("/")[2] or os.path.basename(target.path)
    lines = [f"**{name}** ({os.path.basename(target.path)}#{target.pointer})"]
    value = target.value
    if isinstance(value, dict):
        for key in ("title", "summary", "description"):
            if isinstance(value.get(key), str):
                lines.append(value[key].strip().splitlines()[0] if value[key].strip() else "")
                break
        if isinstance(value.get("type"), str):
            lines.append(f"type: `{value['type']}`")
        properties = value.get("properties")
        keys = list(properties) if isinstance(properties, dict) else [k for k in value if isinstance(k, str)]
        if keys:
            shown = ", ".join(f"`{k}`" for k in keys[:12]) + (" …" if len(keys) > 12 else "")
            lines.append(("properties: " if isinstance(properties, dict) else "keys: ") + shown)
    else:
        lines.append(f"`{value!r}`"[:200])
    return "\n\n".join(line for line in lines if line)
