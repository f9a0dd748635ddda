"""Pact ``ProviderState`` generators in a request: the values the provider-state hook answered (or that
earlier interactions captured) replace the pact's examples, as Pact verifiers do (``${NAME}`` in the
generator's expression). A generator whose names are all unknown keeps the example."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from apilint.contract.rules import RuleError, parse_path
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
