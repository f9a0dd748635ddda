"""Walking an OpenAPI document through its ``$ref``s without copying it.

A ``Node`` is a value plus where it is defined (file and JSON pointer); ``Doc.at`` follows ``$ref``
chains with the loader's safe ``Workspace``, so refs into other files work and cycles end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apilint.errors import InputError
from apilint.load.pointer import escape
from apilint.load.source import SourceFile
from apilint.load.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Node:
    source: SourceFile
    pointer: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.path, self.pointer)


class Doc:
    """One version of the spec, loaded with a Workspace."""

    def __init__(self, path: str, *, allow_remote: bool = False, allow_outside: bool = False,
                 root_dir: str | None = None) -> None:
        self.ws = Workspace(path, allow_remote=allow_remote, allow_outside=allow_outside, root_dir=root_dir)
        self.root = Node(self.ws.root, "", self.ws.root.data)
        self._deref: dict[tuple[str, str], Node] = {}
        if not isinstance(self.root.value, dict):
            raise InputError("not an OpenAPI document (the top level is not a mapping)", self.ws.root.display, 1, 1)
        if "openapi" not in self.root.value and "swagger" not in self.root.value:
            raise InputError("not an OpenAPI document (no `openapi` or `swagger` field at the top level)",
                             self.ws.root.display, 1, 1)

    def deref(self, node: Node) -> Node:
        """The node a ``$ref`` chain ends at (the node itself when it is no ref; itself if broken)."""
        if isinstance(node.value, dict) and "$ref" in node.value:
            ref = node.value["$ref"]
            # every use of one ref string in one file ends at the same target
            key = (node.source.path, ref if isinstance(ref, str) else node.pointer)
            cached = self._deref.get(key)
            if cached is None:
                resolved = self.ws.deref(node.value, node.source, node.pointer)
                cached = node if resolved is None else Node(resolved.source, resolved.pointer, resolved.value)
                self._deref[key] = cached
            return cached
        return node

    def child(self, node: Node | None, *keys: str | int) -> Node | None:
        """Follow keys from ``node`` (resolving refs on the way); None when something is missing."""
        current = node
        for key in keys:
            if current is None:
                return None
            current = self.deref(current)
            value = current.value
            if isinstance(value, dict) and key in value:
                current = Node(current.source, f"{current.pointer}/{escape(key)}", value[key])
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                current = Node(current.source, f"{current.pointer}/{key}", value[key])
            else:
                return None
        return self.deref(current) if current is not None else None

    def items(self, node: Node | None) -> list[tuple[str, Node]]:
        """(key, child) pairs of a mapping node, refs resolved."""
        if node is None:
            return []
        node = self.deref(node)
        if not isinstance(node.value, dict):
            return []
        return [(k, self.deref(Node(node.source, f"{node.pointer}/{escape(k)}", v))) for k, v in node.value.items()]

    def elements(self, node: Node | None) -> list[Node]:
        if node is None:
            return []
        node = self.deref(node)
        if not isinstance(node.value, list):
            return []
        return [self.deref(Node(node.source, f"{node.pointer}/{i}", v)) for i, v in enumerate(node.value)]

    @property
    def version(self) -> str:
        info = self.root.value.get("info")
        return str(info.get("version", "")) if isinstance(info, dict) else ""

    @property
    def is_swagger2(self) -> bool:
        return "swagger" in self.root.value
