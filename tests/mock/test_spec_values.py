"""Values generated from schemas (apilint/mock/spec_values.py): each keyword honoured, judged by
openapi-schema-validator (the library openapi-core validates bodies with), and each schema shown to
refuse the obvious value the generator had to avoid."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

from apilint.mock.spec_side import SchemaCheck
from apilint.mock.spec_values import SchemaValues

COMPONENTS = {
    "Cat": {"type": "object", "required": ["kind", "lives"],
            "properties": {"kind": {"type": "string"}, "lives": {"type": "integer", "minimum": 1}}},
    "Dog": {"type": "object", "required": ["kind", "bark"],
            "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}}},
    "Node": {"type": "object", "required": ["name"],
             "properties": {"name": {"type": "string"}, "children": {"type": "array",
                                                                    "items": {"$ref": "#/components/schemas/Node"}}}},
    "Chain": {"type": "object", "nullable": True, "required": ["next"],  # ends only in a null
              "properties": {"next": {"$ref": "#/components/schemas/Chain"}}},
}
DOC: dict[str, Any] = {"openapi": "3.0.3", "components": {"schemas": COMPONENTS}}


def valid(schema: Any, value: Any, write: bool = False) -> bool:
    cls = OAS30WriteValidator if write else OAS30ReadValidator
    root = {**DOC, "x-schema": schema, "$ref": "#/x-schema"}
    return cls(root, format_checker=cls.FORMAT_CHECKER).is_valid(value)


def generated(schema: Any, **kwargs: Any) -> Any:
    return SchemaValues(DOC, accepts=SchemaCheck(DOC), **kwargs).value(schema)


# (schema, a value the schema refuses: what a generator ignoring the keyword would make)
CASES = [
    ({"type": "string", "format": "uuid"}, "apilint"),
    ({"type": "string", "format": "date-time"}, "apilint"),
    ({"type": "string", "format": "date"}, "apilint"),
    ({"type": "string", "format": "email"}, "apilint"),
    ({"type": "string", "format": "ipv4"}, "apilint"),
    ({"type": "string", "format": "ipv6"}, "apilint"),
    ({"type": "string", "format": "byte"}, "apilint!"),
    ({"type": "integer", "format": "int32", "minimum": 5}, 1),
    ({"type": "integer", "minimum": 3, "exclusiveMinimum": True}, 3),
    ({"type": "integer", "maximum": -4}, 1),
    ({"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 7}, 10),
    ({"type": "number", "minimum": 0.25, "maximum": 0.75}, 1),
    ({"type": "number", "minimum": 0, "maximum": 1, "exclusiveMinimum": True, "exclusiveMaximum": True}, 1),
    ({"type": "string", "minLength": 12}, "apilint"),
    ({"type": "string", "maxLength": 3}, "apilint"),
    ({"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"}, "apilint"),
    ({"type": "string", "pattern": "^(foo|bar)+$", "minLength": 7}, "foo"),
    ({"type": "string", "enum": ["red", "green"]}, "apilint"),
    ({"type": "string", "enum": [None, "on"], "nullable": True}, "apilint"),
    ({"type": "boolean"}, "apilint"),
    ({"type": "array", "minItems": 3, "items": {"type": "integer"}}, [1]),
    ({"type": "array", "maxItems": 0, "items": {"type": "integer"}}, [1]),
    ({"type": "array", "minItems": 2, "uniqueItems": True, "items": {"type": "string"}}, ["a", "a"]),
    ({"type": "object", "required": ["id", "extra"], "properties": {"id": {"type": "integer"}},
      "additionalProperties": {"type": "string", "format": "uuid"}}, {"id": 1}),
    ({"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer"}}, {}),
    ({"allOf": [{"$ref": "#/components/schemas/Cat"},
                {"type": "object", "required": ["owner"], "properties": {"owner": {"type": "string"}}}]},
     {"kind": "cat", "lives": 9}),
    ({"allOf": [{"type": "integer", "minimum": 3}, {"type": "integer", "maximum": 4}]}, 1),
    ({"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
     {"kind": "x", "lives": 1, "bark": True}),
    # every property the first branch has would also satisfy the second: a branch only oneOf takes
    ({"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}]}, {"a": "x"}),
    ({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "integer"}]}, "apilint"),
    ({"$ref": "#/components/schemas/Node"}, {}),
    ({"$ref": "#/components/schemas/Chain"}, {}),
    ({"type": "string", "nullable": True, "format": "uuid"}, "apilint"),
]


@pytest.mark.parametrize(("schema", "refused"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_generated_values_pass_the_validator_that_refuses_the_naive_one(schema: Any, refused: Any) -> None:
    assert not valid(schema, refused)
    value = generated(schema)
    assert valid(schema, value), value


def test_openapi_31_const_and_type_lists() -> None:
    from openapi_schema_validator import OAS31Validator

    for schema, refused in (({"const": "fixed"}, "apilint"), ({"type": ["null", "integer"], "minimum": 2}, 1)):
        check = OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER)
        assert not check.is_valid(refused)
        assert check.is_valid(SchemaValues({"openapi": "3.1.0"}).value(schema))


def test_generation_is_deterministic() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"},
                                               "at": {"type": "string", "format": "date-time"}}}
    assert generated(schema) == generated(schema)


def test_examples_and_defaults_are_preferred_unless_turned_off() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string", "example": "Rex"},
                                               "size": {"type": "integer", "default": 3}}}
    assert generated(schema) == {"name": "Rex", "size": 3}
    assert SchemaValues(DOC).value(schema, examples=False) == {"name": "apilint", "size": 1}


def test_read_only_and_write_only_properties_stay_on_their_side() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string", "readOnly": True},
                                               "password": {"type": "string", "writeOnly": True}}}
    response = generated(schema)
    request = SchemaValues(DOC, response=False).value(schema)
    assert response == {"id": "apilint"} and valid(schema, response)
    assert request == {"password": "apilint"} and valid(schema, request, write=True)
    assert not valid(schema, {"password": "x"})  # a response carrying the write-only field is refused


def test_discriminator_names_the_branch() -> None:
    schema = {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
              "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}}
    assert generated(schema)["kind"] == "Cat"
    assert SchemaValues(DOC).value(schema, variant=1)["kind"] == "dog"


def test_variants_take_the_other_branches() -> None:
    schema = {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}
    assert [SchemaValues(DOC).value(schema, variant=v) for v in range(3)] == ["apilint", 1, True]


def test_recursive_schemas_end() -> None:
    node = generated({"$ref": "#/components/schemas/Node"})
    depth = 0
    while node.get("children"):
        node, depth = node["children"][0], depth + 1
    assert 0 < depth < 20
