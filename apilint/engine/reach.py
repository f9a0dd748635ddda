"""Which API paths reach a node through ``$ref``s, so that an ``ignore`` entry's ``paths`` glob also
covers a finding located in a shared component (``/components/...`` or another file) that only the
ignored paths use.

Built lazily, once per spec, only when an ``ignore.paths`` entry could silence such a finding: each
path item's subtree is scanned for ``$ref``s, and those are followed transitively through the files
already loaded (each referenced node's subtree is scanned once).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from apilint.load.pointer import escape, join, split

Key = tuple[str, str]  # (absolute file path, JSON pointer)


class PathReach:
    def __init__(self, sources: dict[str, Any], root_display: str) -> None:
        self._sources = sources
        self._root_display = root_display
        self._by_display: dict[str, Any] | None = None  # built on the first question
        self._below: dict[Key, list[Key]] = {}
        self._reached: dict[Key, set[str]] = {}

    def _build(self) -> dict[str, Any]:
        self._by_display = {source.display: source for source in self._sources.values()}
        root = self._by_display.get(self._root_display)
        paths = root.data.get("paths") if root is not None and isinstance(root.data, dict) else None
        for api_path in paths if isinstance(paths, dict) else ():
            self._follow(str(api_path), (root.path, "/paths/" + escape(str(api_path))))
        return self._by_display

    def paths_of(self, file: str, pointer: str) -> set[str]:
        """The API paths whose operations reach the node at ``pointer`` in ``file`` (as shown)."""
        by_display = self._by_display if self._by_display is not None else self._build()
        source = by_display.get(file)
        if source is None or not pointer.startswith("/"):
            return set()
        tokens = split(pointer)
        found: set[str] = set()
        for depth in range(len(tokens) + 1):
            found |= self._reached.get((source.path, join("", *tokens[:depth])), set())
        return found

    def _follow(self, api_path: str, start: Key) -> None:
        pending = list(self._refs_below(start))
        seen: set[Key] = set()
        while pending:
            key = pending.pop()
            if key in seen:
                continue
            seen.add(key)
            self._reached.setdefault(key, set()).add(api_path)
            pending.extend(self._refs_below(key))

    def _refs_below(self, key: Key) -> list[Key]:
        if key not in self._below:
            source = self._sources.get(key[0])
            node = _get(source.data, key[1]) if source is not None else None
            self._below[key] = [target for ref in _refs(node) if (target := self._target(ref, source.path))]
        return self._below[key]

    def _target(self, ref: Any, base: str) -> Key | None:
        if not isinstance(ref, str):
            return None
        parts = urlsplit(ref)
        if parts.scheme and parts.scheme != "file":
            return None
        path = base
        if parts.path:
            path = os.path.normpath(os.path.join(os.path.dirname(base), unquote(parts.path)))
        return (path, unquote(parts.fragment)) if path in self._sources else None


def _get(data: Any, pointer: str) -> Any:
    for token in split(pointer) if pointer else ():
        if isinstance(data, dict):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def _refs(node: Any) -> Iterator[Any]:
    stack = [node]
    seen: set[int] = set()  # YAML aliases share (or even nest) nodes
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            if id(current) in seen:
                continue
            seen.add(id(current))
        if isinstance(current, dict):
            if "$ref" in current:
                yield current["$ref"]
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
