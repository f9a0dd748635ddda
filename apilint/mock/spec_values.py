"""Deterministic values from OpenAPI 3.0 schemas (Swagger 2.0 arrives converted), for mock answers.

``SchemaValues(doc).value(schema)`` honours type, format, enum, const, bounds, lengths, pattern,
required, nullable, oneOf/anyOf/allOf, discriminator, local ``$ref`` and minItems. What it makes is
a candidate: ``apilint.mock.spec_side`` keeps it only when the project's validator accepts it.
``variant`` picks another branch of every oneOf/anyOf, for the candidate after a refused one.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from apilint.mock.spec_regex import sample

FORMATS: dict[str, str] = {
    "date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "time": "00:00:00Z", "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "email": "user@example.com",
    "idn-email": "user@example.com", "uri": "https://example.com/", "url": "https://example.com/",
    "iri": "https://example.com/", "uri-reference": "https://example.com/", "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}", "hostname": "example.com", "idn-hostname": "example.com",
    "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "byte": "YXBpbGludA==", "binary": "apilint",
    "password": "apilint-password", "json-pointer": "/apilint", "relative-json-pointer": "0",
    "regex": "^apilint$",
}
MAX_DEPTH = 12  # deeper than this, objects keep only required properties and arrays only minItems
_REF_LIMIT = 32


class SchemaValues:
    def __init__(self, doc: dict[str, Any], response: bool = True,
                 accepts: Callable[[Any, Any], bool] | None = None) -> None:
        """``accepts(schema, value)``: the validator's verdict on one schema, to pick oneOf branches."""
        self.doc = doc
        self.accepts = accepts
        self.skip = "writeOnly" if response else "readOnly"  # properties this side never carries

    def resolve(self, node: Any) -> Any:
        """``node`` with its chain of local ``$ref``s followed (siblings of a $ref are dropped, as 3.0 says)."""
        for _ in range(_REF_LIMIT):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            node = self._pointer(node["$ref"])
        return {}

    def _pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return {}
        node: Any = self.doc
        for raw in ref[1:].lstrip("/").split("/") if ref != "#" else []:
            key = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(key, {})
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return {}
        return node

    def value(self, schema: Any, variant: int = 0, examples: bool = True) -> Any:
        """A value ``schema`` should accept; ``examples``: use the schema's own examples and defaults."""
        return self._value(schema, variant, examples, 0, ())

    def _value(self, schema: Any, variant: int, examples: bool, depth: int, refs: tuple[str, ...]) -> Any:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if refs.count(ref) >= 2:
                depth = max(depth, MAX_DEPTH)  # a recursive schema: stop where it allows
            refs = (*refs, ref)
        resolved = self.resolve(schema)
        if depth > MAX_DEPTH + 8:  # a chain of required recursion: null ends it when the schema allows
            return None
        schema = self.merged(resolved)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return copy.deepcopy(next((v for v in enum if v is not None), enum[0]))
        if examples:
            for key in ("example", "default"):
                if key in schema and (schema[key] is not None or schema.get("nullable")):
                    return copy.deepcopy(schema[key])
            if isinstance(schema.get("examples"), list) and schema["examples"]:
                return copy.deepcopy(schema["examples"][0])
        choices = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(choices, list) and choices:
            return self._choice(schema, choices, variant, examples, depth, refs)
        kind = _type(schema)
        if kind == "object":
            return self._object(schema, variant, examples, depth, refs)
        if kind == "array":
            return self._array(schema, variant, examples, depth, refs)
        if kind == "integer":
            return _integer(schema)
        if kind == "number":
            return _number(schema)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _string(schema)

    def merged(self, schema: Any) -> dict[str, Any]:
        """``schema`` resolved, its ``allOf`` folded in: properties and required joined, the tighter bound kept."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return {}
        parts = schema.get("allOf")
        if not isinstance(parts, list) or not parts:
            return schema
        out = {k: v for k, v in schema.items() if k != "allOf"}
        for part in parts:
            _fold(out, self.merged(part))
        return out

    def _choice(self, schema: dict, choices: list, variant: int, examples: bool, depth: int,
                refs: tuple[str, ...]) -> Any:
        """A value of one branch; for ``oneOf``, one that no other branch accepts too (when an
        ``accepts`` check is given): each branch in turn, with all its properties, then its required ones."""
        first = None
        for offset in range(len(choices) if self.accepts and "oneOf" in schema else 1):
            index = (variant + offset) % len(choices)
            for floor in (depth, max(depth, MAX_DEPTH)):
                value = self._branch(schema, choices, index, variant // len(choices), examples, floor, refs)
                if first is None:
                    first = (value,)
                if self.accepts is None or "oneOf" not in schema \
                        or sum(1 for choice in choices if self.accepts(choice, value)) == 1:
                    return value
        return first[0] if first else None

    def _branch(self, schema: dict, choices: list, index: int, variant: int, examples: bool, depth: int,
                refs: tuple[str, ...]) -> Any:
        chosen = choices[index]
        rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "discriminator")}
        branch = self.merged({"allOf": [rest, chosen]}) if rest.keys() - {"nullable", "description", "title"} \
            else chosen
        value = self._value(branch, variant, examples, depth, refs)
        discriminator = schema.get("discriminator")
        if isinstance(value, dict) and isinstance(discriminator, dict) \
                and isinstance(discriminator.get("propertyName"), str):
            tag = _discriminator_value(discriminator, chosen)
            if tag is not None:
                value[discriminator["propertyName"]] = tag
        return value

    def _object(self, schema: dict, variant: int, examples: bool, depth: int, refs: tuple[str, ...]) -> Any:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = [n for n in schema.get("required") or [] if isinstance(n, str)]
        out: dict[str, Any] = {}
        for name, sub in props.items():
            resolved = self.resolve(sub)
            if isinstance(resolved, dict) and resolved.get(self.skip) is True:
                continue
            if depth >= MAX_DEPTH and name not in required:
                continue
            out[name] = self._value(sub, variant, examples, depth + 1, refs)
        extra = schema.get("additionalProperties")
        extra_schema = extra if isinstance(extra, dict) else {}
        for name in required:
            if name not in out:
                out[name] = self._value(extra_schema, variant, examples, depth + 1, refs)
        wanted = schema.get("minProperties")
        index = 0
        while isinstance(wanted, int) and len(out) < wanted and extra is not False and index < 1000:
            index += 1
            out.setdefault(f"key{index}", self._value(extra_schema, variant, examples, depth + 1, refs))
        return out

    def _array(self, schema: dict, variant: int, examples: bool, depth: int, refs: tuple[str, ...]) -> Any:
        low = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
        high = schema.get("maxItems") if isinstance(schema.get("maxItems"), int) else None
        count = low if depth >= MAX_DEPTH else max(low, 1)
        if high is not None:
            count = min(count, high)
        items = schema.get("items", {})
        if isinstance(items, list):  # tuple form (not 3.0, but seen in the wild)
            return [self._value(item, variant, examples, depth + 1, refs) for item in items[:max(count, 1)]]
        values = [self._value(items, variant + i, examples, depth + 1, refs) for i in range(count)]
        if schema.get("uniqueItems") and len(values) > 1:
            values = [_distinct(v, i) for i, v in enumerate(values)]
        return values


def _type(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        return "number"
    return None


def _fold(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if key == "properties" and isinstance(value, dict):
            props = dict(into.get("properties") or {})
            for name, sub in value.items():
                props[name] = {"allOf": [props[name], sub]} if name in props else sub
            into["properties"] = props
        elif key == "required" and isinstance(value, list):
            into["required"] = list(dict.fromkeys([*(into.get("required") or []), *value]))
        elif key in ("minimum", "minLength", "minItems", "minProperties") and key in into:
            into[key] = max(into[key], value) if _comparable(into[key], value) else into[key]
        elif key in ("maximum", "maxLength", "maxItems", "maxProperties") and key in into:
            into[key] = min(into[key], value) if _comparable(into[key], value) else into[key]
        elif key == "enum" and isinstance(into.get("enum"), list) and isinstance(value, list):
            both = [v for v in into["enum"] if v in value]
            into["enum"] = both or into["enum"]
        elif key not in into or (key in ("oneOf", "anyOf") and not into.get(key)):
            into[key] = value


def _comparable(a: Any, b: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))


def _discriminator_value(discriminator: dict, chosen: Any) -> str | None:
    ref = chosen.get("$ref") if isinstance(chosen, dict) else None
    if not isinstance(ref, str):
        return None
    mapping = discriminator.get("mapping")
    if isinstance(mapping, dict):
        for tag, target in mapping.items():
            if target == ref or target == ref.rsplit("/", 1)[-1]:
                return str(tag)
    return ref.rsplit("/", 1)[-1]


def _bounds(schema: dict) -> tuple[float | None, bool, float | None, bool]:
    low, high = schema.get("minimum"), schema.get("maximum")
    low_ex, high_ex = schema.get("exclusiveMinimum") is True, schema.get("exclusiveMaximum") is True
    if _comparable(schema.get("exclusiveMinimum"), 0):  # 3.1 numeric form
        low, low_ex = schema["exclusiveMinimum"], True
    if _comparable(schema.get("exclusiveMaximum"), 0):
        high, high_ex = schema["exclusiveMaximum"], True
    low = low if _comparable(low, 0) else None
    high = high if _comparable(high, 0) else None
    return low, low_ex, high, high_ex


def _integer(schema: dict) -> int:
    low, low_ex, high, high_ex = _bounds(schema)
    step = schema.get("multipleOf")
    step = int(step) if _comparable(step, 0) and step >= 1 and float(step).is_integer() else 1
    if low is not None:
        start = math.floor(low) + 1 if low_ex else math.ceil(low)
    elif high is not None:
        start = min(1, math.ceil(high) - 1 if high_ex else math.floor(high))
    else:
        start = 1
    value = -(-start // step) * step
    if high is not None and (value > high or (high_ex and value >= high)):
        value -= step
    return value


def _number(schema: dict) -> int | float:
    low, low_ex, high, high_ex = _bounds(schema)
    step = schema.get("multipleOf")
    if _comparable(step, 0) and step > 0 and float(step).is_integer():
        return _integer(schema)

    def fits(value: float) -> bool:
        above = low is None or (value > low if low_ex else value >= low)
        below = high is None or (value < high if high_ex else value <= high)
        return above and below

    for candidate in (1, low if low is not None else 1, high if high is not None else 1,
                      (low + 1) if low is not None else 1, (high - 1) if high is not None else 1):
        if fits(candidate):
            return candidate
    return (low + high) / 2 if low is not None and high is not None else 1


def _string(schema: dict) -> str:
    low = schema.get("minLength") if isinstance(schema.get("minLength"), int) else 0
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        found = sample(pattern, low)
        if found is not None:
            return found
    text = FORMATS.get(str(schema.get("format")), "apilint")
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = text[:high]
    return text


def _distinct(value: Any, index: int) -> Any:
    """Items of a ``uniqueItems`` array told apart (a suffix on strings, an offset on numbers)."""
    if isinstance(value, str):
        return f"{value}{index}" if index else value
    if isinstance(value, int) and not isinstance(value, bool):
        return value + index
    return value
