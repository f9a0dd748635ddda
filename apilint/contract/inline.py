"""apilint's inline matchers (``"{{uuid}}"``, docs/contracts.md) as rules of the one matcher engine.

A contract value is translated once, when the contract is loaded, into an example and ``LeafRules`` (a rule
group at each matcher's own path, labelled with the contract's spelling), and compared by
``apilint.contract.rule_compare`` like a pact:

- ``{{uuid}}``, ``{{iso_timestamp}}``, ``{{iso_date}}``, ``{{email}}``, ``{{url}}``: ``regex``
- ``{{integer}}``, ``{{number}}``: ``integer``, ``number``
- ``{{positive_integer}}``: ``integer`` and ``regex`` ``[1-9][0-9]*``
- ``{{boolean}}``: ``type`` (of ``true``) and ``boolean``
- ``{{string}}``, ``{{non_empty_string}}``: ``type`` (of a string; with ``min`` 1)
- ``{{one_of:A|B}}``: ``type`` (of a string) and ``regex`` ``(?:A|B)``
- ``{{any}}``, ``{{redacted}}``: ``anything`` (apilint's own)
- ``{{var:NAME}}``: ``variable`` (apilint's own: the caller's hook decides)
"""

from __future__ import annotations

import functools
import re
from typing import Any

from apilint.contract.matchers import EMAIL, ISO_DATE, ISO_TIMESTAMP, URL, UUID, parse
from apilint.contract.rules import LeafRules, Matcher, RuleGroup
from apilint.recording.captures import VAR

Leaf = tuple[Any, RuleGroup | None]  # (example, its rule group or None for a literal)

_REGEX = {"uuid": UUID, "iso_timestamp": ISO_TIMESTAMP, "iso_date": ISO_DATE, "email": EMAIL, "url": URL}
_TYPE = Matcher("type")
_SCALAR_LITERALS = frozenset({int, float, bool, type(None)})
_SIMPLE: dict[str, tuple[Matcher, ...]] = {
    "integer": (Matcher("integer"),),
    "number": (Matcher("number"),),
    "positive_integer": (Matcher("integer"), Matcher("regex", {"regex": "[1-9][0-9]*"})),
    "boolean": (_TYPE, Matcher("boolean")),
    "string": (_TYPE,),
    "non_empty_string": (Matcher("type", {"min": 1}),),
    "any": (Matcher("anything"),),
    "redacted": (Matcher("anything"),),
}


@functools.lru_cache(maxsize=4096)
def rule_group(text: str) -> RuleGroup | None:
    """The group for one inline matcher text, or None when ``text`` is a literal."""
    parsed = parse(text)
    if parsed is None:
        return None
    name, arg = parsed
    if name in _REGEX:
        matchers: tuple[Matcher, ...] = (Matcher("regex", {"regex": _REGEX[name].pattern}),)
    elif name == "one_of":
        options = "|".join(re.escape(option) for option in (arg or "").split("|"))
        matchers = (_TYPE, Matcher("regex", {"regex": f"(?:{options})"}))
    elif name == "var":
        found = VAR.fullmatch(text)
        matchers = (Matcher("variable", {"name": found.group(1) if found else None}),)
    else:
        matchers = _SIMPLE[name]
    return RuleGroup(matchers, "AND", text)


def _example(text: str) -> Any:
    """What a ``type`` rule compares kinds with: a boolean for ``{{boolean}}``, else the text (a string)."""
    return True if text == "{{boolean}}" else text


def translate(value: Any, at: tuple[Any, ...] = ("$",)) -> tuple[Any, LeafRules]:
    """A contract value (found at ``at``) -> (example, rules); the value itself is the example when nothing
    needs changing."""
    rules: dict[tuple[Any, ...], RuleGroup] = {}
    example = _walk(value, list(at), rules)
    return example, LeafRules(rules)


def _walk(value: Any, path: list[Any], rules: dict[tuple[Any, ...], RuleGroup]) -> Any:
    """``value`` with matcher texts replaced by their examples (copied only where something changes)."""
    cls = value.__class__
    if cls is str:
        group = rule_group(value) if value.startswith("{{") else None
        if group is None:
            return value
        rules[tuple(path)] = group
        return _example(value)
    if cls is not dict and cls is not list:
        return value
    out: Any = None
    for key, item in (value.items() if cls is dict else enumerate(value)):
        if item.__class__ in _SCALAR_LITERALS or (item.__class__ is str and not item.startswith("{{")):
            continue  # a literal: nothing to translate
        path.append(key)
        new = _walk(item, path, rules)
        path.pop()
        if new is not item:
            if out is None:
                out = dict(value) if cls is dict else list(value)
            out[key] = new
    return value if out is None else out


def text_leaf(value: Any) -> Leaf:
    """A value sent as text (query, header, path segment): a matcher's group, or the literal as its text."""
    group = rule_group(value) if isinstance(value, str) and value.startswith("{{") else None
    if group is not None:
        return _example(value), group
    if not isinstance(value, str):
        value = "true" if value is True else "false" if value is False else str(value)
    return value, None
