"""Each Spectral core function, run from a ruleset through `apilint check`'s engine: the value under
``x-good`` passes, the one under ``x-bad`` fails, with Spectral's message."""

from __future__ import annotations

import json

import pytest

from .helpers import findings

# function, functionOptions, field (or None), good value, bad value, expected message of the bad one
CASES = [
    ("truthy", None, None, "yes", "", '"x-bad" property must be truthy'),
    ("falsy", None, None, False, "yes", '"x-bad" property must be falsy'),
    ("defined", None, "f", {"f": 1}, {}, '"f" property must be defined'),
    ("undefined", None, "f", {}, {"f": 1}, '"f" property must be undefined'),
    ("pattern", {"match": "^[a-z]+$"}, None, "abc", "ABC", '"ABC" must match the pattern "^[a-z]+$"'),
    ("pattern", {"notMatch": "/internal/i"}, None, "public", "Internal", '"Internal" must not match the pattern '
     '"/internal/i"'),
    ("casing", {"type": "camel"}, None, "fooBar", "foo_bar", "must be camel case"),
    ("casing", {"type": "kebab", "disallowDigits": True}, None, "foo-bar", "foo-1", "must be kebab case"),
    ("casing", {"type": "pascal", "separator": {"char": "."}}, None, "Foo.Bar", "foo.Bar", "must be pascal case"),
    ("casing", {"type": "macro"}, None, "FOO_BAR", "Foo_Bar", "must be macro case"),
    ("casing", {"type": "snake"}, None, "foo_bar", "fooBar", "must be snake case"),
    ("casing", {"type": "cobol"}, None, "FOO-BAR", "foo-bar", "must be cobol case"),
    ("casing", {"type": "flat"}, None, "foobar", "fooBar", "must be flat case"),
    ("length", {"max": 2}, None, [1, 2], [1, 2, 3], '"x-bad" property must be shorter than 2'),
    ("length", {"min": 3}, None, "abc", "ab", '"x-bad" property must be longer than 3'),
    ("enumeration", {"values": ["a", "b"]}, None, "a", "c", '"c" must be equal to one of the allowed values: "a", "b"'),
    ("alphabetical", None, None, ["a", "b"], ["b", "a"], '"b" must be placed after "a"'),
    ("alphabetical", {"keyedBy": "name"}, None, [{"name": "a"}, {"name": "b"}], [{"name": "b"}, {"name": "a"}],
     "properties must follow the alphabetical order"),
    ("schema", {"schema": {"type": "integer", "minimum": 1}}, None, 2, 0, "less than the minimum"),
    ("schema", {"schema": {"type": "array", "prefixItems": [{"type": "string"}]}, "dialect": "draft2020-12"},
     None, ["a"], [1], "is not of type"),
    ("xor", {"properties": ["a", "b"]}, None, {"a": 1}, {"a": 1, "b": 2}, 'Just one of "a" and "b" must be defined'),
    ("xor", {"properties": ["a", "b"]}, None, {"b": 1}, {"c": 1}, 'At least one of "a" or "b" must be defined'),
    ("or", {"properties": ["a", "b"]}, None, {"a": 1, "b": 2}, {"c": 1}, 'At least one of "a" or "b" must be defined'),
    ("typedEnum", None, None, {"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", 1]},
     'Enum value 1 must be "string".'),
]


@pytest.mark.parametrize(("function", "options", "field", "good", "bad", "message"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_core_function_passes_the_good_value_and_reports_the_bad_one(tmp_path, function, options, field, good, bad,
                                                                     message):
    then = {"function": function, **({"functionOptions": options} if options else {}),
            **({"field": field} if field else {})}
    ruleset = json.dumps({"rules": {"checked": {"given": "$[x-good,x-bad]", "severity": "error", "then": then}}})
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-good": good, "x-bad": bad}
    found = findings(tmp_path, ruleset, json.dumps(spec))
    assert found, "the bad value was not reported"
    assert all(rule == "checked" and pointer.startswith("/x-bad") for rule, pointer, _, _ in found), found
    assert any(message in text for _, _, text, _ in found), found


def test_unreferenced_reusable_object_reports_the_component_no_ref_names(tmp_path):
    ruleset = json.dumps({"rules": {"unused": {
        "given": "$.components.schemas", "resolved": False,
        "then": {"function": "unreferencedReusableObject",
                 "functionOptions": {"reusableObjectsLocation": "#/components/schemas"}}}}})
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Used"}}}}}}}},
            "components": {"schemas": {"Used": {"type": "string"}, "Unused": {"type": "string"}}}}
    assert findings(tmp_path, ruleset, json.dumps(spec)) == [
        ("unused", "/components/schemas/Unused", "Potential orphaned reusable object has been detected", "warning")]
