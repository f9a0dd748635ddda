"""Spectral's core functions, with Spectral's messages and its rule for bad input: a function given a
value of a type it does not take reports nothing (like ``createRulesetFunction`` does).

Each function takes (value, options, context) and returns results: (message, path below the target or
None). ``MISSING`` is JavaScript's ``undefined`` (a ``field`` that is not there)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apilint.spectral.predicate import MISSING

Result = tuple[str, tuple[Any, ...] | None]


@dataclass
class FunctionContext:
    formats: set[str]
    references: Callable[[], set[str]]  # every local ``$ref`` of the document, decoded ("#/definitions/X")
    validators: dict[int, Any] = field(default_factory=dict)  # id(a schema rule's options) -> its validator


def print_value(value: Any) -> str:
    """Spectral's ``printValue``."""
    if value is MISSING:
        return "undefined"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "Object{}"
    if isinstance(value, list):
        return "Array[]"
    return str(value)


def js_truthy(value: Any) -> bool:
    return value is not MISSING and value is not None and value is not False and value != 0 and value != ""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def truthy(value: Any, options: Any, context: FunctionContext) -> list[Result]:
    return [] if js_truthy(value) else [('#{{print("property")}}must be truthy', None)]


def falsy(value: Any, options: Any, context: FunctionContext) -> list[Result]:
    return [('#{{print("property")}}must be falsy', None)] if js_truthy(value) else []


def defined(value: Any, options: Any, context: FunctionContext) -> list[Result]:
    return [('#{{print("property")}}must be defined', None)] if value is MISSING else []


def undefined(value: Any, options: Any, context: FunctionContext) -> list[Result]:
    return [] if value is MISSING else [('#{{print("property")}}must be undefined', None)]


@functools.cache
def js_regex(pattern: str) -> re.Pattern[str]:
    """A JavaScript regular expression (``/body/flags`` or a bare body) as a Python one."""
    match = re.fullmatch(r"/(.+)/([a-z]*)", pattern, re.S)
    body, flags = (match.group(1), match.group(2)) if match else (pattern, "")
    python_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0) | (re.S if "s" in flags else 0)
    body = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", body)  # named groups
    return re.compile(body, python_flags)


def pattern(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if not isinstance(value, str):
        return []
    results = []
    if "match" in options and not js_regex(options["match"]).search(value):
        results.append((f'#{{{{print("value")}}}} must match the pattern {print_value(options["match"])}', None))
    if "notMatch" in options and js_regex(options["notMatch"]).search(value):
        results.append((f'#{{{{print("value")}}}} must not match the pattern {print_value(options["notMatch"])}',
                        None))
    return results


_CASES = {
    "flat": "[a-z][a-z{D}]*",
    "camel": "[a-z][a-z{D}]*(?:[A-Z{D}](?:[a-z{D}]+|$))*",
    "pascal": "[A-Z][a-z{D}]*(?:[A-Z{D}](?:[a-z{D}]+|$))*",
    "kebab": "[a-z][a-z{D}]*(?:-[a-z{D}]+)*",
    "cobol": "[A-Z][A-Z{D}]*(?:-[A-Z{D}]+)*",
    "snake": "[a-z][a-z{D}]*(?:_[a-z{D}]+)*",
    "macro": "[A-Z][A-Z{D}]*(?:_[A-Z{D}]+)*",
}
CASING_TYPES = tuple(_CASES)


@functools.cache
def _casing_regex(kind: str, disallow_digits: bool, separator: str | None, allow_leading: bool) -> re.Pattern[str]:
    base = _CASES[kind].replace("{D}", "" if disallow_digits else "0-9")
    if separator is None:
        return re.compile(f"^{base}$")
    sep = f"[{re.escape(separator)}]"
    return re.compile(f"^{sep + '?' if allow_leading else ''}{base}(?:{sep}{base})*$")


def casing(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if not isinstance(value, str) or not value:
        return []
    separator = options.get("separator") or {}
    char, leading = separator.get("char"), separator.get("allowLeading") is True
    if len(value) == 1 and char is not None and leading and value == char:
        return []
    regex = _casing_regex(options["type"], options.get("disallowDigits") is True, char, leading)
    return [] if regex.search(value) else [(f"must be {options['type']} case", None)]


def length(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if isinstance(value, dict | list | str):
        size = len(value)
    elif _number(value):
        size = value
    else:
        return []
    results = []
    if "min" in options and size < options["min"]:
        results.append((f'#{{{{print("property")}}}}must be longer than {print_value(options["min"])}', None))
    if "max" in options and size > options["max"]:
        results.append((f'#{{{{print("property")}}}}must be shorter than {print_value(options["max"])}', None))
    return results


def enumeration(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if not (value is None or isinstance(value, str | bool) or _number(value)):
        return []
    values = options["values"]
    if any(value == allowed and type(value) is type(allowed) for allowed in values):
        return []
    allowed_text = ", ".join(print_value(v) for v in values)
    return [(f'#{{{{print("value")}}}} must be equal to one of the allowed values: {allowed_text}', None)]


def _compare(a: Any, b: Any) -> int:
    def numeric(v: Any) -> float | None:
        if _number(v):
            return float(v)
        try:
            return float(v)
        except (TypeError, ValueError):
            return None

    if (_number(a) or numeric(a) is None) and (_number(b) or numeric(b) is not None):
        na, nb = numeric(a), numeric(b)
        if na is None or nb is None:  # JavaScript: NaN - x is NaN, never > 0
            return 0
        return (na > nb) - (na < nb)
    if not (isinstance(a, str) and isinstance(b, str)):
        return 0
    ka, kb = a.casefold(), b.casefold()
    return (ka > kb) - (ka < kb) or (a > b) - (a < b)


def alphabetical(value: Any, options: dict[str, Any] | None, context: FunctionContext) -> list[Result]:
    if not isinstance(value, dict | list):
        return []
    items = list(value) if isinstance(value, dict) else value
    if len(items) < 2:
        return []
    keyed_by = (options or {}).get("keyedBy")
    if keyed_by is not None:
        if not all(isinstance(item, dict | list) for item in items):
            return [('#{{print("property")}}must be an object', None)]
        items = [item.get(keyed_by, MISSING) if isinstance(item, dict) else MISSING for item in items]
    if not all(isinstance(item, str) or _number(item) for item in items):
        return [('#{{print("property")}}must be one of the allowed types: number, string', None)]
    for index in range(len(items) - 1):
        if _compare(items[index], items[index + 1]) >= 1:
            if keyed_by is not None:
                return [("properties must follow the alphabetical order", None)]
            where = index if isinstance(value, list) else items[index]
            return [(f"{print_value(items[index])} must be placed after {print_value(items[index + 1])}", (where,))]
    return []


def _at_least_one(properties: list[str]) -> str:
    if len(properties) > 4:
        return ('At least one of "' + '" or "'.join(properties[:3])
                + f'" or {len(properties) - 3} other properties must be defined')
    return 'At least one of "' + '" or "'.join(properties) + '" must be defined'


def xor(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    properties = options["properties"]
    if not isinstance(value, dict) or len(properties) < 2:
        return []
    present = [key for key in value if key in properties]
    if not present:
        return [(_at_least_one(properties), None)]
    if len(present) > 1:
        return [('Just one of "' + '" and "'.join(present) + '" must be defined', None)]
    return []


def or_(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    properties = options["properties"]
    if not isinstance(value, dict) or len(properties) < 2:
        return []
    return [] if any(key in properties for key in value) else [(_at_least_one(properties), None)]


def unreferenced_reusable_object(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if not isinstance(value, dict):
        return []
    location = options["reusableObjectsLocation"]
    referenced = context.references()
    return [("Potential orphaned reusable object has been detected", (name,)) for name in value
            if f"{location}/{name}" not in referenced]


def _data_type(value: Any, integers: bool) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if _number(value):
        return "integer" if integers and float(value).is_integer() else "number"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def typed_enum(value: Any, options: Any, context: FunctionContext) -> list[Result]:
    if not (isinstance(value, dict) and isinstance(value.get("enum"), list) and "type" in value):
        return []
    kind = value["type"]
    if not (isinstance(kind, str) or (isinstance(kind, list) and all(isinstance(k, str) for k in kind))):
        return []
    nullable = (value.get("nullable") is True and "oas3_0" in context.formats) or (
        value.get("x-nullable") is True and "oas2" in context.formats)
    if nullable:
        kind = [*kind, "null"] if isinstance(kind, list) else [kind, "null"]
    integers = kind == "integer" or (isinstance(kind, list) and "integer" in kind)
    shown = ",".join(kind) if isinstance(kind, list) else kind
    results: list[Result] = []
    for index, item in enumerate(value["enum"]):
        item_type = _data_type(item, integers)
        if item_type == kind or (isinstance(kind, list) and item_type in kind):
            continue
        results.append((f'Enum value {print_value(item)} must be "{shown}".', ("enum", index)))
    return results


_DRAFTS = {"draft4": 4, "draft6": 6, "draft7": 7, "draft2019-09": 201909, "draft2020-12": 202012}
_META = {"http://json-schema.org/draft-04/schema#": 4, "http://json-schema.org/draft-06/schema#": 6,
         "http://json-schema.org/draft-07/schema#": 7, "https://json-schema.org/draft/2019-09/schema": 201909,
         "https://json-schema.org/draft/2020-12/schema": 202012}


@functools.cache
def _validator(schema_text: str, dialect: str) -> Any:
    import jsonschema_rs

    schema = json.loads(schema_text)
    declared = str(schema.get("$schema", "")) if isinstance(schema, dict) else ""
    draft = _DRAFTS.get(dialect) or _META.get(declared) or _META.get(declared + "#") or 7
    classes = {4: jsonschema_rs.Draft4Validator, 6: jsonschema_rs.Draft6Validator, 7: jsonschema_rs.Draft7Validator,
               201909: jsonschema_rs.Draft201909Validator, 202012: jsonschema_rs.Draft202012Validator}
    return classes[draft](schema)


def schema(value: Any, options: dict[str, Any], context: FunctionContext) -> list[Result]:
    if value is MISSING:
        return [('#{{print("property")}}must exist', ())]
    validator = context.validators.get(id(options))  # the rule's options live as long as the run
    if validator is None:
        validator = context.validators[id(options)] = _validator(json.dumps(options["schema"], sort_keys=True),
                                                                 options.get("dialect", "auto"))
    errors = validator.iter_errors(value)
    results: list[Result] = []
    for error in errors:
        where = tuple(error.instance_path)
        property_ = f'"{where[-1]}" property ' if where else '#{{print("property")}}'
        results.append((f"{property_}{error.message}", where))
        if not options.get("allErrors"):
            break
    return results


FUNCTIONS: dict[str, Callable[[Any, Any, FunctionContext], list[Result]]] = {
    "truthy": truthy, "falsy": falsy, "defined": defined, "undefined": undefined, "pattern": pattern,
    "casing": casing, "length": length, "enumeration": enumeration, "alphabetical": alphabetical,
    "schema": schema, "xor": xor, "or": or_, "unreferencedReusableObject": unreferenced_reusable_object,
    "typedEnum": typed_enum,
}
