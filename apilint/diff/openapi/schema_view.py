"""The effective schema of a node: its ``allOf`` members merged into one view (properties, required,
the strictest bounds), so moving properties into ``allOf: [$ref]`` is no change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apilint.diff.kinds import LOWER, UPPER
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.limits import MAX_SCHEMA_DEPTH, too_deep

# keywords whose presence (not content) the comparer reports, with their aspect names
PRESENCE = {"contains": "contains", "if": "if", "then": "then", "else": "else", "not": "not",
             "dependentRequired": "dependent-required", "dependentSchemas": "dependent-schema",
             "patternProperties": "pattern-property", "propertyNames": "property-names",
             "unevaluatedItems": "unevaluated-items", "unevaluatedProperties": "unevaluated-properties",
             "contentSchema": "content-schema"}


@dataclass
class View:
    """The effective schema of one node: its allOf members merged."""

    key: tuple
    main: Node
    kw: dict[str, Any] = field(default_factory=dict)
    types: frozenset[str] | None = None  # None: any type
    nullable: bool = False
    enum: list[Any] | None = None
    props: dict[str, list[Node]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: list[Node] = field(default_factory=list)
    one_of: list[Node] = field(default_factory=list)
    any_of: list[Node] = field(default_factory=list)
    patterns: set[str] = field(default_factory=set)
    presence: dict[str, Node] = field(default_factory=dict)
    additional: Any = None  # None | bool | Node



class SchemaViews:
    """Views of both sides, built once per set of nodes."""

    def __init__(self, docs: dict[str, Doc]) -> None:
        self.docs = docs
        self._views: dict[tuple, View] = {}

    def view(self, side: str, nodes: list[Node]) -> View:
        doc = self.docs[side]
        nodes = [doc.deref(n) for n in nodes]
        key = (side, *(n.key for n in nodes))
        cached = self._views.get(key)
        if cached is not None:
            return cached
        view = View(key, nodes[0])
        self._views[key] = view
        seen: set[tuple[str, str]] = set()
        for node in nodes:
            self._merge(doc, view, node, seen, top=node is nodes[0])
        return view

    def _merge(self, doc: Doc, view: View, node: Node, seen: set, top: bool, depth: int = 0) -> None:
        node = doc.deref(node)
        if node.key in seen or not isinstance(node.value, dict):
            return
        if depth >= MAX_SCHEMA_DEPTH:
            raise too_deep(node)
        seen.add(node.key)
        data = node.value
        for member in doc.elements(doc.child(node, "allOf")) if "allOf" in data else []:
            self._merge(doc, view, member, seen, top=False, depth=depth + 1)
        typ = data.get("type")
        if typ is not None:
            types = {typ} if isinstance(typ, str) else set(typ) if isinstance(typ, list) else set()
            if "null" in types:
                view.nullable = True
                types.discard("null")
            view.types = frozenset(types) if view.types is None else view.types & frozenset(types)
        if data.get("nullable") is True or data.get("x-nullable") is True:
            view.nullable = True
        if isinstance(data.get("enum"), list):
            values = data["enum"]
            if None in values:
                view.nullable = True
            values = [v for v in values if v is not None]
            view.enum = values if view.enum is None else [v for v in view.enum if v in values]
        for keywords, strictest in ((UPPER, min), (LOWER, max)):
            for kw in keywords:
                value = data.get(kw)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    current = view.kw.get(kw)
                    view.kw[kw] = value if current is None else strictest(current, value)
        for kw in ("format", "default", "const", "contentMediaType", "contentEncoding", "readOnly", "writeOnly",
                   "deprecated", "x-sunset", "x-extensible-enum", "discriminator", "x-stability-level"):
            if kw in data and (top or kw not in view.kw):
                view.kw[kw] = data[kw]
        if isinstance(data.get("pattern"), str) and data["pattern"]:
            view.patterns.add(data["pattern"])
        if isinstance(data.get("required"), list):
            view.required.update(r for r in data["required"] if isinstance(r, str))
        for name, prop in doc.items(doc.child(node, "properties")) if "properties" in data else []:
            view.props.setdefault(name, []).append(prop)
        if "items" in data:
            items = doc.child(node, "items")
            if items is not None and isinstance(items.value, dict):
                view.items.append(items)
        if "oneOf" in data:
            view.one_of.extend(doc.elements(doc.child(node, "oneOf")))
        if "anyOf" in data:
            view.any_of.extend(doc.elements(doc.child(node, "anyOf")))
        if "additionalProperties" in data:
            extra = data["additionalProperties"]
            view.additional = extra if isinstance(extra, bool) else doc.child(node, "additionalProperties")
        for kw in PRESENCE:
            if kw in data:
                child = doc.child(node, kw)
                if child is not None:
                    view.presence[kw] = child
        if "prefixItems" in data:
            child = doc.child(node, "prefixItems")
            if child is not None:
                view.presence["prefixItems"] = child
