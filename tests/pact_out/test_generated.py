"""A request's ``ProviderState`` generators take the values the state hook answered (or captures gave)."""

from __future__ import annotations

from apilint.replay.generated import apply_generators
from apilint.replay.model import Expected, Interaction


def interaction(generators):
    return Interaction("k", "n", "s", "POST", "/v1/orders/o-1", [("page", "1"), ("other", "x")],
                       [("x-order", "o-1")], {"order": {"id": "o-1", "lines": [{"sku": "a"}]}}, None,
                       Expected(200, None, {}, None, None), True, generators=generators)


STATE = {"type": "ProviderState"}


def test_path_query_header_and_body_take_the_given_values():
    it = interaction({"request": {
        "path": {**STATE, "expression": "/v1/orders/${id}"},
        "query": {"page": {**STATE, "expression": "${page}"}},
        "header": {"X-Order": {**STATE, "expression": "${id}"}},
        "body": {"$.order.id": {**STATE, "expression": "${id}"}, "$.order.lines[0].sku": {**STATE, "expression": "${n}"}},
    }})
    done = apply_generators(it, {"id": "a/b", "page": 3, "n": 7})
    assert done.path == "/v1/orders/a%2Fb"  # one path segment, whatever the value holds
    assert done.query == [("page", "3"), ("other", "x")]
    assert done.headers == [("x-order", "a/b")]
    assert done.body == {"order": {"id": "a/b", "lines": [{"sku": 7}]}}  # a whole-value expression keeps its type
    assert it.body["order"]["id"] == "o-1"  # the loaded interaction is not changed


def test_unknown_names_and_other_generators_keep_the_example():
    it = interaction({"request": {"path": {**STATE, "expression": "/v1/orders/${missing}"},
                                  "body": {"$.order.id": {"type": "Uuid"}, "$.nowhere.x": {**STATE, "expression": "${id}"}}}})
    done = apply_generators(it, {"id": "new"})
    assert done.path == "/v1/orders/o-1" and done.body == it.body
