"""JSON: parsed by the standard library's C decoder; positions found by a guided re-scan."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from itertools import accumulate
from typing import Any

from apilint.errors import InputError
from apilint.load.limits import MAX_DEPTH, MAX_INT_DIGITS
from apilint.load.pointer import split
from apilint.load.problem import LoadProblem
from apilint.load.text import LineIndex

_WS = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


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
    except RecursionError:  # deeper than the interpreter's recursion limit
        raise _too_deep(shown) from None
    except ValueError:  # the only other error of the decoder: int(str) of a too long integer
        raise _long_integer(text, shown) from None
    if nesting_depth(text) > MAX_DEPTH:  # a document nested 1,000 deep would reach every later walk over it
        raise _too_deep(shown)
    locator = JsonLocator(text)
    if _SURROGATE_ESCAPE.search(text):  # ~7 ms on 13 MB; `in` would be twice that on non-ASCII text
        _refuse_lone_surrogates(data, locator, shown)
    problems = locator.duplicate_keys(shown) if duplicates else []
    return data, locator, problems


def _refuse_lone_surrogates(data: Any, locator: JsonLocator, shown: str) -> None:
    """JSON may escape half of a UTF-16 surrogate pair (``"\\ud800"``); such a string is not Unicode
    text and breaks every writer that encodes it, so the file is refused at the string's position."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                child = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
                if _not_unicode(key):
                    _raise_surrogate(locator, child, shown)
                stack.append((child, value))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{index}", value) for index, value in enumerate(node))
        elif isinstance(node, str) and _not_unicode(node):
            _raise_surrogate(locator, pointer, shown)


def _not_unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _raise_surrogate(locator: JsonLocator, pointer: str, shown: str) -> None:
    line, column = locator.positions([pointer])[pointer]
    raise InputError("string holds a lone UTF-16 surrogate escape (\\ud800-\\udfff): not valid Unicode",
                     shown, line, column)


def _too_deep(shown: str) -> InputError:
    return InputError(f"JSON nested too deeply to be an API description (more than {MAX_DEPTH} levels)", shown, 1, 1)


_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_BRACKET_OR_QUOTE = bytes(range(256)).translate(None, b'"{}[]')
_STRING = re.compile(rb'"[^"]*"')
_STEP = bytes.maketrans(b"{[}]", b"\x01\x01\xff\xff")  # +1 / -1 as signed bytes


def nesting_depth(text: str) -> int:
    """Deepest bracket nesting of valid JSON text, in C-speed passes (~50 ms on GitHub's 13 MB, a third of
    ``json.loads``): drop escapes, keep only brackets and quotes, drop the strings, then the running sum of
    +1/-1 steps. Non-ASCII characters never matter, so they become ``?`` (faster than UTF-8)."""
    kept = _ESCAPE.sub(b"", text.encode("ascii", "replace")).translate(None, _NOT_BRACKET_OR_QUOTE)
    brackets = _STRING.sub(b"", kept.replace(b'""', b""))
    return max(accumulate(memoryview(brackets.translate(_STEP)).cast("b")), default=0)


def _long_integer(text: str, shown: str) -> InputError:
    found = re.search(r"\d{%d,}" % (MAX_INT_DIGITS + 1), text)
    line, column = LineIndex(text).position(found.start()) if found else (None, None)
    return InputError(f"integer with more than {MAX_INT_DIGITS} digits; write it as a string", shown, line, column)


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
        offsets = {}
        for pointer, tokens in paths.items():
            node, best = root, root.offset
            for token in tokens:
                node = node.children[token]
                if node.offset is None:
                    break
                best = node.offset
            offsets[pointer] = best or 0
        lines = self.lines.positions(list(offsets.values()))
        return {pointer: lines[offset] for pointer, offset in offsets.items()}

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
        found: list[tuple[str, str, int]] = []  # key, pointer, offset
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
                        found.append((key, child, key_start))
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
        lines = self.lines.positions([offset for _, _, offset in found])
        return [LoadProblem("duplicate-key", f"duplicate key '{key}': the later value silently wins", shown, child,
                            *lines[offset]) for key, child, offset in found]
