"""A jsonschema-rs pre-check for JSON bodies, in front of openapi-core's own body validation.

openapi-core validates a JSON body with openapi-schema-validator (pure-Python jsonschema): about a
hundred Python calls per body. ``compile_body_check`` turns one OpenAPI 3.0 body schema into a
jsonschema-rs (Rust) validator that accepts a subset of what openapi-schema-validator accepts:

    rust says valid  =>  openapi-schema-validator says valid

so a body the Rust check accepts needs no further work, and anything else (a body that breaks the
spec, or one the Rust check is unsure of) goes to openapi-core exactly as before, which then
reports the violations. Results cannot change; only valid traffic gets cheaper.

The translation mirrors openapi-schema-validator's OAS 3.0 read (responses) and write (requests)
validators: ``nullable`` joins ``type``; ``readOnly`` properties may not be sent and are not required
in requests, ``writeOnly`` ones the same in responses; ``$ref`` is inlined (siblings still apply, as
they do there); ``format`` and ``pattern`` call the very same Python checkers (jsonschema-rs calls
them for strings, the only values they judge; ``int32``/``int64`` become the bounds they check).
Whatever it does not mirror exactly (``multipleOf``, ``uniqueItems``, ``discriminator``,
``patternProperties`` next to ``additionalProperties``, recursive schemas, numbers beyond 2**53,
OpenAPI 3.1 dialects, custom format validators) leaves the schema without a pre-check.
"""

from __future__ import annotations

import re
from typing import Any

JSON_MEDIA_TYPES = frozenset({"application/json", "application/vnd.api+json"})  # json.loads in openapi-core
EXACT = 2**53  # numbers in a schema must be smaller than this (exact as floats too)
TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object"})
# The keywords openapi-schema-validator's OAS 3.0 validators act on (any other key is ignored there).
PY_KEYWORDS = frozenset(
    {
        "multipleOf",
        "maximum",
        "minimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "enum",
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "format",
        "$ref",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
    }
)
NO_OP = frozenset({"xml", "externalDocs", "example", "deprecated"})
INT_BOUNDS = {  # openapi-schema-validator's is_int32 / is_int64: ~(1 << n) < value < 1 << n
    "int32": {"minimum": ~(1 << 31), "exclusiveMinimum": True, "maximum": 1 << 31, "exclusiveMaximum": True},
    "int64": {"minimum": -(1 << 63), "exclusiveMinimum": True, "maximum": 1 << 63, "exclusiveMaximum": True},
}
_PROBES = (0, -7, 1 << 40, 1.5, True, [], {})  # non-strings: a string format must let them all pass


class Unsupported(Exception):
    """The schema uses something the pre-check does not mirror exactly."""


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not -EXACT < value < EXACT:
        raise Unsupported("number")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Unsupported("count")
    return value


def _constant(value: Any) -> Any:
    if isinstance(value, dict):
        for item in value.values():
            _constant(item)
    elif isinstance(value, list):
        for item in value:
            _constant(item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _number(value)
    elif not (value is None or isinstance(value, str | bool)):
        raise Unsupported("constant")
    return value


class _Translator:
    def __init__(self, root: dict, write: bool, format_checker: Any) -> None:
        self.root = root
        self.write = write  # requests: readOnly is forbidden; responses: writeOnly is
        self.checker = format_checker
        self.formats: dict[str, Any] = {}

    def resolve(self, ref: Any) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise Unsupported("$ref")
        node: Any = self.root
        for raw in ref[2:].split("/"):
            key = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise Unsupported("$ref")
        return node

    def format(self, name: str, check: Any) -> dict:
        key = f"apilint:{len(self.formats)}:{name}"
        self.formats[key] = check
        return {"format": key}

    def string_format(self, name: str) -> dict | None:
        if name in INT_BOUNDS:
            return dict(INT_BOUNDS[name])
        checker = self.checker
        if name not in checker.checkers:
            return None  # unknown formats are ignored there too
        if not all(checker.conforms(probe, name) for probe in _PROBES):
            raise Unsupported("format")  # it judges more than strings
        return self.format(name, lambda value, name=name: checker.conforms(value, name))

    def pattern(self, pattern: Any) -> dict:
        if not isinstance(pattern, str):
            raise Unsupported("pattern")
        from openapi_schema_validator._keywords import pattern as py_pattern

        class _Probe:  # what the keyword function needs of a validator, for strings
            @staticmethod
            def is_type(instance: Any, kind: str) -> bool:
                return kind == "string" and isinstance(instance, str)

        def check(value: str) -> bool:
            return next(iter(py_pattern(_Probe, pattern, value, {})), None) is None

        return self.format("pattern", check)

    def schema(self, node: Any, refs: frozenset[str] = frozenset()) -> dict:
        if not isinstance(node, dict):
            raise Unsupported("schema")
        out: dict[str, Any] = {}
        extra: list[dict] = []
        if "$ref" in node:
            ref = node["$ref"]
            if ref in refs:
                raise Unsupported("recursive")
            extra.append(self.schema(self.resolve(ref), refs | {ref}))
        if "discriminator" in node or "multipleOf" in node or node.get("uniqueItems"):
            raise Unsupported("keyword")
        if "patternProperties" in node and "additionalProperties" in node:
            raise Unsupported("patternProperties")
        for key, value in node.items():
            if key not in PY_KEYWORDS or key in NO_OP or key in ("$ref", "uniqueItems"):
                continue
            if key == "type":
                if value not in TYPES:
                    raise Unsupported("type")
                out["type"] = [value, "null"] if node.get("nullable") is True else value
            elif key == "enum":
                if not isinstance(value, list) or not value:
                    raise Unsupported("enum")
                out["enum"] = _constant(value)
            elif key in ("maximum", "minimum"):
                out[key] = _number(value)
                flag = "exclusiveMaximum" if key == "maximum" else "exclusiveMinimum"
                out[flag] = bool(node.get(flag, False))
            elif key in ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"):
                out[key] = _count(value)
            elif key == "pattern":
                extra.append(self.pattern(value))
            elif key == "format":
                if not isinstance(value, str):
                    raise Unsupported("format")
                check = self.string_format(value)
                if check is not None:
                    extra.append(check)
            elif key == "items":
                out["items"] = self.schema(value, refs)
            elif key == "properties":
                if not isinstance(value, dict):
                    raise Unsupported("properties")
                out["properties"] = {name: self.schema(sub, refs) for name, sub in value.items()}
            elif key == "required":
                if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
                    raise Unsupported("required")
                props = node.get("properties") if isinstance(node.get("properties"), dict) else {}
                skip = "readOnly" if self.write else "writeOnly"
                kept = [n for n in value if not (isinstance(props.get(n), dict) and props[n].get(skip, False))]
                if kept:
                    out["required"] = kept
            elif key == "additionalProperties":
                if isinstance(value, bool):
                    out[key] = value
                elif isinstance(value, dict):
                    out[key] = self.schema(value, refs)
            elif key in ("allOf", "anyOf", "oneOf"):
                if not isinstance(value, list) or not value:
                    raise Unsupported(key)
                out[key] = [self.schema(sub, refs) for sub in value]
            elif key == "not":
                out["not"] = self.schema(value, refs)
            elif key == ("readOnly" if self.write else "writeOnly"):
                if value:
                    extra.append({"not": {}})  # present at all: an error there
            elif key in ("readOnly", "writeOnly"):
                continue  # the other one is a no-op on this side
            else:  # pragma: no cover - every keyword above is handled
                raise Unsupported(key)
        return {"allOf": [out, *extra]} if extra else out


def compile_body_check(schema: Any, root: dict, py_validator: Any) -> Any:
    """A jsonschema-rs validator that accepts a subset of what ``py_validator`` (an
    openapi-schema-validator OAS 3.0 read or write validator for ``schema``, a node of the spec
    ``root``) accepts, or None when the schema uses something it does not mirror exactly."""
    from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

    if type(py_validator) is OAS30WriteValidator:
        write = True
    elif type(py_validator) is OAS30ReadValidator:
        write = False
    else:  # 3.1 dialects, strict or custom validator classes
        return None
    if py_validator.format_checker is None:
        return None
    try:
        import jsonschema_rs

        translator = _Translator(root, write, py_validator.format_checker)
        translated = translator.schema(schema)
        return jsonschema_rs.Draft4Validator(
            translated, formats=translator.formats, validate_formats=True, ignore_unknown_formats=True
        )
    except (Unsupported, ImportError, ValueError, RecursionError, re.error):
        return None
    except Exception:  # whatever jsonschema-rs refuses: no pre-check, openapi-core as before
        return None
