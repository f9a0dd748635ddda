"""A pact's request generators other than ProviderState make fresh values where they say, as Pact verifiers do;
a generator apilint does not make keeps the example and is counted in the report's notes."""

from __future__ import annotations

import json
import re
from random import Random

import pytest

from apilint.pact.make import CannotMake, can_make, make
from apilint.replay.generated import apply_fresh, unmade
from apilint.replay.model import Expected, Interaction
from tests.conftest import run_cli
from tests.pact.pacts import ORDER, write
from tests.replay.service import service

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def interaction(generators):
    return Interaction("k", "n", "s", "POST", "/v1/orders/o-1", [("page", "1"), ("other", "x")],
                       [("x-order", "o-1")], {"order": {"id": "o-1", "lines": [{"sku": "a"}, {"sku": "b"}]}}, None,
                       Expected(200, None, {}, None, None), True, generators={"request": generators})


@pytest.mark.parametrize(("generator", "shape"), [
    ({"type": "Uuid"}, UUID.pattern),
    ({"type": "Uuid", "format": "simple"}, r"[0-9a-f]{32}"),
    ({"type": "Uuid", "format": "upper-case-hyphenated"}, r"[0-9A-F-]{36}"),
    ({"type": "RandomString", "size": 7}, r"[A-Za-z0-9]{7}"),
    ({"type": "RandomHexadecimal", "digits": 12}, r"[0-9a-f]{12}"),
    ({"type": "Date"}, r"\d{4}-\d{2}-\d{2}"),
    ({"type": "Date", "format": "dd/MM/yyyy"}, r"\d{2}/\d{2}/\d{4}"),
    ({"type": "Time"}, r"\d{2}:\d{2}:\d{2}"),
    ({"type": "DateTime"}, r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"),
    ({"type": "Regex", "regex": r"ORD-\d{4}-(A|B)[a-z]+"}, r"ORD-\d{4}-(A|B)[a-z]+"),
    ({"type": "Regex", "regex": r"^[A-Z]{2}\w?$"}, r"[A-Z]{2}\w?"),
], ids=lambda v: v.get("type", "") + str(v.get("format") or v.get("regex") or "") if isinstance(v, dict) else "")
def test_each_generator_makes_a_value_of_its_shape(generator, shape):
    rng = Random(7)
    values = {make(generator, rng) for _ in range(20)}
    assert all(re.fullmatch(shape, v) for v in values), values
    assert len(values) > 1 or generator["type"] in ("Date", "Time", "DateTime")


def test_numbers_and_booleans_keep_their_json_type():
    rng = Random(1)
    ints = [make({"type": "RandomInt", "min": 5, "max": 9}, rng) for _ in range(30)]
    assert all(isinstance(v, int) and 5 <= v <= 9 for v in ints)
    assert all(isinstance(make({"type": "RandomDecimal", "digits": 6}, rng), float) for _ in range(10))
    assert {make({"type": "RandomBoolean"}, rng) for _ in range(30)} == {True, False}


@pytest.mark.parametrize("generator", [
    {"type": "MockServerURL", "regex": ".*", "example": "http://x"},
    {"type": "Regex", "regex": r"(a)\1"},         # a backreference
    {"type": "Regex", "regex": r"[^a-z]+"},       # a negated class
    {"type": "Regex", "regex": r"(?=x)x"},        # a lookahead
    {"type": "RandomInt", "min": 9, "max": 1},
])
def test_what_apilint_does_not_make_is_refused_never_a_crash(generator):
    with pytest.raises(CannotMake):
        make(generator, Random())
    if generator["type"] != "RandomInt":
        assert not can_make(generator)


def test_path_query_header_and_body_get_fresh_values_wildcards_too():
    it = interaction({"path": {"type": "Regex", "regex": r"/v1/orders/o-\d{3}"},
                      "query": {"page": {"type": "RandomInt", "min": 2, "max": 2}},
                      "header": {"X-Order": {"type": "Uuid"}},
                      "body": {"$.order.id": {"type": "Uuid"}, "$.order.lines[*].sku": {"type": "RandomBoolean"},
                               "$.nowhere.x": {"type": "Uuid"}}})
    done = apply_fresh(it, Random(3))
    assert re.fullmatch(r"/v1/orders/o-\d{3}", done.path)
    assert done.query == [("page", "2"), ("other", "x")]
    assert done.headers[0][0] == "x-order" and UUID.match(done.headers[0][1])
    assert UUID.match(done.body["order"]["id"])
    assert [type(line["sku"]) for line in done.body["order"]["lines"]] == [bool, bool]
    assert "nowhere" not in done.body
    assert it.body["order"]["id"] == "o-1" and it.path == "/v1/orders/o-1"  # the loaded interaction is not changed


def test_provider_state_and_unmade_generators_keep_the_example_and_are_counted():
    it = interaction({"path": {"type": "ProviderState", "expression": "/v1/orders/${id}"},
                      "body": {"$.order.id": {"type": "MockServerURL", "regex": ".*", "example": "x"},
                               "$.order.lines[0].sku": {"type": "Regex", "regex": r"(a)\1"}}})
    assert apply_fresh(it, Random()) is it
    assert unmade([it, it]) == {"MockServerURL": 2, "Regex": 2}


def _pact(generators):
    return {
        "consumer": {"name": "shop-web"}, "provider": {"name": "orders"},
        "interactions": [{
            "description": "create an order for a generated customer",
            "request": {"method": "POST", "path": "/v1/orders", "headers": {"Content-Type": "application/json"},
                        "body": ORDER, "generators": {"body": generators}},
            "response": {
                "status": 201, "headers": {"Content-Type": "application/json"},
                "body": {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]},
                "matchingRules": {"body": {
                    "$.customer_id": {"matchers": [{"match": "regex", "regex": "cust-[0-9]{6}"}]},
                    "$.items[*].product_id": {"matchers": [{"match": "regex", "regex": "[0-9a-f-]{36}"}]}}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}}


def test_a_pact_replayed_sends_generated_values_and_notes_the_ones_it_cannot_make(tmp_path):
    write(tmp_path / "pacts", "web-orders.json", _pact({
        "$.customer_id": {"type": "Regex", "regex": "cust-[0-9]{6}"},
        "$.items[*].product_id": {"type": "Uuid"},
        "$.note": {"type": "MockServerURL", "regex": ".*", "example": "http://x"}}))
    with service("v1") as url:
        proc = run_cli("replay", str(tmp_path / "pacts"), "--target", url, "--format", "json")
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the service echoed the generated values
    assert [r["outcome"] for r in data["results"]] == ["pass"]
    assert any("1 request generator(s) apilint does not make (MockServerURL x1)" in n for n in data["skipped"])
