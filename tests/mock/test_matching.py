"""Matching in-process: the request side of the contract matchers, and the most specific route winning."""

from __future__ import annotations

from pathlib import Path

import orjson

from apilint.contract.mismatch import LITERAL, MATCHER
from apilint.contract.rule_compare import match_text, match_value
from apilint.mock.app import fail
from apilint.mock.build import build_app
from apilint.mock.request import Request

SPECIFIC = """\
interactions:
  - name: any_quantity
    request:
      method: POST
      path: /v1/carts
      body: {sku: "{{non_empty_string}}", quantity: "{{positive_integer}}"}
    response: {status: 201, body: {kind: matcher}}
  - name: exactly_two
    request:
      method: POST
      path: /v1/carts
      body: {sku: a-1, quantity: 2}
    response: {status: 201, body: {kind: literal}}
  - name: by_page
    request:
      method: GET
      path: /v1/carts
      query: {page_size: "{{positive_integer}}"}
    response: {status: 200, body: {kind: paged}}
"""


def never(name: str, value: object) -> None:
    return None


def test_scores_literal_over_matcher_and_differences_name_the_place():
    out: list = []
    assert match_value({"a": 1, "b": "{{uuid}}"}, {"a": 1, "b": "9f0c6a1e-8a52-4d5e-9b8e-2d8f3f0e7c11", "c": 0},
                       "body", out, never) == LITERAL + MATCHER
    assert out == []
    match_value({"items": [{"q": "{{integer}}"}]}, {"items": [{"q": "x"}, {"q": 1}]}, "body", out, never)
    match_value({"items": [{"q": "{{integer}}"}]}, {"items": [{"q": "x"}]}, "body", out, never)
    assert [(m.where, m.expected, m.actual) for m in out] == [("body.items", 1, 2), ("body.items[0].q", "{{integer}}", "x")]
    assert match_text("{{positive_integer}}", "5", "query.n", out, never) == MATCHER
    assert match_value("{{var:order_id}}", "o-1", "path[3]", out, never) == 0
    assert "handed out" in out[-1].message


def _answer(app, method: str, target: str, body: object = None) -> dict:
    raw = app(Request(method, target, {"content-type": "application/json"}, orjson.dumps(body) if body else b""))
    return orjson.loads(raw[0].partition(b"\r\n\r\n")[2])


def test_the_most_specific_interaction_wins(tmp_path: Path):
    (tmp_path / "carts.yaml").write_text(SPECIFIC)
    app = build_app([str(tmp_path)], [], fail)
    assert _answer(app, "POST", "/v1/carts", {"sku": "a-1", "quantity": 2}) == {"kind": "literal"}
    assert _answer(app, "POST", "/v1/carts", {"sku": "a-1", "quantity": 3}) == {"kind": "matcher"}
    assert _answer(app, "GET", "/v1/carts?page_size=10") == {"kind": "paged"}
    miss = _answer(app, "GET", "/v1/carts?page_size=0")
    assert miss["status"] == 598 and miss["nearest"]["differences"][0]["where"] == "query.page_size"
    assert app.journal.to_dict()["summary"] == {"interactions": 3, "used": 3, "unused": 0, "hits": 3, "misses": 1}


def test_many_recordings_of_one_operation_are_one_look_and_a_recorded_path_gets_its_own_answer(tmp_path: Path):
    import uuid

    ids = [str(uuid.UUID(int=i + 1)) for i in range(3000)]
    lines = [orjson.dumps({
        "v": 1, "kind": "exchange", "id": str(i), "ts": "2026-11-22T10:00:00.000Z", "duration_ms": 1,
        "operation": "GET /v1/orders/{order_id}",
        "request": {"method": "GET", "path": f"/v1/orders/{oid}", "query": [], "headers": [], "content_type": None,
                    "body": None, "body_text": None},
        "response": {"status": 200, "headers": [["content-type", "application/json"]],
                     "content_type": "application/json", "body": {"order_id": oid, "n": i}, "body_text": None},
        "violations": [], "redacted": []}) for i, oid in enumerate(ids)]
    (tmp_path / "rec.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    app = build_app([str(tmp_path)], [], fail)
    assert [len(b) for b in app.router.buckets.values()] == [1]
    assert _answer(app, "GET", f"/v1/orders/{ids[2500]}") == {"order_id": ids[2500], "n": 2500}
    fresh = str(uuid.uuid4())
    assert _answer(app, "GET", f"/v1/orders/{fresh}") == {"order_id": fresh, "n": 0}  # echoed into the first
