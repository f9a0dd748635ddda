"""apilint's inline matchers are rules of the one matcher engine: translated once, compared like a pact's."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from apilint.contract import inline
from apilint.contract.inline import rule_group, text_leaf, translate
from apilint.contract.rule_checks import kind_of
from apilint.contract.rule_compare import Compare, group_of, match_text
from apilint.contract.rules import LeafRules, RuleError, Rules
from apilint.mock.app import fail
from apilint.mock.build import build_app
from apilint.mock.request import Request

UUID = "0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11"


def never(name: str, value: object) -> None:
    return None


def test_a_contract_value_becomes_an_example_and_rules_at_the_matchers_paths():
    value = {"id": "{{uuid}}", "n": 1, "ok": "{{boolean}}", "tags": ["a", "{{one_of:x|y}}"]}
    example, rules = translate(value)
    assert isinstance(rules, LeafRules)
    assert example == {"id": "{{uuid}}", "n": 1, "ok": True, "tags": ["a", "{{one_of:x|y}}"]}
    assert sorted(map(str, rules.by_path)) == sorted(map(str, [("$", "id"), ("$", "ok"), ("$", "tags", 1)]))
    assert [m.kind for m in rules.by_path[("$", "id")].matchers] == ["regex"]
    assert [m.kind for m in rules.by_path[("$", "ok")].matchers] == ["type", "boolean"]
    assert rules.by_path[("$", "tags", 1)].label == "{{one_of:x|y}}"
    literal = {"a": [1, {"b": "c"}]}
    assert translate(literal)[0] is literal  # nothing to change: no copy


@pytest.mark.parametrize(("text", "good", "bad"), [
    ("{{uuid}}", UUID, "nope"),
    ("{{iso_timestamp}}", "2026-01-01T00:00:00Z", "yesterday"),
    ("{{positive_integer}}", 5, 0),
    ("{{integer}}", -3, 2.5),
    ("{{number}}", 2.5, True),
    ("{{boolean}}", False, "false"),  # a JSON body's boolean is a JSON boolean
    ("{{non_empty_string}}", "x", ""),
    ("{{string}}", "", 1),
    ("{{one_of:PAID|LOST}}", "LOST", "GONE"),
    ("{{email}}", "a@b.example", "a.b"),
    ("{{url}}", "https://x.example/a", "ftp://x"),
])
def test_each_matcher_as_a_rule_holds_where_it_held(text, good, bad):
    assert Compare(None, True).value({"v": text}, {"v": good}) == []
    found = Compare(None, True).value({"v": text}, {"v": bad})
    assert [(m.where, m.expected) for m in found] == [("body.v", text)]


def test_the_same_engine_answers_a_pact_rule_and_the_matcher_it_translates_to():
    pact = Rules({"$.id": group_of([{"match": "regex", "regex": inline.UUID.pattern}])})
    contract = translate({"id": "{{uuid}}"})[1]
    for sent in (UUID, "nope", 7):
        by_pact = Compare(pact, True).value({"id": UUID}, {"id": sent})
        by_contract = Compare(contract, True).value({"id": "{{uuid}}"}, {"id": sent})
        assert bool(by_pact) == bool(by_contract)


def test_text_values_on_the_wire():
    out: list = []
    assert match_text("{{positive_integer}}", "5", "query.n", out, never) == 1 and out == []
    assert match_text(3, "3", "query.n", out, never) == 2 and out == []  # a literal compares as its text
    assert match_text("{{boolean}}", "true", "query.flag", out, never) == 1 and out == []
    match_text("{{boolean}}", "yes", "query.flag", out, never)
    assert [(m.where, m.expected, m.actual) for m in out] == [("query.flag", "{{boolean}}", "yes")]
    assert text_leaf(True) == ("true", None)


def test_the_variable_hook_decides_var_and_anything_holds_for_any():
    seen = []

    def hook(name, value):
        seen.append((name, value))
        return 3 if value == "o-1" else None

    engine = Compare(None, True, var=hook)
    assert engine.value({"id": "{{var:order_id}}", "x": "{{any}}"}, {"id": "o-1", "x": None}) == []
    assert seen == [("order_id", "o-1")] and engine.score == 3 + 1
    assert [m.where for m in Compare(None, True, var=hook).value({"id": "{{var:order_id}}"}, {"id": "o-2"})] == [
        "body.id"]


@pytest.mark.parametrize("kind", ["anything", "variable", "inline"])
def test_a_pact_cannot_name_apilints_own_matchers(kind):
    with pytest.raises(RuleError, match="unknown matcher type"):
        kind_of({"match": kind})


def test_options_keep_each_sides_rules():
    expected, actual = {"items": [{"q": 1}]}, {"items": [{"q": 2}, {"q": 1}], "extra": 1}
    pact_request = Compare(None, False).value(expected, actual)
    assert [m.where for m in pact_request] == ["body.items", "body.items[0].q", "body.extra"]
    mock_request = Compare(None, True, zip_other_lengths=False).value(expected, actual)
    assert [m.where for m in mock_request] == ["body.items"]
    first = Compare(None, False, first_only=True).value(expected, actual)
    assert len(first) == 1


CARTS = """\
interactions:
  - name: one
    request:
      method: POST
      path: /v1/carts
      query: {flag: "{{boolean}}"}
      body: {sku: "{{non_empty_string}}", quantity: "{{positive_integer}}"}
    response: {status: 201, body: {kind: one}}
"""


def test_the_mock_translates_at_load_never_per_request(tmp_path: Path, monkeypatch):
    (tmp_path / "carts.yaml").write_text(CARTS)
    app = build_app([str(tmp_path)], [], fail)
    rules = app.router.routes[0].matching.body_engine.rules
    assert isinstance(rules, LeafRules) and rule_group("{{positive_integer}}") in rules.by_path.values()

    def refuse(*args, **kwargs):
        raise AssertionError("translated per request")

    monkeypatch.setattr(inline, "translate", refuse)
    monkeypatch.setattr("apilint.contract.rule_compare.translate", refuse)
    monkeypatch.setattr("apilint.mock.routes.translate", refuse)
    body = orjson.dumps({"sku": "a", "quantity": 2})
    raw = app(Request("POST", "/v1/carts?flag=true", {"content-type": "application/json"}, body))
    assert raw[0].startswith(b"HTTP/1.1 201")
    miss = app(Request("POST", "/v1/carts?flag=true", {"content-type": "application/json"},
                       orjson.dumps({"sku": "a", "quantity": 0})))
    problem = orjson.loads(miss[0].partition(b"\r\n\r\n")[2])
    assert problem["nearest"]["differences"][0]["where"] == "body.quantity"
    assert problem["nearest"]["differences"][0]["expected"] == "{{positive_integer}}"
