"""A gRPC outcome against what was expected: status codes, and proto3 JSON's left-out default values read with
the message's descriptor (a field gone vs a list now empty vs a literal that is the default)."""

from __future__ import annotations

import pytest

from apilint.grpc.descriptors import Services
from apilint.replay.compare import Comparison
from apilint.replay.grpc_compare import compare_call
from apilint.replay.model import Expected
from tests.grpc.service import SERVICE, services

ORDER = {"order_id": "1001", "sku": "BOOK-1", "quantity": 1, "state": "PLACED", "total_cents": "1250"}


@pytest.fixture(scope="module")
def svc() -> Services:
    return services()


def _compare(svc, rpc: str, body, got, code: int = 0, want_code: int = 0, contract: bool = True,
             message=None, got_message=None):
    comparison = Comparison(contract, {}, {})
    expected = Expected(200, None, {}, body, None, grpc={"code": want_code, "message": message, "details": None})
    compare_call(comparison, svc.method(SERVICE + rpc), expected, code, got_message, [], got)
    return {(d.kind, d.where, d.severity): d for d in comparison.differences}


def test_a_field_left_out_is_gone_unless_the_literal_is_its_default(svc):
    got = {k: v for k, v in ORDER.items() if k != "total_cents"}
    [(key, difference)] = _compare(svc, "GetOrder", ORDER, got).items()
    assert key == ("field_removed", "body.total_cents", "breaking")
    assert "proto3 JSON leaves out a field that holds its default '0'" in difference.message
    assert _compare(svc, "GetOrder", {**ORDER, "total_cents": "0", "state": "STATE_UNSPECIFIED"},
                    {k: v for k, v in got.items() if k != "state"}) == {}


def test_a_field_the_protos_do_not_declare_and_a_message_no_longer_set(svc):
    found = _compare(svc, "GetOrder", {**ORDER, "colour": "red", "create_time": "{{iso_timestamp}}"}, ORDER)
    assert found[("field_removed", "body.colour", "breaking")].message == \
        "field removed: the protos no longer declare it"
    assert found[("field_removed", "body.create_time", "breaking")].message == "field no longer set"


def test_an_empty_list_is_a_count_changed_and_streams_compare_in_order(svc):
    found = _compare(svc, "ListOrders", {"orders": [ORDER], "next_page_token": "1"}, {"next_page_token": "1"})
    assert set(found) == {("array_length", "body.orders", "warning")}
    events = [{"order_id": "1001", "state": "PLACED"}, {"order_id": "1001", "state": "SHIPPED"}]
    found = _compare(svc, "WatchOrder", events, [events[1]])
    assert set(found) == {("array_length", "body", "warning"), ("value_changed", "body[0].state", "breaking")}


def test_status_codes(svc):
    found = _compare(svc, "GetOrder", None, None, code=3, want_code=5, message="{{non_empty_string}}",
                     got_message="bad order id 9")
    assert set(found) == {("status_changed", "grpc.code", "breaking")}
    assert (found[("status_changed", "grpc.code", "breaking")].expected,
            found[("status_changed", "grpc.code", "breaking")].actual) == ("NOT_FOUND", "INVALID_ARGUMENT")
    found = _compare(svc, "GetOrder", ORDER, None, code=12)
    assert set(found) == {("rpc_missing", "grpc.code", "breaking")}  # UNIMPLEMENTED: the body is not compared
    found = _compare(svc, "GetOrder", ORDER, None, code=5)
    assert set(found) == {("status_changed", "grpc.code", "breaking")}  # OK -> an error: no body to compare
    found = _compare(svc, "GetOrder", None, None, code=5, want_code=5, contract=False,
                     message="order 9 not found", got_message="no order 9")
    assert set(found) == {("value_changed", "grpc.message", "warning")}  # messages are text for people
