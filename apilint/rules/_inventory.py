"""Per-API facts several rules of the pack share, computed once per API and cached on it.

Walking every schema through the model costs ~0.5 s on GitHub's description (it builds an object per
node), so API-wide questions (which property names exist, which components are referenced) are
answered by one pass over the raw documents instead (~0.07 s). Proto APIs have no raw documents;
their fields come from the model, which is cheap there.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from apilint.load.pointer import escape
from apilint.model.core import Api, Loc, Operation, Schema

_NOT_SCHEMAS = frozenset({"example", "examples", "x-examples", "enum", "const", "required"})


class Prop:
    """One property definition: its name, where it is, and its (possibly ``$ref``) raw value."""

    __slots__ = ("_at", "file", "name", "schema", "source", "value")

    def __init__(self, name: str, file: str, at: Any, value: Any, source: Any = None,
                 schema: Schema | None = None) -> None:
        self.name, self.file, self._at, self.value = name, file, at, value
        self.source = source  # SourceFile (OpenAPI) or None (proto)
        self.schema = schema  # proto: the field schema

    @property
    def pointer(self) -> str:
        return self._at if isinstance(self._at, str) else _pointer(self._at)

    @property
    def loc(self) -> Loc:
        return self.schema.loc if self.schema is not None else Loc(self.file, self.pointer)

    def data(self, api: Api) -> dict[str, Any]:
        """The property's schema dict with ``$ref`` followed (empty when it cannot be)."""
        if self.schema is not None:
            return self.schema.data
        value = self.value
        if isinstance(value, dict) and "$ref" in value and api.format == "openapi":
            resolved = api.workspace.deref(value, self.source, self.pointer)
            value = resolved.value if resolved is not None else {}
        return value if isinstance(value, dict) else {}


@dataclass
class Inventory:
    props: list[Prop] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (absolute file path, $ref / mapping value)


def inventory(api: Api) -> Inventory:
    cached = getattr(api, "_apilint_inventory", None)
    if cached is None:
        # The pass allocates ~100k small objects and no cycles: pausing the cyclic GC halves its cost.
        enabled = gc.isenabled()
        gc.disable()
        try:
            cached = _from_raw(api) if api.format == "openapi" and api.workspace is not None else _from_model(api)
        finally:
            if enabled:
                gc.enable()
        api._apilint_inventory = cached  # type: ignore[attr-defined]
    return cached


def _pointer(link: Any) -> str:
    """Materialise a JSON pointer from the traversal's (parent, key) chain."""
    tokens = []
    while link is not None:
        link, key = link
        key = str(key)
        tokens.append(escape(key) if "/" in key or "~" in key else key)
    return "".join("/" + t for t in reversed(tokens))


def _from_raw(api: Api) -> Inventory:
    """One pass over every loaded file. Pointers are kept as (parent, key) chains and only turned
    into strings for the properties a rule reports: building a string per node costs more than the
    walk itself on a 10 MB document."""
    result = Inventory()
    props, refs = result.props, result.refs
    containers = (dict, list)
    not_schemas = _NOT_SCHEMAS
    queue = list(api.workspace.files.values())
    visited = {source.path for source in queue}
    while queue:
        source = queue.pop(0)
        display, path = source.display, source.path
        first_ref = len(refs)
        stack: list[tuple[Any, Any]] = [(source.data, None)]
        pop, push = stack.pop, stack.append
        while stack:
            node, link = pop()
            if type(node) is list:
                for index, value in enumerate(node):
                    kind = type(value)
                    if kind is dict or kind is list:
                        push((value, (link, index)))
                continue
            ref = node.get("$ref")
            if type(ref) is str:
                refs.append((path, ref))
            disc = node.get("discriminator")
            if type(disc) is dict and type(disc.get("mapping")) is dict:
                refs.extend((path, v) for v in disc["mapping"].values() if type(v) is str)
            for key, value in node.items():
                kind = type(value)
                if (kind is not dict and kind is not list) or key in not_schemas:
                    continue
                if key == "properties" and type(value) is dict:
                    child = (link, key)
                    for name, prop in value.items():
                        at = (child, name)
                        props.append(Prop(str(name), display, at, prop, source))
                        if type(prop) in containers:
                            push((prop, at))
                else:
                    push((value, (link, key)))
        for other in _referenced_files(api.workspace, source, refs[first_ref:], visited):
            visited.add(other.path)
            queue.append(other)
    return result


def _referenced_files(workspace: Any, source: Any, refs: list[tuple[str, str]], visited: set[str]) -> list[Any]:
    """Files that ``source`` refers to and the model has not loaded yet (it loads lazily), within
    the same limits as the loader: no remote files, nothing outside the root folder unless allowed."""
    found = []
    folder = os.path.dirname(source.path)
    for target in dict.fromkeys(ref.partition("#")[0] for _, ref in refs):  # a file names the same few many times
        if not target or "://" in target or target.startswith("//"):
            continue
        path = os.path.normpath(os.path.join(folder, unquote(target)))
        if path in visited or not (workspace.allow_outside
                                   or os.path.commonpath([path, workspace.root_dir]) == workspace.root_dir):
            continue
        loaded = workspace.source_for(path)
        if not isinstance(loaded, str):
            visited.add(path)
            found.append(loaded)
    return found


def _from_model(api: Api) -> Inventory:
    from apilint.model.query import named_schemas_and_bodies

    result = Inventory()
    for schema in named_schemas_and_bodies(api):
        for name, prop in schema.properties().items():
            result.props.append(Prop(name, prop.loc.file, prop.loc.pointer, prop.data, schema=prop))
    return result


def request_roots(api: Api) -> Iterator[tuple[Operation, str, Schema]]:
    """(operation, what, schema) for every request body schema and query/path parameter schema,
    each distinct schema once."""
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        for param in op.parameters:
            schema = param.schema
            if param.location in ("query", "path", "field") and schema is not None and schema.key not in seen:
                seen.add(schema.key)
                yield op, f"parameter '{param.name}'", schema
        if op.request is not None:
            schema = op.request.schema
            if schema is not None and schema.key not in seen:
                seen.add(schema.key)
                yield op, "request body" if api.format == "openapi" else "request", schema


@functools.lru_cache(maxsize=65536)
def cached_words(name: str) -> tuple[str, ...]:
    """``query.words`` memoised: the same names recur thousands of times across an API."""
    from apilint.model.query import words

    return tuple(words(name))


def first_word(op: Operation) -> str:
    """The verb an operation's name starts with: ``createOrder`` -> create, ``repos/get`` -> get."""
    from apilint.model.query import words

    name = op.operation_id or (op.name if op.method is None else "")
    if "/" in name:  # GitHub style: "repos/list-for-org"
        name = name.rsplit("/", 1)[-1]
    found = words(name)
    return found[0] if found else ""


def singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
