"""Answers: what is fixed at startup and what is computed per request."""

from __future__ import annotations

import orjson

from apilint.mock.answer import Answer, Generated, generated, template
from apilint.mock.request import Request
from apilint.mock.state import State


def _body(answer: Answer, state: State) -> dict:
    keep_alive, _ = answer.render(Request("GET", "/x", {}, b""), state)
    return orjson.loads(keep_alive.split(b"\r\n\r\n", 1)[1])


def test_constant_matchers_are_fixed_at_startup_and_fresh_ones_change():
    body = template({"name": "{{non_empty_string}}", "at": "{{iso_date}}", "id": "{{uuid}}"})
    assert body["name"] == "apilint" and body["at"] == "2026-01-01" and isinstance(body["id"], Generated)
    assert not isinstance(generated("{{integer}}"), Generated)
    answer = Answer(201, [("content-type", "application/json")], body, None, [])
    state = State({})
    first, second = _body(answer, state), _body(answer, state)
    assert first["name"] == second["name"] == "apilint" and first["id"] != second["id"]


def test_a_captured_value_that_never_changes_keeps_the_answer_static_and_is_remembered():
    body = template({"items": [{"id": "p-1001", "tags": ["a"]}], "next": None})
    answer = Answer(200, [("content-type", "application/json")], body, None, [("product_id", ("body", "items", 0, "id"))])
    assert answer.static is not None
    state = State({})
    assert _body(answer, state) == {"items": [{"id": "p-1001", "tags": ["a"]}], "next": None}
    assert state.last["product_id"] == "p-1001" and state.check("product_id", "p-1001") is not None


def test_a_captured_fresh_value_is_remembered_as_sent():
    body = template({"id": "{{uuid}}", "meta": {"kind": "order"}})
    answer = Answer(201, [], body, None, [("order_id", ("body", "id"))])
    assert answer.static is None
    state = State({})
    sent = _body(answer, state)
    assert sent["meta"] == {"kind": "order"} and state.last["order_id"] == sent["id"]
