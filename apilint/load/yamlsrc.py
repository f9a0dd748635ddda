"""YAML: composed by libyaml (C), constructed here so we control what is unsafe in YAML.

What this constructor adds over ``yaml.safe_load``: duplicate keys are reported, mapping keys stay
strings (``200:`` is the status "200", ``on:`` is not ``True``), timestamps stay strings as in JSON,
alias expansion is bounded (billion-laughs), and nesting is bounded *before* libyaml sees the text
(its composer recurses in C and crashes the process past a few ten thousand levels).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from apilint.errors import InputError
from apilint.load.limits import MAX_ALIAS_NODES, MAX_ALIAS_RATIO, MAX_DEPTH, MAX_INT_DIGITS
from apilint.load.pointer import is_index, split
from apilint.load.problem import LoadProblem

_SAFE_DEPTH_BOUND = 10_000  # libyaml composed 20,000 levels here and crashed at 50,000
_LEADING = re.compile(r"(?m)^[ \t\-?]+")
_SCALARS = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN = "tag:apilint,2026:plain"  # a plain scalar whose type the builder resolves (see _DeferredResolver)
_FULL_RESOLVER = yaml.resolver.Resolver()
# First characters with which a plain scalar can be something other than a string (PyYAML's implicit
# resolvers: null, bool, int, float; timestamps start with a digit; merge keys with '<').
_MAYBE_TYPED = frozenset("~nNyYtTfFoO0123456789+-.<=")


class _DeferredResolver(yaml.resolver.Resolver):
    """PyYAML resolves the implicit type of every plain scalar with regexes while composing, mapping
    keys included; that is 40% of the load time of a large spec. Here composing only marks plain
    scalars that could be typed, and the builder resolves those values (never keys) itself."""

    def resolve(self, kind, value, implicit):  # type: ignore[override]
        if kind is ScalarNode:
            return _PLAIN if implicit[0] and value[:1] in _MAYBE_TYPED else _STR
        return super().resolve(kind, value, implicit)


class _Loader(CParser, SafeConstructor, _DeferredResolver):
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _DeferredResolver.__init__(self)


_CONVERT = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
}


def parse_yaml(text: str, shown: str) -> tuple[Any, YamlLocator, list[LoadProblem]]:
    _check_depth(text, shown)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", shown,
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", shown) from None
    if root is None:
        raise InputError("empty document: expected an OpenAPI document", shown, 1, 1)
    builder = _Builder(shown)
    data = builder.build(root)
    return data, YamlLocator(root, builder.shared), builder.problems


def _check_depth(text: str, shown: str) -> None:
    """Cheap upper bound first; the exact (slower) event scan only when the bound is high."""
    leading = max((len(m.group()) for m in _LEADING.finditer(text)), default=0)
    if text.count("[") + text.count("{") + leading < _SAFE_DEPTH_BOUND:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise InputError(f"nesting deeper than {MAX_DEPTH} levels", shown,
                                     mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError:
        return  # compose reports the syntax error with its position


class _Builder:
    """Builds Python values from composed nodes. An alias shares the value built for its anchor;
    what it *would* expand to is counted, so that a billion-laughs document is refused while a large
    plain one (a 120,000-value enum) is not."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[LoadProblem] = []
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.building: set[int] = set()  # collections whose children are being built
        self.nodes = 0  # nodes written in the document
        self.expanded = 0  # nodes that aliases stand for
        self.shared = False  # an alias or merge key makes one written node the value of several pointers

    def build(self, root: Node) -> Any:
        value, _ = self._node(root, "", 0)
        if self.expanded > MAX_ALIAS_RATIO * self.nodes + MAX_ALIAS_NODES:
            raise InputError(f"YAML aliases expand to {self.expanded:,} nodes from {self.nodes:,} "
                             "(an alias bomb?); refusing to expand", self.shown, 1, 1)
        return value

    def _error(self, message: str, node: Node) -> InputError:
        return InputError(message, self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def _node(self, node: Node, pointer: str, depth: int, key_node: Node | None = None) -> tuple[Any, int]:
        """Build ``node``; ``key_node``, the key it is the value of, places an error about an alias (the
        composer hands back the anchored node itself, whose position is the anchor's)."""
        key = id(node)
        if key in self.built:  # an alias: shared, counted again as it would expand
            if key in self.building:
                raise self._error("YAML alias refers to an anchor that contains it (a recursive alias)",
                                  key_node or node)
            self.expanded += self.sizes[key]
            self.shared = True
            return self.built[key], self.sizes[key]
        if depth > MAX_DEPTH:
            raise self._error(f"nesting deeper than {MAX_DEPTH} levels", node)
        self.nodes += 1
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == _PLAIN:
                tag = _FULL_RESOLVER.resolve(ScalarNode, node.value, (True, False))
                node.tag = tag
            convert = _CONVERT.get(tag)
            if convert is None:
                return node.value, 1
            try:
                return convert(node), 1
            except (ValueError, KeyError, TypeError, IndexError):  # IndexError: an empty !!int
                raise self._error(_bad_scalar(tag, node.value), node) from None
        size = 1
        if isinstance(node, SequenceNode):
            items: list[Any] = []
            self.built[key] = items
            self.sizes[key] = 1
            self.building.add(key)
            for index, child in enumerate(node.value):
                value, child_size = self._node(child, f"{pointer}/{index}", depth + 1)
                items.append(value)
                size += child_size
            self.sizes[key] = size
            self.building.discard(key)
            return items, size
        mapping: dict[str, Any] = {}
        self.built[key] = mapping
        self.sizes[key] = 1
        self.building.add(key)
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN and key_node.value == "<<":
                key_node.tag = _MERGE
            if key_node.tag == _MERGE:
                self.shared = True
                merged, merged_size = self._node(value_node, pointer, depth + 1, key_node)
                for source in merged if isinstance(merged, list) else [merged]:
                    if isinstance(source, dict):
                        for k, v in source.items():
                            mapping.setdefault(k, v)
                size += merged_size
                continue
            name = key_node.value if isinstance(key_node, ScalarNode) else repr(self._node(
                key_node, pointer, depth + 1)[0])
            child_pointer = pointer + "/" + name.replace("~", "~0").replace("/", "~1")
            if name in mapping:
                self.problems.append(LoadProblem(
                    "duplicate-key", f"duplicate key '{name}': the later value silently wins",
                    self.shown, child_pointer, key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1))
            value, child_size = self._node(value_node, child_pointer, depth + 1, key_node)
            mapping[name] = value
            size += child_size
        self.sizes[key] = size
        self.building.discard(key)
        return mapping, size


def _bad_scalar(tag: str, value: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    digits = value.lstrip("+-").replace("_", "")
    if short == "!!int" and digits.isdigit() and len(digits) > MAX_INT_DIGITS:
        return f"integer with more than {MAX_INT_DIGITS} digits; write it as a string"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"not a valid {short} value: {shown!r}"


class YamlLocator:
    def __init__(self, root: Node, shared: bool = False) -> None:
        self.root = root  # the composed nodes, with their positions
        self.shared = shared  # some written node is the value of several pointers (an alias, a merge key)
        self._maps: dict[int, dict[str, tuple[Node, Node]]] = {}

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        return {p: self._position(p) for p in set(pointers)}

    def _position(self, pointer: str) -> tuple[int, int]:
        node: Node = self.root
        mark = node.start_mark
        for token in split(pointer):
            if isinstance(node, MappingNode):
                members = self._maps.get(id(node))
                if members is None:
                    members = {(k.value if isinstance(k, ScalarNode) else ""): (k, v) for k, v in node.value}
                    self._maps[id(node)] = members
                if token not in members:
                    break
                key_node, node = members[token]
                mark = key_node.start_mark
            elif isinstance(node, SequenceNode) and is_index(token) and int(token) < len(node.value):
                node = node.value[int(token)]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1
