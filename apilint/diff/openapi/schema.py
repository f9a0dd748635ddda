"""Comparing two schemas as *effective* schemas.

``allOf`` members are merged into one view (properties, required, strictest bounds), so moving
properties between an inline schema and ``allOf: [$ref]`` is no change; ``oneOf``/``anyOf`` members are
matched by content, then by ref name, regardless of order or inline/ref form.

Results are memoised per (old schema, new schema, direction) as changes *relative* to the compared
schema, so a component used by 500 operations is compared once, and a cycle ends when it meets a
pair already in progress; structurally identical inline copies share one result (and so one location).
A structural hash gives a fast path for identical subtrees. A change below a schema is kept once per
place it is made (its node), counting the property paths that reach it (``places``), so a schema
reachable along thousands of paths costs one entry, not thousands.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from apilint.diff.kinds import LOWER, UPPER
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.limits import MAX_PROPERTY_PATHS, MAX_SCHEMA_DEPTH, too_deep, too_wide
from apilint.diff.openapi.schema_hash import StructuralHash
from apilint.diff.openapi.schema_view import PRESENCE, SchemaViews, View

_MATCH_ALL = {".*", "^.*$", ".+", "^.+$", "[\\s\\S]*", "^[\\s\\S]*$"}


@dataclass(slots=True)
class Rel:
    """A change relative to the compared schema: ``path`` is the property path below it."""

    aspect: str
    path: tuple[str, ...]
    old: Any
    new: Any
    node: Node  # where (new side, or old side for removals)
    side: str = "new"
    detail: str = ""
    places: int = 1  # property paths below the compared schema that reach this change

    @property
    def identity(self) -> tuple:
        """What makes two relations the same change: where it is made and what it is. A property removed
        (or added) is one change whether a direction calls it required or not."""
        aspect = _SAME_EDIT.get(self.aspect, self.aspect)
        return (self.node.key, self.side, aspect, self.detail, _freeze(self.old), _freeze(self.new))


# aspects a direction names differently for one edit (a required property removed is "required-removed" in a
# response, "removed" in a request)
_SAME_EDIT = {"required-removed": "removed", "added-required": "added"}


class SchemaComparer(SchemaViews, StructuralHash):
    def __init__(self, old: Doc, new: Doc) -> None:
        docs = {"old": old, "new": new}
        SchemaViews.__init__(self, docs)
        StructuralHash.__init__(self, docs)
        self._memo: dict[tuple, list[Rel]] = {}
        self._memo_by_content: dict[tuple, list[Rel]] = {}  # inline copies: (old hashes, new hashes, direction)
        self._active: set[tuple] = set()
        self._depth = 0  # compare() calls in progress

    # -- comparison ----------------------------------------------------------------------------
    def compare(self, old: list[Node], new: list[Node], direction: str) -> list[Rel]:
        """Changes from the schema made of ``old`` members to ``new`` (direction: request | response)."""
        if self.same(old, new):
            return []
        vo, vn = self.view("old", old), self.view("new", new)
        key = (vo.key, vn.key, direction)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        content = self._content_key(old, new, vo, vn, direction)
        cached = self._memo_by_content.get(content) if content is not None else None
        if cached is not None:
            self._memo[key] = cached
            return cached
        if key in self._active:
            return []
        if self._depth >= MAX_SCHEMA_DEPTH:
            raise too_deep(vn.main)
        self._active.add(key)
        self._depth += 1
        try:
            result = _merged(self._compare(vo, vn, direction))
        finally:
            self._active.discard(key)
            self._depth -= 1
        if sum(rel.places for rel in result) > MAX_PROPERTY_PATHS:
            raise too_wide(vn.main)
        self._memo[key] = result
        if content is not None:
            self._memo_by_content[content] = result
        return result

    def _content_key(self, old: list[Node], new: list[Node], o: View, n: View, direction: str) -> tuple | None:
        """The key under which inline copies of one object schema (written out in each operation instead of
        a ``$ref``) share a result, and so one location. None for definitions of their own (two components
        alike are still two), for schemas without properties (``{type: string}`` is everywhere without being
        a copy), and when the hashes do not prove equality (a cycle cut short, an ``x-apilint-ignore`` that
        tells copies apart)."""
        if not (o.props and n.props and _inline(o.main) and _inline(n.main)):
            return None
        hashes = []
        for side, nodes in (("old", old), ("new", new)):
            for node in nodes:
                value, exact = self.hash(side, node)
                if not exact:
                    return None
                hashes.append(value)
        return (len(old), *hashes, direction)

    def _compare(self, o: View, n: View, direction: str) -> list[Rel]:
        out: list[Rel] = []
        where = n.main

        def add(aspect: str, old: Any = None, new: Any = None, path: tuple[str, ...] = (), node: Node | None = None,
                side: str = "new", places: int = 1) -> None:
            out.append(Rel(aspect, path, old, new, node or where, side, places=places))

        wrapped = (not o.one_of and n.one_of and not n.props and n.types is None
                   and (o.props or o.types is not None))
        if wrapped:
            add("wrapped-in-one-of", None, "oneOf")
            return out
        self._types(o, n, add)
        if out:
            out[-1].detail = str(o.kw.get("format") or "")
        if o.nullable != n.nullable:
            add("became-nullable" if n.nullable else "became-not-nullable", o.nullable, n.nullable)
        self._enum(o, n, add, direction)
        for bounds, is_lower in ((UPPER, False), (LOWER, True)):
            for kw, name in bounds.items():
                a, b = o.kw.get(kw), n.kw.get(kw)
                if a == b or (is_lower and ((a is None and b == 0) or (b is None and a == 0))):
                    continue  # a lower bound of 0 is no bound
                if a is None:
                    add(f"{name}-set", a, b)
                elif b is None:
                    add(f"{name}-unset", a, b)
                else:
                    add(f"{name}-decreased" if b < a else f"{name}-increased", a, b)
        self._scalars(o, n, add)
        if o.patterns != n.patterns:
            if not o.patterns:
                add("pattern-added", None, sorted(n.patterns))
            elif not n.patterns:
                add("pattern-removed", sorted(o.patterns), None, node=o.main, side="old")
            elif n.patterns <= _MATCH_ALL:
                add("pattern-generalized", sorted(o.patterns), sorted(n.patterns))
            else:
                add("pattern-changed", sorted(o.patterns), sorted(n.patterns))
        self._presence(o, n, add)
        self._additional(o, n, add, direction)
        if isinstance(o.additional, Node) and isinstance(n.additional, Node):
            for rel in self.compare([o.additional], [n.additional], direction):
                out.append(_prefixed(rel, "additionalProperties"))
        self._alternatives(o.one_of, n.one_of, "one-of", add, direction)
        self._alternatives(o.any_of, n.any_of, "any-of", add, direction)
        self._properties(o, n, out, direction)
        if o.items and n.items:
            for rel in self.compare(o.items, n.items, direction):
                out.append(_prefixed(rel, "items"))
        return out

    def _types(self, o: View, n: View, add) -> None:
        a, b = o.types, n.types
        if a == b or (not a and not b):
            return
        if not a or not b:
            add("type-generalized" if not b else "type-specialized", _tlist(a), _tlist(b))
            return
        listy = len(a) > 1 or len(b) > 1
        wa, wb = _widen(a), _widen(b)
        if wa <= wb:
            add("list-of-types-widened" if listy else "type-generalized", _tlist(a), _tlist(b))
        elif wb <= wa:
            add("list-of-types-narrowed" if listy else "type-specialized", _tlist(a), _tlist(b))
        else:
            add("type-changed", _tlist(a), _tlist(b))

    def _enum(self, o: View, n: View, add, direction: str) -> None:
        if o.enum is None and n.enum is None:
            pass
        elif o.enum is None:
            add("became-enum", None, n.enum)
        elif n.enum is None:
            add("enum-removed", o.enum, None)
        else:
            removed = [v for v in o.enum if v not in n.enum]
            added = [v for v in n.enum if v not in o.enum]
            if removed and added and direction == "error":
                add("error-code-enum-split", removed, added)
            else:
                if removed:
                    add("enum-value-removed", removed, None)
                if added:
                    add("enum-value-added", None, added)
        xa, xb = o.kw.get("x-extensible-enum"), n.kw.get("x-extensible-enum")
        if isinstance(xa, list) and isinstance(xb, list):
            removed = [v for v in xa if v not in xb]
            if removed:
                add("x-extensible-enum-value-removed", removed, None)

    def _scalars(self, o: View, n: View, add) -> None:
        fa, fb = o.kw.get("format"), n.kw.get("format")
        if fa != fb:
            add("format-added" if fa is None else "format-removed" if fb is None else "format-changed", fa, fb)
        for kw, aspect in (("default", "default-value"), ("const", "const")):
            was, now = o.kw.get(kw, _NONE), n.kw.get(kw, _NONE)
            if was is _NONE and now is not _NONE:
                add(f"{aspect}-added", None, now)
            elif now is _NONE and was is not _NONE:
                add(f"{aspect}-removed", was, None)
            elif was != now:
                add(f"{aspect}-changed", was, now)
        for kw, aspect in (("contentMediaType", "content-media-type-changed"),
                           ("contentEncoding", "content-encoding-changed")):
            if o.kw.get(kw) != n.kw.get(kw):
                add(aspect, o.kw.get(kw), n.kw.get(kw))
        if not o.kw.get("readOnly") and n.kw.get("readOnly"):
            add("became-read-only", False, True)
        if o.kw.get("writeOnly") and not n.kw.get("writeOnly"):
            add("became-not-write-only", True, False)
        if o.kw.get("discriminator") != n.kw.get("discriminator"):
            add("discriminator-changed", o.kw.get("discriminator"), n.kw.get("discriminator"))
        da, db = bool(o.kw.get("deprecated")), bool(n.kw.get("deprecated"))
        if db and not da:
            from apilint.diff.sunset import parse_sunset

            sunset = n.kw.get("x-sunset")
            if sunset is not None and parse_sunset(sunset) is None:
                add("deprecated-sunset-invalid", None, sunset)
            else:
                add("deprecated", False, True)
        elif da and not db:
            add("reactivated", True, False)

    def _presence(self, o: View, n: View, add) -> None:
        for kw in (*PRESENCE, "prefixItems"):
            name = PRESENCE.get(kw, "prefix-items")
            a, b = o.presence.get(kw), n.presence.get(kw)
            if a is None and b is None:
                continue
            if a is None:
                add(f"{name}-added", None, kw, node=b)
            elif b is None:
                add(f"{name}-removed", kw, None, node=a, side="old")
            elif kw == "dependentRequired" and _normal(a.value) != _normal(b.value):
                add(f"{name}-changed", a.value, b.value, node=b)
            elif kw != "prefixItems" and kw != "dependentRequired" and self.hash("old", a) != self.hash("new", b):
                add(f"{name}-changed", kw, kw, node=b)

    def _additional(self, o: View, n: View, add, direction: str) -> None:
        a, b = o.additional, n.additional
        if a is False and b is not False:
            add("additional-properties-allowed", False, True if b is None else b if isinstance(b, bool) else "schema")
        elif b is False and a is not False:
            add("additional-properties-restricted", True if a is None else a if isinstance(a, bool) else "schema",
                False)

    def _alternatives(self, old: list[Node], new: list[Node], name: str, add, direction: str) -> None:
        if not old and not new:
            return
        if not old or not new:
            # a whole oneOf/anyOf appearing or going away
            if new:
                add(f"{name}-added", None, [_label(x) for x in new])
            else:
                add(f"{name}-removed", [_label(x) for x in old], None)
            return
        unmatched_new = list(new)
        unmatched_old = []
        for member in old:
            h = self.hash("old", member)[0]
            match = next((x for x in unmatched_new if self.hash("new", x)[0] == h), None)
            if match is None:
                match = next((x for x in unmatched_new if _label(x) == _label(member) and "#" in _label(x)), None)
                if match is not None:
                    for rel in self.compare([member], [match], direction):
                        add(rel.aspect, rel.old, rel.new, rel.path, rel.node, rel.side, rel.places)
            if match is None:
                unmatched_old.append(member)
            else:
                unmatched_new.remove(match)
        for member in unmatched_old:
            add(f"{name}-removed", _label(member), None, node=member, side="old")
        for member in unmatched_new:
            add(f"{name}-added", None, _label(member), node=member)

    def _properties(self, o: View, n: View, out: list[Rel], direction: str) -> None:
        request = direction == "request"
        skip = "readOnly" if request else "writeOnly"

        def hidden(view_nodes: list[Node], side: str) -> bool:
            return bool(self.view(side, view_nodes).kw.get(skip))

        removed = [p for p in o.props if p not in n.props]
        added = [p for p in n.props if p not in o.props]
        renamed: dict[str, str] = {}
        if removed and added:
            for old_name in removed:
                h = self.hash("old", o.props[old_name][0])[0] if len(o.props[old_name]) == 1 else None
                for new_name in added:
                    if (new_name not in renamed.values() and h is not None and len(n.props[new_name]) == 1
                            and self.hash("new", n.props[new_name][0])[0] == h
                            and _similar(old_name, new_name)):
                        renamed[old_name] = new_name
                        break
        for name in removed:
            if hidden(o.props[name], "old"):
                continue
            node = o.props[name][0]
            if name in renamed:
                out.append(Rel("renamed", (name,), name, renamed[name], n.props[renamed[name]][0]))
            elif name in o.required and not request:
                out.append(Rel("required-removed", (name,), name, None, node, "old"))
            else:
                out.append(Rel("removed", (name,), name, None, node, "old"))
        for name in added:
            if name in renamed.values() or hidden(n.props[name], "new"):
                continue
            node = n.props[name][0]
            if name in n.required and request:
                out.append(Rel("added-required", (name,), None, name, node))
            else:
                out.append(Rel("added", (name,), None, name, node))
        for name in o.props:
            if name not in n.props:
                continue
            if hidden(n.props[name], "new") and hidden(o.props[name], "old"):
                continue
            was, now = name in o.required, name in n.required
            node = n.props[name][0]
            if was != now and not hidden(n.props[name], "new"):
                out.append(Rel("became-required" if now else "became-optional", (name,), was, now, node))
            for rel in self.compare(o.props[name], n.props[name], direction):
                out.append(_prefixed(rel, name))


_NONE = object()


def _inline(node: Node) -> bool:
    """A schema written where an operation uses it (under ``paths`` or ``webhooks``), not a definition."""
    return node.pointer.startswith(("/paths/", "/webhooks/"))


def _prefixed(rel: Rel, name: str) -> Rel:
    return Rel(rel.aspect, (name, *rel.path), rel.old, rel.new, rel.node, rel.side, rel.detail, rel.places)


def _merged(rels: list[Rel]) -> list[Rel]:
    """One relation per change: the first path found to it, with the places of all of them."""
    first: dict[tuple, Rel] = {}
    for rel in rels:
        seen = first.get(rel.identity)
        if seen is None:
            first[rel.identity] = rel
        else:
            first[rel.identity] = Rel(seen.aspect, seen.path, seen.old, seen.new, seen.node, seen.side, seen.detail,
                                      seen.places + rel.places)
    return list(first.values())


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a changed value (lists, mappings)."""
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _widen(types: frozenset[str]) -> frozenset[str]:
    return types | {"integer"} if "number" in types else types


def _tlist(types: frozenset[str] | None) -> Any:
    if not types:
        return None
    return sorted(types)[0] if len(types) == 1 else sorted(types)


def _label(node: Node) -> str:
    """How a oneOf/anyOf member is named in messages: its ref target, or its position."""
    pointer = node.pointer
    if "/components/schemas/" in pointer or "/definitions/" in pointer:
        return "#" + pointer
    return f"inline schema at #{pointer}"

def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: sorted(v) if isinstance(v, list) else v for k, v in value.items()}
    return value


def _similar(a: str, b: str) -> bool:
    """Names that look like a rename of one another (case/separator change or a shared stem)."""
    na, nb = re.sub(r"[_\-\s]", "", a).lower(), re.sub(r"[_\-\s]", "", b).lower()
    return na == nb or na.startswith(nb) or nb.startswith(na)


def _esc(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
