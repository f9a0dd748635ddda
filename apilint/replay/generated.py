"""A pact's request ``generators``, applied before the request is sent, as Pact verifiers do.

- ``ProviderState`` (``apply_generators``): the values the provider-state hook answered (or that earlier
  interactions captured) replace the examples (``${NAME}`` in the expression); unknown names keep the example.
- The others (``apply_fresh``): ``Uuid``, ``RandomInt``, ``Date``, ``Regex`` (simple ones)... make a fresh
  value (``apilint.pact.make``) at the path, query parameter, header or body path (wildcards too). A generator
  apilint does not make (``MockServerURL``, a complex regex) keeps the example; ``unmade`` counts them at
  load time for the report's notes.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from random import Random
from typing import Any
from urllib.parse import quote

from apilint.contract.rules import ANY_INDEX, STAR, RuleError, parse_path
from apilint.pact.make import CannotMake, can_make, make
from apilint.replay.flows import PROVIDER_STATE_NAME as _NAME
from apilint.replay.model import Interaction


def _expand(expression: str, values: dict[str, Any], encode: bool = False) -> Any:
    names = _NAME.findall(expression)
    if not names or any(name not in values for name in names):
        return None
    whole = _NAME.fullmatch(expression)
    if whole and not encode:
        return values[whole.group(1)]  # the value itself, with its JSON type
    return _NAME.sub(lambda m: quote(str(values[m.group(1)]), safe="") if encode else str(values[m.group(1)]),
                     expression)


def _set(body: Any, path: tuple[Any, ...], value: Any) -> None:
    target = body
    for part in path[1:-1]:
        target = target[part]
    target[path[-1]] = value


def apply_generators(it: Interaction, values: dict[str, Any]) -> Interaction:
    """``it`` with its request's ProviderState generators applied over ``values``."""
    found = (it.generators or {}).get("request") or {}
    if not values or not found:
        return it
    changes: dict[str, Any] = {}
    path = found.get("path")
    if isinstance(path, dict) and path.get("type") == "ProviderState":
        new = _expand(str(path.get("expression", "")), values, encode=True)
        if new is not None:
            changes["path"] = new if new.startswith("/") else it.path
    for category, field in (("query", "query"), ("header", "headers")):
        for name, generator in (found.get(category) or {}).items():
            new = _expand(str(generator.get("expression", "")), values) \
                if generator.get("type") == "ProviderState" else None
            if new is not None:
                pairs = changes.get(field, getattr(it, field))
                key = name.lower() if field == "headers" else name
                changes[field] = [(k, str(new) if k == key else v) for k, v in pairs]
    body = None
    for where, generator in (found.get("body") or {}).items():
        new = _expand(str(generator.get("expression", "")), values) \
            if generator.get("type") == "ProviderState" else None
        if new is None or it.body is None:
            continue
        body = copy.deepcopy(it.body) if body is None else body
        try:
            _set(body, parse_path(where), new)
        except (RuleError, KeyError, IndexError, TypeError):
            continue  # the example has nothing there: the generator has nowhere to go
    if body is not None:
        changes["body"] = body
    return replace(it, **changes) if changes else it


def _fresh(generators: dict[str, Any]) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """(category, name or body path, generator) of every generator other than ProviderState."""
    for category, entries in generators.items():
        if category == "path" and isinstance(entries, dict) and "type" in entries:
            found: list[tuple[str | None, Any]] = [(None, entries)]
        else:
            found = list((entries or {}).items()) if category in ("query", "header", "body") else []
        for name, generator in found:
            if isinstance(generator, dict) and generator.get("type") != "ProviderState":
                yield category, name, generator


def unmade(interactions: list[Interaction]) -> Counter[str]:
    """Request generators apilint does not make, by type, over ``interactions`` (their examples are sent)."""
    return Counter(str(g.get("type")) for it in interactions if it.generators
                   for _, _, g in _fresh(it.generators.get("request") or {}) if not can_make(g))


def _concrete(body: Any, tokens: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """The concrete paths of ``body`` a generator path (with ``[*]`` or ``.*``) names."""
    if not tokens:
        yield ()
        return
    head, rest = tokens[0], tokens[1:]
    if head in (STAR, ANY_INDEX):
        keys = list(body) if isinstance(body, dict) else range(len(body)) if isinstance(body, list) else []
    else:
        keys = [head]
    for key in keys:
        try:
            child = body[key]
        except (KeyError, IndexError, TypeError):
            continue
        for tail in _concrete(child, rest):
            yield (key, *tail)


def apply_fresh(it: Interaction, rng: Random) -> Interaction:
    """``it`` with fresh values where its request's generators (other than ProviderState) say so."""
    found = list(_fresh((it.generators or {}).get("request") or {}))
    if not found:
        return it
    changes: dict[str, Any] = {}
    for category, name, generator in found:
        try:
            value = make(generator, rng)
        except CannotMake:
            continue  # counted by ``unmade``: the example is sent
        if category == "path":
            if isinstance(value, str) and value.startswith("/"):
                changes["path"] = value
        elif category in ("query", "header"):
            field = "query" if category == "query" else "headers"
            key = str(name).lower() if field == "headers" else name
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            changes[field] = [(k, text if k == key else v) for k, v in changes.get(field, getattr(it, field))]
        elif it.body is not None:
            if "body" not in changes:
                changes["body"] = copy.deepcopy(it.body)
            try:
                tokens = parse_path(str(name))[1:]
            except RuleError:
                continue
            if not tokens:
                changes["body"] = value
                continue
            for at in list(_concrete(changes["body"], tokens)):
                _set(changes["body"], ("$", *at), make(generator, rng))
    return replace(it, **changes) if changes else it
