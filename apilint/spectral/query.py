"""Spectral's JSONPath (JSONPath-Plus forms) evaluated with python-jsonpath over a loaded spec.

Spectral writes filters as JavaScript (``[?(@property !== 'properties' && @.enum)]``); they are
rewritten to python-jsonpath's filter language (``#`` is the current key, ``undefined`` for
``void 0``, ``isinstance(..., 'array')`` for ``.constructor.name === 'Array'``), and a trailing ``~``
(property names) and ``^`` (parent) are supported. Forms with no equivalent (``@path``, ``@parent``,
other JavaScript calls) are refused when the ruleset is loaded, naming the expression.

Evaluation follows ``$ref``s like Spectral's resolved document does, but every node is reported where
it is written (file and JSON pointer), so a shared schema is one finding, not one per use. python-jsonpath
parses paths and filters; selection is done here, on light nodes built only for what is selected (the
library's match objects cost more than the rest of a query). The ``..`` walk is done once per document
and shared by every query, visiting each written node once: it indexes the mappings holding the names
``..name`` queries select, and lists every mapping child, so that a filter needing keys
(``@.enum && ...``) is evaluated only on the children that have them. Rarer selectors (slices, indexes)
are left to the library.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonpath import JSONPathEnvironment, JSONPathMatch
from jsonpath.exceptions import JSONPathError
from jsonpath.filter import (
    FilterExpressionLiteral,
    FunctionExtension,
    InfixExpression,
    Nil,
    RelativeFilterQuery,
    Undefined,
)
from jsonpath.segments import JSONPathRecursiveDescentSegment
from jsonpath.selectors import Filter, FilterContext, KeysSelector, NameSelector, WildcardSelector

from apilint.load.pointer import join
from apilint.spectral.predicate import Predicate, compile_existence, compile_filter, truthy


class QueryError(ValueError):
    """A JSONPath Spectral accepts but this translation cannot run (or that does not parse)."""


_UNSUPPORTED = re.compile(r"@path|@parentProperty|@parent\b|\.match\(|typeof\b|=>|\bfunction\b")
_CONSTRUCTOR = re.compile(r"(@[\w.$\[\]'\"-]*)\.constructor\.name\s*(===|!==|==|!=)\s*['\"](\w+)['\"]")
_INCLUDES = re.compile(r"(@[\w.$\[\]'\"-]*)\.includes\(\s*('[^']*'|\"[^\"]*\")\s*\)")
_BARE_NAMES = re.compile(r"\[\s*([A-Za-z_$][\w$-]*(?:\s*,\s*[A-Za-z_$][\w$-]*)*)\s*\]")
_ODD_NAME = re.compile(r"\.([A-Za-z_$][\w$-]*[$-][\w$-]*|\$[\w$-]*)")


def _outside_quotes(text: str, change: Any) -> str:
    """Apply ``change`` to the parts of ``text`` outside string literals."""
    parts = re.split(r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")", text)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def _filter(expression: str) -> str:
    """One JavaScript filter expression as python-jsonpath filter syntax."""
    if _UNSUPPORTED.search(expression):
        raise QueryError(f"unsupported JavaScript in filter: {expression}")
    types = {"Array": "array", "Object": "object", "String": "string", "Number": "number", "Boolean": "boolean"}

    def constructor(match: re.Match[str]) -> str:
        test = f"isinstance({match.group(1)}, '{types.get(match.group(3), match.group(3).lower())}')"
        return test if match.group(2) in ("===", "==") else f"!{test}"

    expression = _CONSTRUCTOR.sub(constructor, expression)
    expression = _INCLUDES.sub(lambda m: f"{m.group(1)} contains {m.group(2)}", expression)

    def plain(part: str) -> str:
        part = part.replace("===", "==").replace("!==", "!=")
        part = re.sub(r"@property\b", "#", part)
        part = re.sub(r"\bvoid 0\b", "undefined", part)
        return _ODD_NAME.sub(lambda m: f"['{m.group(1)}']", part)

    return _outside_quotes(expression, plain)


def _filters_and_names(path: str) -> str:
    out, index = [], 0
    while index < len(path):
        start = path.find("[?(", index)
        if start < 0:
            out.append(_outside_quotes(path[index:], _names))
            break
        out.append(_outside_quotes(path[index:start], _names))
        depth, end = 0, start + 2
        while end < len(path):
            char = path[end]
            if char in "'\"":
                end = path.index(char, end + 1) if char in path[end + 1:] else len(path)
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            end += 1
        if end + 1 >= len(path) or path[end + 1] != "]":
            raise QueryError(f"unbalanced filter in {path}")
        out.append(f"[?({_filter(path[start + 3:end])})]")
        index = end + 2
    return "".join(out)


def _names(part: str) -> str:
    part = _BARE_NAMES.sub(lambda m: "[" + ", ".join(f"'{n.strip()}'" for n in m.group(1).split(",")) + "]", part)
    return _ODD_NAME.sub(lambda m: f"['{m.group(1)}']", part)


@dataclass(frozen=True)
class Query:
    text: str  # as written in the ruleset
    translated: str  # in python-jsonpath's syntax
    keys: bool  # trailing ``~``: the matched nodes' property names
    parents: int  # trailing ``^``s: go up this many levels


_ENV = JSONPathEnvironment()


@functools.cache
def compile_query(text: str) -> Query:
    """Raise QueryError for a path this translation cannot run (memoised: a ``field`` JSONPath is
    compiled once, not once per node)."""
    body, parents, keys = text.strip(), 0, False
    while body.endswith("^"):
        body, parents = body[:-1], parents + 1
    if body.endswith("~"):
        body, keys = body[:-1], True
        if not (body.endswith("*") or body.endswith("[*]")):
            raise QueryError(f"'~' is supported after a wildcard only: {text}")
        body = body[:-3] if body.endswith("[*]") else body[:-2] if body.endswith(".*") else body[:-1]
        body += ".~"
    if not body.startswith("$"):
        raise QueryError(f"a JSONPath must start with '$': {text}")
    translated = _filters_and_names(body)
    try:
        _ENV.compile(translated)
        return Query(text, translated, keys, parents)
    except JSONPathError as exc:
        raise QueryError(f"{exc} in {text}") from None


class Node:
    """A selected node: its value (``$ref``s followed when resolving), where it is written (``source``, a
    loaded file, and ``pointer``), the node it was selected from and its key there (Spectral's property)."""

    __slots__ = ("key", "obj", "parent", "pointer", "source")

    def __init__(self, obj: Any, parent: Node | None, key: Any, source: Any, pointer: str) -> None:
        self.obj, self.parent, self.key, self.source, self.pointer = obj, parent, key, source, pointer


class _Refs:
    """``$ref`` targets for one document, memoised per (file, ref): rules meet the same refs again and
    again (a target does not depend on where its ref is written).

    What holds on to the document's queries (the library's environment, compiled filters) holds this, not
    the document: the environment is a reference cycle (with its parser), and a document in a cycle, with
    the spec data it holds, would be freed by a pass of the cyclic collector over every node (0.1 s on
    GitHub's description) instead of as soon as the lint is done."""

    def __init__(self, workspace: Any, resolving: bool) -> None:
        self.workspace = workspace
        self.resolving = resolving
        self._targets: dict[tuple[int, str], Any] = {}

    def deref(self, value: dict[str, Any], source: Any, pointer: str) -> Any:
        """``workspace.deref`` of a ``$ref`` object."""
        ref = value["$ref"]
        if not isinstance(ref, str):
            return self.workspace.deref(value, source, pointer)
        key = (id(source), ref)
        try:
            return self._targets[key]
        except KeyError:
            found = self._targets[key] = self.workspace.deref(value, source, pointer)
            return found

    def follow(self, value: dict[str, Any]) -> Any:
        """A ``$ref`` object's target when resolving (a ref that cannot be followed stays as written).
        Filters do not know which file a value is in: a relative ref is read from the root spec's folder."""
        if self.resolving and "$ref" in value:
            target = self.deref(value, self.workspace.root, "")
            if target is not None:
                return target.value
        return value


class _Environment(JSONPathEnvironment):
    """Filters read ``@.x`` through ``$ref``s (resolved rules only)."""

    def __init__(self, follow: Any) -> None:
        super().__init__()
        self.follow = follow

    def getitem(self, obj: Any, key: Any) -> Any:
        if isinstance(obj, dict) and key != "$ref":
            obj = self.follow(obj)
        return obj[key]


@dataclass
class Walk:
    """Every container below some start nodes, each written node once: ``order`` holds (value, file,
    pointer) in document order, ``edges`` (index in ``order`` of the parent, key, value as written) for
    every mapping child of those containers, in the same order, and ``holders`` which of them hold a
    name ``..name`` queries select."""

    order: list[tuple[Any, Any, str]]
    edges: list[tuple[int, Any, dict[str, Any]]]
    holders: dict[str, list[int]]  # a name the document indexes -> the mappings in ``order`` holding it


class Document:
    """One spec's data as queries see it: resolved (``$ref``s followed) or as written."""

    def __init__(self, workspace: Any, resolving: bool, names: frozenset[str] = frozenset()) -> None:
        self.workspace = workspace
        self.resolving = resolving
        self.names = names  # what ``..name`` queries will select: walks index the mappings holding them
        refs = _Refs(workspace, resolving)
        self.deref, self.follow = refs.deref, refs.follow
        self.env = _Environment(refs.follow) if resolving else _ENV
        root = workspace.root
        self.root = Node(root.data, None, None, root, "")
        self.root_data = root.data
        self._walks: dict[tuple[tuple[int, str], ...], Walk] = {}
        self.left_the_file = False  # a walk from the root followed a ref into another file
        self._results: dict[str, list[Node]] = {}
        self._paths: dict[str, Any] = {}
        self._child_filters: dict[int, Predicate] = {}  # id(a filter of a compiled path in _paths) -> its test

    def child(self, parent: Node, value: Any, key: Any) -> Node:
        """The node ``key`` below ``parent``: a ``$ref`` is followed when resolving, to where its target is written."""
        pointer = f"{parent.pointer}/{_escape(key)}"
        source = parent.source
        if self.resolving and isinstance(value, dict) and "$ref" in value:
            target = self.deref(value, source, pointer)
            if target is not None:
                return Node(target.value, parent, key, target.source, target.pointer)
        return Node(value, parent, key, source, pointer)

    def find(self, query: Query) -> list[Node]:
        """The nodes ``query`` selects (memoised: rules share their ``given`` paths)."""
        cached = self._results.get(query.text)
        if cached is None:
            cached = self._results[query.text] = self.find_from(self.root, query)
        return cached

    def find_from(self, start: Node, query: Query) -> list[Node]:
        """The nodes ``query`` selects with ``start`` as its ``$`` (a ``field`` written as a JSONPath)."""
        path = self._paths.get(query.translated)
        if path is None:
            path = self._paths[query.translated] = self.env.compile(query.translated)
        nodes = [start]
        for segment in path.segments:
            if isinstance(segment, JSONPathRecursiveDescentSegment):
                walked = self.walk(nodes)
                nodes = [match for selector in segment.selectors for match in self._descendants(walked, selector)]
            else:
                nodes = [match for node in nodes for selector in segment.selectors
                         for match in self._select(selector, node)]
        for _ in range(query.parents):
            nodes = [node.parent for node in nodes if node.parent is not None]
        return nodes

    def _select(self, selector: Any, node: Node) -> Iterable[Node]:
        """``selector`` applied to ``node``'s children, as python-jsonpath would (the common selectors
        are done here, without the library's match objects)."""
        obj = node.obj
        if isinstance(selector, NameSelector):
            name = selector.name
            if isinstance(obj, dict):
                if self.resolving and name != "$ref" and "$ref" in obj:
                    obj = self.follow(obj)
                if isinstance(obj, dict) and name in obj:
                    return (self.child(node, obj[name], name),)
            return ()
        if isinstance(selector, WildcardSelector):
            if isinstance(obj, dict):
                return [self.child(node, value, key) for key, value in obj.items()]
            if isinstance(obj, list):
                return [self.child(node, value, index) for index, value in enumerate(obj)]
            return ()
        if isinstance(selector, Filter) and isinstance(obj, dict | list):
            test = self._child_filters.get(id(selector))
            if test is None:
                test = self._child_filters[id(selector)] = (
                    compile_existence(selector.expression.expression, self.follow) or self._library_filter(selector))
            items: Iterable[tuple[Any, Any]] = obj.items() if isinstance(obj, dict) else enumerate(obj)
            return [self.child(node, value, key) for key, value in items if test(value, key)]
        if isinstance(selector, KeysSelector):
            if isinstance(obj, dict):
                return [Node(key, node, f"~{key}", node.source, join(node.pointer, key)) for key in obj]
            return ()
        return self._library_select(selector, node)

    def _library_select(self, selector: Any, node: Node) -> Iterator[Node]:
        """A selector this module does not evaluate itself (slices, indexes, ...), run by the library."""
        match = JSONPathMatch(filter_context={}, obj=node.obj, parent=None, path="", parts=(), root=self.root_data)
        for found in selector.resolve(match):
            key = found.parts[-1]
            if isinstance(found.obj, str) and isinstance(key, str) and key == f"~{found.obj}":  # a property name
                yield Node(found.obj, node, key, node.source, join(node.pointer, found.obj))
            else:
                yield self.child(node, found.obj, key)

    def _descendants(self, walked: Walk, selector: Any) -> Iterable[Node]:
        """``..selector`` from ``start``. Names, and filters that need keys (``@.enum && ...``), are
        tested on the walked data directly: most nodes of a large spec are skipped without a node."""
        if isinstance(selector, NameSelector):
            name, order = selector.name, walked.order
            holders = walked.holders.get(name)
            if holders is None:
                holders = [index for index, (obj, _, _) in enumerate(order) if isinstance(obj, dict) and name in obj]
            return [self.child(Node(obj, None, None, source, pointer), obj[name], name)
                    for obj, source, pointer in map(order.__getitem__, holders)]
        if not isinstance(selector, Filter):
            return [match for obj, source, pointer in walked.order
                    for match in self._select(selector, Node(obj, None, None, source, pointer))]
        predicate = compile_filter(selector.expression.expression, self.follow) or self._library_filter(selector)
        required = _required_keys(selector.expression.expression)
        if not required:
            return [self.child(Node(obj, None, None, source, pointer), value, key)
                    for obj, source, pointer in walked.order
                    for key, value in (obj.items() if isinstance(obj, dict) else enumerate(obj))
                    if truthy(predicate(value, key))]
        first, *rest = sorted(required)
        values = list(_required_values(selector.expression.expression).items())
        matches = []
        for index, key, value in walked.edges:
            target = self.follow(value) if "$ref" in value else value  # filters read through refs
            if "$ref" not in target:
                if not (first in target and all(name in target for name in rest)):
                    continue
                if values and any(target[name] != wanted for name, wanted in values):
                    continue
            if truthy(predicate(value, key)):
                obj, source, pointer = walked.order[index]
                matches.append(self.child(Node(obj, None, None, source, pointer), value, key))
        return matches

    def _library_filter(self, selector: Filter) -> Predicate:
        expression, env, root = selector.expression, self.env, self.root_data

        def evaluate(value: Any, key: Any) -> Any:
            return expression.evaluate(FilterContext(env=env, current=value, root=root, extra_context={},
                                                     current_key=key))
        return evaluate

    def share_walk(self, other: Document) -> None:
        """Take ``other``'s walk of the whole document when both see the same nodes: one file, and a
        walk that followed no ref out of it (a resolving walk from the root skips the local ones)."""
        key = ((id(self.root.source), ""),)
        if key in other._walks and not other.left_the_file:
            self._walks.setdefault(key, other._walks[key])

    def walk(self, starts: list[Node]) -> Walk:
        """``starts`` and every container below them, each written node once, following ``$ref``s when
        resolving (memoised: ``$..`` queries share one walk of the document). A walk from the root does
        not follow local refs: their targets are in it anyway.

        The hot loop of a large spec (90,000 containers in GitHub's): nodes are told apart by where they
        are written, which needs remembering only once a ``$ref`` was followed (or several starts may
        overlap): until then each node is reached once, by the one path down to it."""
        key = tuple((id(start.source), start.pointer) for start in starts)
        cached = self._walks.get(key)
        if cached is not None:
            return cached
        root, resolving = self.root.source, self.resolving
        whole = key == ((id(root), ""),)
        order: list[tuple[Any, Any, str]] = []
        edges: list[tuple[int, Any, dict[str, Any]]] = []
        stack: list[tuple[Any, Any, str]] = [(start.obj, start.source, start.pointer) for start in reversed(starts)]
        seen: set[Any] | None = None if len(starts) == 1 else set()
        names = self.names
        holders: dict[str, list[int]] = {name: [] for name in names}
        pop, push, visit, edge = stack.pop, stack.append, order.append, edges.append
        while stack:
            obj, source, pointer = pop()
            if resolving and obj.__class__ is dict and "$ref" in obj:
                ref = obj["$ref"]
                if not (whole and source is root and ref.__class__ is str and ref.startswith("#")):
                    self.left_the_file = self.left_the_file or whole
                    target = self.deref(obj, source, pointer)
                    if target is not None:
                        obj, source, pointer = target.value, target.source, target.pointer
                    if seen is None:
                        seen = {_where(source_, pointer_, root) for _, source_, pointer_ in order}
            if seen is not None:
                where = _where(source, pointer, root)
                if where in seen:
                    continue
                seen.add(where)
            index, top = len(order), len(stack)
            visit((obj, source, pointer))
            if obj.__class__ is dict:
                if names:
                    for name in names.intersection(obj):
                        holders[name].append(index)
                for name, value in obj.items():
                    if value.__class__ is dict:
                        edge((index, name, value))
                    elif value.__class__ is not list:
                        continue
                    push((value, source, f"{pointer}/{_escape(name)}"))
            elif obj.__class__ is list:
                for position, value in enumerate(obj):
                    if value.__class__ is dict:
                        edge((index, position, value))
                    elif value.__class__ is not list:
                        continue
                    push((value, source, f"{pointer}/{position}"))
            if len(stack) > top + 1:  # children are popped in the order they are written
                stack[top:] = stack[:top - 1:-1] if top else stack[::-1]
        walked = self._walks[key] = Walk(order, edges, holders)
        return walked


def _where(source: Any, pointer: str, root: Any) -> Any:
    """A written node's identity: its pointer in the root file, (file, pointer) in another."""
    return pointer if source is root else (id(source), pointer)


def descendant_names(queries: Iterable[Query]) -> frozenset[str]:
    """The names ``queries`` select with ``..name`` (``$..[description,title]``)."""
    return frozenset(selector.name for query in queries for segment in _ENV.compile(query.translated).segments
                     if isinstance(segment, JSONPathRecursiveDescentSegment)
                     for selector in segment.selectors if isinstance(selector, NameSelector))


def _escape(token: Any) -> str:
    """``pointer.escape``, quicker for the common token that needs no escaping."""
    if token.__class__ is not str:
        token = str(token)
    return token.replace("~", "~0").replace("/", "~1") if "~" in token or "/" in token else token


def _single_name(expression: Any) -> str | None:
    """``x`` for the filter query ``@.x``."""
    if isinstance(expression, RelativeFilterQuery):
        segments = expression.path.segments
        selectors = segments[0].selectors if len(segments) == 1 else ()
        if len(selectors) == 1 and isinstance(selectors[0], NameSelector):
            return selectors[0].name
    return None


def _required_values(expression: Any) -> dict[str, Any]:
    """Values a child's keys must have for the filter to hold: ``@.type == 'array'`` among its ``&&``s
    (a subset: may be empty)."""
    if isinstance(expression, InfixExpression):
        if expression.operator == "&&":
            return _required_values(expression.left) | _required_values(expression.right)
        right = expression.right
        if expression.operator == "==" and isinstance(right, FilterExpressionLiteral) \
                and not hasattr(right.value, "pattern"):
            name = _single_name(expression.left)
            return {name: right.value} if name else {}
    return {}


def _required_keys(expression: Any) -> set[str]:
    """Keys a child must have for the filter to hold (a conservative subset: may be empty)."""
    if isinstance(expression, InfixExpression):
        if expression.operator == "&&":
            return _required_keys(expression.left) | _required_keys(expression.right)
        if expression.operator == "==" and not isinstance(expression.right, Nil | Undefined):
            name = _single_name(expression.left)
            return {name} if name else set()
        return set()
    if isinstance(expression, FunctionExtension) and expression.name == "isinstance" and expression.args:
        name = _single_name(expression.args[0])
        return {name} if name else set()
    name = _single_name(expression)
    return {name} if name else set()
