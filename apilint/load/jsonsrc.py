"""JSON: parsed by the standard library's C decoder; positions found by a guided re-scan."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from typing import Any

from apilint.errors import InputError
from apilint.load.pointer import split
from apilint.load.problem import LoadProblem
from apilint.load.text import LineIndex

_WS = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring


def parse_json(text: str, shown: str) -> tuple[Any, JsonLocator, list[LoadProblem]]:
    duplicates = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        obj = dict(pairs)
        if len(obj) != len(pairs):
            duplicates = True
        return obj

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", shown, exc.lineno, exc.colno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to be an API description", shown, 1, 1) from None
    locator = JsonLocator(text)
    problems = locator.duplicate_keys(shown) if duplicates else []
    return data, locator, problems


class _Trie:
    __slots__ = ("children", "offset")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.offset: int | None = None


class JsonLocator:
    """Finds the offsets of many JSON pointers in one pass, skipping unrelated values in C."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        # Skipping a value still parses it in C; `len` as the pairs hook avoids building dicts (3x faster).
        self._scan = json.scanner.make_scanner(json.JSONDecoder(object_pairs_hook=len))

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        root = _Trie()
        paths = {}
        for pointer in set(pointers):
            node = root
            tokens = split(pointer)
            for token in tokens:
                node = node.children.setdefault(token, _Trie())
            paths[pointer] = tokens
        start = _WS.match(self.text, 0).end()
        root.offset = start
        self._walk(start, root)
        result = {}
        for pointer, tokens in paths.items():
            node, best = root, root.offset
            for token in tokens:
                node = node.children[token]
                if node.offset is None:
                    break
                best = node.offset
            result[pointer] = self.lines.position(best or 0)
        return result

    def _skip(self, idx: int) -> int:
        return self._scan(self.text, idx)[1]

    def _walk(self, idx: int, trie: _Trie) -> int:
        """Walk the value at ``idx``, recording offsets of trie nodes; return the value's end."""
        text, ws = self.text, _WS.match
        if not trie.children:
            return self._skip(idx)
        char = text[idx]
        if char == "{":
            idx = ws(text, idx + 1).end()
            if text[idx] == "}":
                return idx + 1
            while True:
                key_start = idx
                key, idx = _scanstring(text, idx + 1)
                idx = ws(text, ws(text, idx).end() + 1).end()
                child = trie.children.get(key)
                if child is not None:
                    child.offset = key_start
                    idx = self._walk(idx, child)
                else:
                    idx = self._skip(idx)
                idx = ws(text, idx).end()
                if text[idx] == ",":
                    idx = ws(text, idx + 1).end()
                    continue
                return idx + 1
        if char == "[":
            idx = ws(text, idx + 1).end()
            if text[idx] == "]":
                return idx + 1
            index = 0
            while True:
                child = trie.children.get(str(index))
                if child is not None:
                    child.offset = idx
                    idx = self._walk(idx, child)
                else:
                    idx = self._skip(idx)
                idx = ws(text, idx).end()
                index += 1
                if text[idx] == ",":
                    idx = ws(text, idx + 1).end()
                    continue
                return idx + 1
        return self._skip(idx)

    def duplicate_keys(self, shown: str) -> list[LoadProblem]:
        """Slow path, only run when the decoder saw a duplicate: find each one with its pointer."""
        problems: list[LoadProblem] = []
        text, ws = self.text, _WS.match

        def walk(idx: int, pointer: str) -> int:
            char = text[idx]
            if char == "{":
                seen: set[str] = set()
                idx = ws(text, idx + 1).end()
                if text[idx] == "}":
                    return idx + 1
                while True:
                    key_start = idx
                    key, idx = _scanstring(text, idx + 1)
                    child = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
                    if key in seen:
                        line, column = self.lines.position(key_start)
                        problems.append(LoadProblem(
                            "duplicate-key", f"duplicate key '{key}': the later value silently wins",
                            shown, child, line, column))
                    seen.add(key)
                    idx = walk(ws(text, ws(text, idx).end() + 1).end(), child)
                    idx = ws(text, idx).end()
                    if text[idx] == ",":
                        idx = ws(text, idx + 1).end()
                        continue
                    return idx + 1
            if char == "[":
                idx = ws(text, idx + 1).end()
                if text[idx] == "]":
                    return idx + 1
                index = 0
                while True:
                    idx = ws(text, walk(idx, f"{pointer}/{index}")).end()
                    index += 1
                    if text[idx] == ",":
                        idx = ws(text, idx + 1).end()
                        continue
                    return idx + 1
            return self._skip(idx)

        walk(ws(text, 0).end(), "")
        return problems
