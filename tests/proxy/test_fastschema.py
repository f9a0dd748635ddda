"""The jsonschema-rs body pre-check never accepts what openapi-schema-validator rejects.

Random OpenAPI 3.0 schemas (every keyword the pre-check translates, some it must refuse) against
random JSON values, on the request (write) and response (read) side: whenever the pre-check says
valid, openapi-core's validator finds no error. A pre-check that is too strict only costs time (the
value then goes to openapi-core), so the property is one-way; the fixed cases below check that
ordinary valid bodies do take the fast path.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema_path import SchemaPath
from openapi_core.validation.schemas import (
    oas30_read_schema_validators_factory,
    oas30_write_schema_validators_factory,
)

from apilint.proxy.fastschema import compile_body_check

FACTORIES = {"write": oas30_write_schema_validators_factory, "read": oas30_read_schema_validators_factory}
NAMES = ["a", "b", "c"]
COMPONENTS = {
    "Money": {
        "type": "object",
        "required": ["amount"],
        "properties": {"amount": {"type": "integer", "minimum": 0}, "currency": {"enum": ["EUR", "USD"]}},
    },
    "Id": {"type": "string", "format": "uuid", "readOnly": True},
    "Secret": {"type": "string", "writeOnly": True, "minLength": 2},
    "Nullable": {"type": "string", "nullable": True, "maxLength": 3},
}
STRINGS = [
    "",
    "a",
    "abc",
    "EUR",
    "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab",
    "not-a-uuid",
    "alice@example.com",
    "2026-11-22T10:00:00Z",
    "2026-11-22",
    "yesterday",
    "aGVsbG8=",
    "*not base64*",
    "10.0.0.1",
    "Zoë",
    "😀😀",
    "(",
]
PATTERNS = ["^a", "[0-9]+", "^[A-Z]{3}$", r"\d", "é"]
FORMATS = [
    "uuid",
    "email",
    "date-time",
    "date",
    "int32",
    "int64",
    "byte",
    "ipv4",
    "password",
    "binary",
    "regex",
    "nope",
]

numbers = st.one_of(
    st.integers(-5, 5),
    st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63 - 1, 2**63, -(2**63), 2**70]),
    st.sampled_from([0.5, 2.0, -1.5, 1e300]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.sampled_from(STRINGS))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from([*NAMES, "d"]), inner, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def schemas(draw, depth=0):
    schema: dict = {}
    kind = draw(st.sampled_from(["string", "number", "integer", "boolean", "array", "object", None]))
    if kind:
        schema["type"] = kind
    if draw(st.booleans()):
        schema["nullable"] = draw(st.sampled_from([True, False, "yes"]))
    pick = lambda p: draw(st.integers(0, 99)) >= 100 - round(p * 100)  # noqa: E731
    if pick(0.2):
        schema["enum"] = draw(st.lists(scalars, min_size=1, max_size=3))
    for key in ("minimum", "maximum"):
        if pick(0.2):
            schema[key] = draw(st.sampled_from([0, 1, 2.5, -3, 2**31]))
            if pick(0.5):
                schema["exclusive" + key.capitalize()] = draw(st.booleans())
    for key in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        if pick(0.1):
            schema[key] = draw(st.integers(0, 3))
    if pick(0.15):
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
    if pick(0.25):
        schema["format"] = draw(st.sampled_from(FORMATS))
    if pick(0.1):
        schema[draw(st.sampled_from(["readOnly", "writeOnly"]))] = draw(st.booleans())
    if pick(0.1):
        schema["$ref"] = "#/components/schemas/" + draw(st.sampled_from(sorted(COMPONENTS)))
    if pick(0.03):  # keywords the pre-check must refuse (or, for the annotations, ignore)
        schema[draw(st.sampled_from(["multipleOf", "uniqueItems", "example", "description"]))] = 2
    if depth < 2:
        if kind == "array" or pick(0.1):
            schema["items"] = draw(schemas(depth + 1))
        if kind == "object" or pick(0.1):
            names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
            schema["properties"] = {n: draw(schemas(depth + 1)) for n in names}
            if pick(0.6):
                schema["required"] = draw(st.lists(st.sampled_from(NAMES), unique=True, min_size=1, max_size=3))
            if pick(0.3):
                schema["additionalProperties"] = draw(st.one_of(st.booleans(), schemas(depth + 1)))
        if pick(0.15):
            key = draw(st.sampled_from(["allOf", "anyOf", "oneOf"]))
            schema[key] = draw(st.lists(schemas(depth + 1), min_size=1, max_size=3))
        if pick(0.05):
            schema["not"] = draw(schemas(depth + 1))
    return schema


def _validators(schema: dict, side: str):
    root = {"components": {"schemas": {**copy.deepcopy(COMPONENTS), "Body": schema}}}
    spec = SchemaPath.from_dict(root)
    py = FACTORIES[side].create(spec, spec / "components" / "schemas" / "Body")
    return py, compile_body_check(schema, root, py.validator)


def _py_valid(py, value) -> bool:
    return not any(True for _ in py.validator.iter_errors(value))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=schemas(), data=st.lists(values, min_size=1, max_size=6), side=st.sampled_from(["write", "read"]))
def test_what_the_precheck_accepts_openapi_core_accepts(schema, data, side):
    py, rs = _validators(schema, side)
    if rs is None:
        return
    for value in data:
        try:
            fast = rs.is_valid(value)
        except Exception:
            continue  # the pre-check steps aside; openapi-core validates
        if fast:
            assert _py_valid(py, value), (schema, value, side)


ORDER = {
    "type": "object",
    "required": ["id", "status", "secret"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "readOnly": True},
        "status": {"type": "string", "enum": ["NEW", "PAID"]},
        "note": {"type": "string", "nullable": True},
        "secret": {"type": "string", "writeOnly": True},
        "total": {"$ref": "#/components/schemas/Money"},
        "created": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "format": "int32", "minimum": 1},
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "items": {"type": "array", "maxItems": 2, "items": {"type": "object", "additionalProperties": False}},
        "pay": {"oneOf": [{"required": ["card"]}, {"required": ["iban"]}]},
    },
}


@pytest.mark.parametrize(
    "side,value,fast",
    [
        ("write", {"status": "NEW", "secret": "s", "note": None, "count": 3, "code": "EUR", "pay": {"card": 1}}, True),
        ("write", {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "NEW", "secret": "s"}, False),  # readOnly
        ("write", {"status": "NEW"}, False),  # secret is required in requests
        (
            "read",
            {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "PAID", "created": "2026-11-22T10:00:00Z"},
            True,
        ),
        ("read", {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "PAID", "secret": "s"}, False),  # writeOnly
        ("read", {"id": "nope", "status": "PAID"}, False),
        ("read", {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "PAID", "count": 2**31}, False),
        ("read", {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "PAID", "code": "eur"}, False),
        ("read", {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "PAID", "items": [{"x": 1}]}, False),
    ],
)
def test_ordinary_bodies_take_the_fast_path_and_bad_ones_do_not(side, value, fast):
    py, rs = _validators(ORDER, side)
    assert rs is not None
    assert rs.is_valid(value) is fast
    assert _py_valid(py, value) is fast  # here the two agree exactly


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "number", "multipleOf": 0.1},
        {"type": "array", "uniqueItems": True},
        {"oneOf": [{"type": "object"}], "discriminator": {"propertyName": "kind"}},
        {"type": "object", "additionalProperties": False, "patternProperties": {"^x": {}}},
        {"type": "integer", "maximum": 2**60},
        {"$ref": "#/components/schemas/Loop"},
        {"type": ["string", "null"]},
    ],
)
def test_what_it_does_not_mirror_gets_no_precheck(schema):
    root = {"components": {"schemas": {"Loop": {"properties": {"next": {"$ref": "#/components/schemas/Loop"}}}}}}
    spec = SchemaPath.from_dict({**root, "x": schema})
    py = oas30_write_schema_validators_factory.create(spec, spec / "x")
    assert compile_body_check(schema, {**root, "x": schema}, py.validator) is None
