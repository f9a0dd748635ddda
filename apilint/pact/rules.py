"""A pact's ``matchingRules`` (V2 flat ``$.body.x`` paths, V3/V4 per category) -> ``Rules`` per category."""

from __future__ import annotations

from typing import Any

from apilint.contract.rule_compare import group_of
from apilint.contract.rules import RuleError, Rules, parse_path

CATEGORIES = ("body", "header", "query", "path", "status", "metadata", "content")
_V2_PARTS = {"body": "body", "headers": "header", "header": "header", "query": "query", "path": "path",
             "status": "status"}


def read_rules(raw: Any, spec: int) -> dict[str, Rules]:
    """``{"body": Rules, "header": Rules, ...}``; header and query rules are keyed ``$.<name>``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleError("matchingRules must be an object")
    if spec < 3 or any(str(k).startswith("$") for k in raw):
        return _v2(raw)
    out: dict[str, Rules] = {}
    for category, rules in raw.items():
        if category not in CATEGORIES:
            raise RuleError(f"unknown matchingRules category {category!r}")
        if not isinstance(rules, dict):
            raise RuleError(f"matchingRules.{category} must be an object")
        if category == "path" or (category == "status" and "matchers" in rules):
            out[category] = Rules({"$": group_of(rules)})
        elif category in ("header", "query"):
            out[category] = Rules({_name(category, k): group_of(v) for k, v in rules.items()})
        else:
            out[category] = Rules({k: group_of(v) for k, v in rules.items()})
    return out


def _name(category: str, key: str) -> str:
    name = key.lower() if category == "header" else key  # header names: any case, also as $['X-Id']
    return "$['" + name + "']" if not name.startswith("$") else name


def _v2(raw: dict[str, Any]) -> dict[str, Rules]:
    parts: dict[str, dict[str, Any]] = {}
    for key, rule in raw.items():
        tokens = parse_path(str(key))
        if len(tokens) < 2 or tokens[1] not in _V2_PARTS:
            raise RuleError(f"cannot read the V2 rule path {key!r}")
        category = _V2_PARTS[tokens[1]]
        rest = tokens[2:]
        if category in ("header", "query"):
            path = "$['" + (str(rest[0]).lower() if category == "header" else str(rest[0])) + "']" if rest else "$"
        else:
            path = "$" + "".join(f"[{t}]" if isinstance(t, int) else "[*]" if t == -1 else f"['{t}']" for t in rest)
        parts.setdefault(category, {})[path] = {"matchers": [rule]}
    return {category: Rules({p: group_of(g) for p, g in paths.items()}) for category, paths in parts.items()}



GENERATORS = frozenset({"RandomInt", "RandomDecimal", "RandomHexadecimal", "RandomString", "Regex", "Uuid", "Date",
                        "Time", "DateTime", "RandomBoolean", "ProviderState", "MockServerURL"})


def read_generators(raw: Any) -> dict[str, Any]:
    """A part's ``generators`` checked (known types only), kept as written: ``{category: {path: generator}}``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleError("generators must be an object")
    for category, entries in raw.items():
        if category not in CATEGORIES:
            raise RuleError(f"unknown generators category {category!r}")
        found = [entries] if category in ("path", "status") and "type" in entries else list(entries.values())
        for generator in found:
            kind = generator.get("type") if isinstance(generator, dict) else None
            if kind not in GENERATORS:
                raise RuleError(f"unknown generator type {kind!r}")
    return raw
