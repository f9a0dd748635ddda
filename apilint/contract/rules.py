"""Matching rules at paths: the one matcher engine of contracts, Pact's semantics.

A rule set maps JSON paths (``$.a.b``, ``$.a[*]``, ``$.a[1]``, ``$['a-b']``, ``$.*``) to a group of
matchers (``type``, ``regex``, ``min``/``max``, ``integer``, ... see ``apilint.contract.rule_checks``).
The rule at the most specific path wins (an exact name or index weighs 2, a wildcard 1, weights multiply);
a rule applies to the values under its path too (``type`` at ``$.a`` cascades to ``$.a.b``).
Without a rule, values compare by equality. Objects: unexpected keys are fine in responses, not in
requests. Arrays: without a rule, same length, item by item; with one (``type``, ``min``/``max``),
every actual item is compared with the expected item at its index, or the first one.

apilint's inline matchers (``"{{uuid}}"``) are rules of this engine too: ``apilint.contract.inline``
translates a contract value into an example and ``LeafRules`` (a rule at each matcher's own path) once,
when the contract is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ROOT, STAR, ANY_INDEX = ("$",), "*", -1
_TOKEN = re.compile(r"\.([^.\[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*\"([^\"]*)\"\s*\]|\[\s*(\d+|\*)\s*\]")


class RuleError(ValueError):
    """A matching rule apilint cannot apply (an unknown matcher, a bad path): never 'anything matches'."""


@dataclass(frozen=True, slots=True)
class Matcher:
    kind: str                      # type, regex, integer, ... (apilint.contract.rule_checks)
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleGroup:
    matchers: tuple[Matcher, ...]
    combine: str = "AND"           # AND | OR
    label: str | None = None       # the contract's own spelling ("{{uuid}}"): shown as what was expected
    kinds: frozenset[str] = field(init=False, repr=False, compare=False)
    test: Any = field(default=None, init=False, repr=False, compare=False)  # rule_checks.group_test, when first used

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", frozenset(m.kind for m in self.matchers))

    def has(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)


def parse_path(text: str) -> tuple[Any, ...]:
    """``$.a['b-c'][*][2].*`` -> ("$", "a", "b-c", ANY_INDEX, 2, "*"); a bare name is ``$.name``."""
    text = text.strip()
    if not text.startswith("$"):
        text = "$." + text if not text.startswith("[") else "$" + text
    tokens: list[Any] = ["$"]
    pos = 1
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if not found:
            raise RuleError(f"cannot read the path {text!r} at character {pos + 1}")
        name, quoted, dquoted, index = found.groups()
        if index is not None:
            tokens.append(ANY_INDEX if index == "*" else int(index))
        else:
            tokens.append(name if name is not None else quoted if quoted is not None else dquoted)
        pos = found.end()
    return tuple(tokens)


def _weight(rule: tuple[Any, ...], path: tuple[Any, ...]) -> int:
    if len(rule) > len(path):
        return 0
    weight = 1
    for want, got in zip(rule, path, strict=False):
        if want == got and type(want) is type(got):
            weight *= 2
        elif want == STAR or (want == ANY_INDEX and isinstance(got, int)):
            weight *= 1
        elif isinstance(want, str) and isinstance(got, int) and want.isdigit() and int(want) == got:
            weight *= 2
        else:
            return 0
    return weight


class Rules:
    """One category's rules (body, header, query, path, status), by path."""

    leaves_only = False  # True: rules sit on texts and booleans only (``LeafRules``)

    def __init__(self, by_path: dict[str, RuleGroup] | None = None) -> None:
        self.paths = [(parse_path(p), g) for p, g in (by_path or {}).items()]

    def __bool__(self) -> bool:
        return bool(self.paths)

    def at(self, path: tuple[Any, ...]) -> RuleGroup | None:
        """The group at the most specific path that covers ``path`` (itself or an ancestor)."""
        best: tuple[int, int] = (0, 0)
        found: RuleGroup | None = None
        for rule, group in self.paths:
            weight = _weight(rule, path)
            if weight and (weight, len(rule)) > best:
                best, found = (weight, len(rule)), group
        return found

    def exactly(self, path: tuple[Any, ...]) -> RuleGroup | None:
        """A group whose path names ``path`` itself (not an ancestor)."""
        best, found = 0, None
        for rule, group in self.paths:
            if len(rule) == len(path):
                weight = _weight(rule, path)
                if weight > best:
                    best, found = weight, group
        return found


class LeafRules(Rules):
    """Rules on the example's own leaves only (translated inline matchers): each at exactly its path, none
    reaching below it, so a lookup is one dict access (the mock asks per request), and only where the
    example holds a text or a boolean (what an inline matcher translates to)."""

    leaves_only = True

    def __init__(self, by_path: dict[tuple[Any, ...], RuleGroup] | None = None) -> None:
        self.by_path = by_path or {}
        self.paths = list(self.by_path.items())
        self.at = self.exactly = self.by_path.get  # type: ignore[method-assign]
        # the objects and arrays with a rule somewhere below: the others compare without looking rules up
        self.above = {path[:end] for path in self.by_path for end in range(1, len(path))}


def show_path(path: tuple[Any, ...] | str, prefix: str) -> str:
    """("$", "items", 0, "id") -> ``body.items[0].id``; a text is already the place (``query.page``)."""
    if isinstance(path, str):
        return path
    out = prefix
    for token in path[1:]:
        out += f"[{token}]" if isinstance(token, int) else f".{token}"
    return out
