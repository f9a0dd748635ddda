"""A structural hash of what a schema means (refs resolved, annotations ignored): the fast path that
skips comparing identical subtrees, and how ``oneOf`` members and renamed properties are matched."""

from __future__ import annotations

from typing import Any

from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.limits import MAX_VALUE_NESTING, too_deep

# annotation keywords that never change what is valid
_IGNORED = frozenset({"description", "title", "example", "examples", "externalDocs", "summary", "$comment",
                      "xml", "$id", "$schema", "$anchor", "$defs", "definitions"})
_KEEP_X = frozenset({"x-extensible-enum", "x-sunset", "x-stability-level", "x-nullable"})


class StructuralHash:
    def __init__(self, docs: dict[str, Doc]) -> None:
        self.docs = docs
        self._hashes: dict[tuple[str, str], tuple[int, bool]] = {}
        self._hash_active: set[tuple[str, str]] = set()

    def hash(self, side: str, node: Node, depth: int = 0) -> tuple[int, bool]:
        """(hash of what the schema means, exact): refs resolved, annotations ignored; ``exact`` is False
        when a cycle was cut short (then equal hashes do not prove equality) or an ``x-apilint-ignore`` below
        could tell equal schemas apart (which changes are accepted where). ``depth``: how many values
        deep the walk is, refs followed (bounded: see ``limits``)."""
        doc = self.docs[side]
        node = doc.deref(node)
        key = node.key
        cached = self._hashes.get(key)
        if cached is not None:
            return cached
        if key in self._hash_active:
            return (hash(("cycle",)), False)
        self._hash_active.add(key)
        try:
            result = self._hash_value(side, node, node.value, depth)
        finally:
            self._hash_active.discard(key)
        self._hashes[key] = result
        return result

    def _hash_value(self, side: str, node: Node, value: Any, depth: int) -> tuple[int, bool]:
        if depth > MAX_VALUE_NESTING:
            raise too_deep(node)
        if isinstance(value, dict):
            if "$ref" in value:
                return self.hash(side, Node(node.source, node.pointer, value), depth + 1)
            exact = "x-apilint-ignore" not in value
            parts = []
            for k in sorted(value):
                if k in _IGNORED or (k.startswith("x-") and k not in _KEEP_X):
                    continue
                v = value[k]
                if k in ("enum", "required", "type") and isinstance(v, list):
                    h, e = hash((k, frozenset(map(_freeze, v)))), True
                elif isinstance(v, (dict, list)):
                    # pointers are only needed to resolve refs; the ref site itself is never reported here
                    h, e = self._hash_value(side, node, v, depth + 1)
                else:
                    h, e = hash((type(v).__name__, v)), True
                exact &= e
                parts.append((k, h))
            return hash(tuple(parts)), exact
        if isinstance(value, list):
            exact = True
            parts = []
            for v in value:
                h, e = self._hash_value(side, node, v, depth + 1)
                exact &= e
                parts.append(h)
            return hash(("list", *parts)), exact
        return hash((type(value).__name__, value)), True

    def same(self, old: list[Node], new: list[Node]) -> bool:
        if len(old) != 1 or len(new) != 1:
            return False
        ho, eo = self.hash("old", old[0])
        hn, en = self.hash("new", new[0])
        return eo and en and ho == hn


def _freeze(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, sort_keys=True, default=str)
    return value
