"""The rule engine (apilint.contract.rules*) with Pact's matcher types and path semantics."""

from __future__ import annotations

from typing import Any

import pytest

from apilint.contract.rule_compare import Compare
from apilint.contract.rules import RuleError, parse_path
from apilint.pact import match
from apilint.pact.rules import read_rules


def _body(expected: Any, actual: Any, rules: dict[str, Any], response: bool = True) -> list[str]:
    found = Compare(read_rules({"body": rules}, 3).get("body"), response).value(expected, actual)
    return [f"{m.where}: {m.message}" for m in found]


def _one(*matchers: dict[str, Any], combine: str = "AND") -> dict[str, Any]:
    return {"$.v": {"matchers": list(matchers), "combine": combine}}


@pytest.mark.parametrize(("matcher", "example", "good", "bad"), [
    ({"match": "regex", "regex": r"\d+"}, "1", "42", "4a"),
    ({"match": "type"}, "x", "y", 1),
    ({"match": "type", "min": 2}, [1, 1], [3, 4, 5], [3]),
    ({"match": "type", "max": 1}, [1], [2], [2, 3]),
    ({"match": "include", "value": "ell"}, "hello", "yellow", "help"),
    ({"match": "integer"}, 1, -5, 1.5),
    ({"match": "decimal"}, 1.5, 2.25, 2),
    ({"match": "number"}, 1, 2.5, "2"),
    ({"match": "boolean"}, True, False, "yes"),
    ({"match": "null"}, None, None, 0),
    ({"match": "date", "format": "yyyy-MM-dd"}, "2020-01-01", "2026-12-06", "06/12/2026"),
    ({"match": "time", "format": "HH:mm"}, "10:00", "23:59", "25:00"),
    ({"match": "timestamp", "format": "yyyy-MM-dd'T'HH:mm:ssXXX"}, "2020-01-01T00:00:00+00:00",
     "2026-12-06T07:00:00+01:00", "2026-12-06 07:00"),
    ({"match": "semver"}, "1.0.0", "2.10.3-rc.1", "2.10"),
    ({"match": "notEmpty"}, "x", "y", ""),
    ({"match": "equality"}, "a", "a", "b"),
], ids=lambda v: v.get("match") + str(v.get("min", v.get("max", ""))) if isinstance(v, dict) else None)
def test_each_matcher_type(matcher, example, good, bad) -> None:
    rules = _one(matcher)
    assert _body({"v": example}, {"v": good}, rules) == []
    assert _body({"v": example}, {"v": bad}, rules)


def test_combine_or_needs_one_matcher() -> None:
    rules = _one({"match": "regex", "regex": "a+"}, {"match": "integer"}, combine="OR")
    assert _body({"v": "a"}, {"v": 3}, rules) == []
    assert _body({"v": "a"}, {"v": "b"}, rules)


def test_most_specific_path_wins_and_type_cascades() -> None:
    rules = {"$.items": {"matchers": [{"match": "type", "min": 1}]},
             "$.items[*].sku": {"matchers": [{"match": "regex", "regex": "S-\\d+"}]},
             "$.items[1].sku": {"matchers": [{"match": "equality"}]},
             "$['odd-key']": {"matchers": [{"match": "type"}]}}
    expected = {"items": [{"sku": "S-1", "n": 1}, {"sku": "fixed", "n": 1}], "odd-key": "x"}
    assert _body(expected, {"items": [{"sku": "S-9", "n": 5}, {"sku": "fixed", "n": 2}, {"sku": "S-3", "n": 0}],
                            "odd-key": "y"}, rules) == []
    assert _body(expected, {"items": [{"sku": "S-9", "n": 5}, {"sku": "S-2", "n": 2}], "odd-key": "y"},
                 rules) == ["body.items[1].sku: value differs (rule: equality)"]
    assert _body(expected, {"items": [], "odd-key": "y"}, rules)  # min 1


def test_values_each_key_each_value_and_array_contains() -> None:
    assert _body({"m": {"a": 1}}, {"m": {"x": 2, "y": 3}}, {"$.m": {"matchers": [{"match": "values"}]}}) == []
    each = {"$.m": {"matchers": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]},
                                 {"match": "eachValue", "rules": [{"match": "type"}]}]}}
    assert _body({"m": {"a": 1}}, {"m": {"b": 2, "c": 3}}, each) == []
    assert _body({"m": {"a": 1}}, {"m": {"B2": 2}}, each)
    assert _body({"m": {"a": 1}}, {"m": {"b": "2"}}, each)
    contains = {"$.l": {"matchers": [{"match": "arrayContains", "variants": [
        {"index": 0, "rules": {"$.id": {"matchers": [{"match": "integer"}]}}}]}]}}
    assert _body({"l": [{"id": 1}]}, {"l": [{"x": "y"}, {"id": 9}]}, contains) == []
    assert _body({"l": [{"id": 1}]}, {"l": [{"id": "9"}]}, contains)


def test_requests_refuse_unexpected_keys_responses_allow_them() -> None:
    assert _body({"a": 1}, {"a": 1, "b": 2}, {}, response=True) == []
    assert _body({"a": 1}, {"a": 1, "b": 2}, {}, response=False) == ["body.b: unexpected field"]


def test_inline_matchers_are_rules_of_the_same_engine() -> None:
    assert Compare(None, True).value({"id": "{{uuid}}"}, {"id": "0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11"}) == []
    found = Compare(None, True).value({"id": "{{uuid}}"}, {"id": "nope"})
    assert [m.message for m in found] == ["{{uuid}} does not hold (rule: {{uuid}})"]


def test_headers_status_query_and_v2_rules() -> None:
    assert match.headers({"Accept": "a,b"}, {"ACCEPT": "a, b"}, None) == []
    assert match.headers({"Accept": "a, b"}, {"accept": "b, a"}, None)
    rules = read_rules({"$.headers.X-Id": {"match": "regex", "regex": "\\d+"},
                        "$.query.page": {"match": "type"}, "$.body.items": {"min": 1, "match": "type"}}, 2)
    assert match.headers({"X-Id": "1"}, {"x-id": "77"}, rules["header"]) == []
    assert match.query({"page": ["1"]}, {"page": ["9"]}, rules["query"]) == []
    assert match.query({"page": ["1"]}, {"page": ["9"], "extra": ["1"]}, rules["query"])
    assert _body({"items": [1]}, {"items": []}, {"$.items": {"matchers": [{"match": "type", "min": 1}]}})
    v4 = read_rules({"header": {"$['X-Id']": {"matchers": [{"match": "integer"}]}}}, 4)
    assert match.headers({"X-Id": "1"}, {"x-id": "77"}, v4["header"]) == []
    assert match.headers({"X-Id": "1"}, {"x-id": "seven"}, v4["header"])
    status = read_rules({"status": {"$": {"matchers": [{"match": "statusCode", "status": "success"}]}}}, 4)
    assert match.status(201, 204, status["status"]) == []
    assert match.status(201, 404, status["status"])


@pytest.mark.parametrize("raw", [{"body": {"$.a": {"matchers": [{"match": "fuzzy"}]}}},
                                 {"body": {"$.a": {"matchers": [{"match": "regex", "regex": "("}]}}},
                                 {"body": {"$.a b[": {"matchers": [{"match": "type"}]}}},
                                 {"nonsense": {}}], ids=["matcher", "regex", "path", "category"])
def test_what_the_engine_cannot_apply_is_refused(raw) -> None:
    with pytest.raises(RuleError):
        read_rules(raw, 3)


def test_paths() -> None:
    assert parse_path("$.a['b-c'][*][2].*") == ("$", "a", "b-c", -1, 2, "*")
    assert parse_path("name") == ("$", "name")


def test_content_type_matcher_looks_at_the_body_itself() -> None:
    rules = {"$": {"matchers": [{"match": "contentType", "value": "application/json"}]}}
    assert _body({"a": 1}, {"b": 2}, rules) == []
    assert _body({"a": 1}, "%PDF-1.4 ...", rules) == ["body: the body looks like application/pdf, not "
                                                      "application/json (rule: contentType)"]
