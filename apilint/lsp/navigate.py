"""Go to definition: a `$ref` to its target (across files), a proto type name to its declaration."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from lsprotocol import types

from apilint.lsp.diagnostics import from_utf16
from apilint.lsp.refs import Parsed, ref_at

_WORD = re.compile(r"[A-Za-z_][\w.]*")
_MAX_PROTOS = 2000  # files searched for a proto declaration


def definition(path: str, text: str, position: types.Position, parsed: Parsed,
               text_of: Callable[[str], str]) -> types.Location | None:
    lines = text.splitlines()
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    character = from_utf16(line, position.character)
    if path.endswith(".proto"):
        name = _word_at(line, character)
        return _proto_declaration(path, name, text_of) if name else None
    ref = ref_at(line, character)
    target = parsed.resolve(ref, path) if ref else None
    if target is None:
        return None
    start = types.Position(target.line - 1, target.column - 1)
    return types.Location(_uri(target.path), types.Range(start, start))


def _word_at(line: str, character: int) -> str | None:
    for match in _WORD.finditer(line):
        if match.start() <= character <= match.end():
            return match.group().rpartition(".")[2]  # a qualified name: its last part is declared
    return None


def _proto_declaration(path: str, name: str, text_of: Callable[[str], str]) -> types.Location | None:
    declaration = re.compile(r"\b(?:message|enum|service)\s+(%s)\b" % re.escape(name))
    for candidate in _protos_near(path):
        match = declaration.search(text_of(candidate))
        if match:
            text = text_of(candidate)
            row = text.count("\n", 0, match.start(1))
            column = match.start(1) - (text.rfind("\n", 0, match.start(1)) + 1)
            start = types.Position(row, column)
            return types.Location(_uri(candidate), types.Range(start, types.Position(row, column + len(name))))
    return None


def _protos_near(path: str) -> Iterator[str]:
    """The file itself, then the .proto files under its folder and, one level up, its parent's."""
    yield path
    seen = {path}
    folder = os.path.dirname(path)
    for top in (folder, os.path.dirname(folder)):
        for directory, subdirs, files in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(directory, name)
                if name.endswith(".proto") and full not in seen:
                    seen.add(full)
                    if len(seen) > _MAX_PROTOS:
                        return
                    yield full


def _uri(path: str) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(path) or path
