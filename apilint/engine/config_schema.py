"""The configuration's shape, checked once at load: ``config.schema.json`` (shipped for editors too)
plus, per rule, its options typed from their defaults in ``@rule(options=...)``. The first problem
becomes one line naming the file, the position and the key, e.g.
``apilint.yaml:4:14: rules.verb-in-path.options.verbs: expected a list of strings, got 5``."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import jsonschema_rs

from apilint.errors import InputError
from apilint.load.pointer import join

Locate = Callable[[str], tuple[int, int] | None]  # JSON pointer -> (line, column)
_TYPES = ((bool, "boolean", "true or false"), (int, "integer", "a whole number"), (float, "number", "a number"),
          (str, "string", "a string"), (dict, "object", "a mapping"))


@functools.cache
def static_schema() -> dict[str, Any]:
    return json.loads(resources.files("apilint.engine").joinpath("config.schema.json").read_text("utf-8"))


@functools.cache
def _validator() -> Any:
    from apilint.engine.rule import all_rules

    schema = json.loads(json.dumps(static_schema()))  # a copy to add the rules to
    schema["properties"]["rules"]["properties"] = {
        rule_id: {"$ref": "#/$defs/ruleSetting", "properties": {"options": {
            "additionalProperties": False, "properties": _options_schema(rule_.options),
            "x-expected": f"a mapping with options {', '.join(rule_.options) or '(none)'}"}}}
        for rule_id, rule_ in all_rules().items()}
    return jsonschema_rs.validator_for(schema), schema


def _options_schema(defaults: dict[str, Any]) -> dict[str, Any]:
    words = {"type": "array", "items": {"type": "string"}, "x-expected": "a list of strings"}
    result: dict[str, Any] = {}
    for name, default in defaults.items():
        if isinstance(default, list | tuple | set | frozenset):
            result[name] = words
            result[f"extra_{name}"] = words  # word lists are extensible (Context.words)
        else:
            type_, expected = next(((t, e) for cls, t, e in _TYPES if isinstance(default, cls)), ("string", "a string"))
            result[name] = {"type": type_, "x-expected": expected}
    return result


def validate(data: Any, shown: str, locate: Locate) -> None:
    """Raise InputError for the first way ``data`` does not have a configuration's shape."""
    validator, schema = _validator()
    error = next(iter(validator.iter_errors(data)), None)
    if error is None:
        return
    path = list(error.instance_path)
    unexpected = getattr(error.kind, "unexpected", None)
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties) and unexpected:
        key = str(unexpected[0])
        parent = _nodes(schema, list(error.schema_path)[:-1])[-1]
        known = ", ".join(parent.get("properties", {})) if len(path) != 1 or path[0] != "rules" else ""
        message = f"unknown key '{key}'" + (f" (known: {known})" if known else "")
        raise _error(message, path, shown, locate, at=[*path, key])
    expected = _expected(schema, list(error.schema_path))
    kinds = jsonschema_rs.ValidationErrorKind
    if isinstance(error.kind, kinds.AnyOf | kinds.Required):  # the type is right, a key is missing
        raise _error(f"expected {expected}", path, shown, locate)
    raise _error(f"expected {expected}, got {_describe(_value(data, path))}", path, shown, locate)


def _nodes(schema: dict[str, Any], schema_path: list[Any]) -> list[dict[str, Any]]:
    """The schema nodes along an error's schema path, following local ``$ref``s."""
    node: Any = schema
    seen = [schema]
    for token in schema_path:
        if token == "$ref" and isinstance(node, dict) and "$ref" in node:
            node = schema
            for part in _ref_tokens(seen[-1]["$ref"]):
                node = node[part]
        elif (isinstance(node, dict) and token in node) or (
                isinstance(node, list) and isinstance(token, int) and token < len(node)):
            node = node[token]
        else:
            break
        if isinstance(node, dict):
            seen.append(node)
    return seen


def _ref_tokens(ref: str) -> list[str]:
    return [part for part in ref.lstrip("#").split("/") if part]


def _expected(schema: dict[str, Any], schema_path: list[Any]) -> str:
    for node in reversed(_nodes(schema, schema_path)):
        if "x-expected" in node:
            return str(node["x-expected"])
    return "a valid value"


def _value(data: Any, path: list[Any]) -> Any:
    for token in path:
        data = data[token]
    return data


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"'{value[:60]}'"
    return str(value)[:60]


def _error(message: str, path: list[Any], shown: str, locate: Locate, at: list[Any] | None = None) -> InputError:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "config"
    position = locate(join("", *(path if at is None else at))) or (None, None)
    return InputError(f"{where}: {message}", shown, *position)
