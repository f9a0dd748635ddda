"""The gRPC proxy's parts without processes: the h2c preface test, streaming taps, message schemas with PGV
bounds, the validator (bounds, REQUIRED, unknown fields, 64-bit integers, the NOT_FOUND/INVALID_ARGUMENT mix)."""

from __future__ import annotations

import pytest

from apilint.grpc.descriptors import Services
from apilint.grpc.schema import message_schema
from apilint.grpc.status import INVALID_ARGUMENT, NOT_FOUND, OK
from apilint.proxy.grpc_capture import PREFACE, Tap, starts_like_h2c
from apilint.proxy.grpc_validation import GrpcValidator, native
from tests.grpc.service import SERVICE, services


@pytest.fixture(scope="module")
def svc() -> Services:
    return services()


def test_the_http2_preface_is_told_from_http1_in_four_bytes():
    assert starts_like_h2c(PREFACE + b"\x00\x00") and starts_like_h2c(PREFACE[:4])
    assert not starts_like_h2c(b"PRI") and not starts_like_h2c(b"POST / HTTP/1.1\r\n")
    assert not starts_like_h2c(b"PRI * HTTP/1.1\r\n")


def test_a_tap_passes_chunks_on_and_keeps_a_bounded_copy():
    tap = Tap(limit=5)
    assert tap(b"abc") == b"abc" and tap(b"") == b"" and tap.body() == b"abc"
    assert tap(b"defg") == b"defg" and tap.body() == 7 and tap.chunks == []


def test_a_message_schema_has_pgv_bounds_required_fields_and_nested_messages(svc):
    schema = message_schema(svc.pool.FindMessageTypeByName("shop.orders.v1.CreateOrderRequest"))
    assert schema["required"] == ["order"]
    order = schema["properties"]["order"]
    assert {k: order["properties"]["quantity"][k] for k in ("type", "minimum", "maximum")} == {
        "type": "integer", "minimum": 1, "maximum": 100}
    assert order["properties"]["create_time"]["format"] == "date-time"
    assert set(order["required"]) == {"customer_email", "sku", "quantity"}
    order_id = message_schema(svc.pool.FindMessageTypeByName("shop.orders.v1.GetOrderRequest"))["properties"]["order_id"]
    assert (order_id["minLength"], order_id["maxLength"]) == (1, 64)


def test_requests_are_checked_against_bounds_required_and_unknown_fields(svc):
    validator = GrpcValidator(svc)
    create = svc.method(SERVICE + "CreateOrder")
    message = create.request()
    message.order.customer_email, message.order.sku, message.order.quantity = "not-an-email", "X" * 40, 3
    raw = message.SerializeToString() + b"\x38\x07"  # field 7 (varint 7): not in CreateOrderRequest
    parsed = create.request.FromString(raw)
    found = {(v["field"], v["kind"], v["message"]) for v in validator.request(create, [parsed])}
    assert found == {("body.order.customer_email", "schema", 'format "email"'),
                     ("body.order.sku", "schema", "maxLength 32"),
                     ("body.#7", "unknown_field", "field number not declared in the protos")}
    assert validator.request(svc.method(SERVICE + "GetOrder"), [svc.method(SERVICE + "GetOrder").request()]) == [
        {"side": "request", "kind": "schema", "field": "body.order_id", "message": "required field is missing"}]


def test_64_bit_integers_are_numbers_for_the_schema(svc):
    order = svc.message_class("shop.orders.v1.Order")(total_cents=12345678901)
    assert native(order)["total_cents"] == 12345678901


def test_not_found_and_invalid_argument_for_requests_of_one_shape_is_a_violation(svc):
    validator = GrpcValidator(svc)
    get = svc.method(SERVICE + "GetOrder")
    one, two = get.request(order_id="1"), get.request(order_id="2")
    assert validator.response(get, [one], [], NOT_FOUND, True) == []
    assert validator.response(get, [two], [], OK, True) == []
    assert validator.response(get, [two], [], INVALID_ARGUMENT, False) == []  # the request broke the rules
    mixed = validator.response(get, [two], [], INVALID_ARGUMENT, True)
    assert [(v["side"], v["kind"], v["field"]) for v in mixed] == [("response", "status_convention", "grpc.status")]


def test_valid_messages_take_the_rust_pre_check_and_invalid_ones_are_explained_in_python(svc):
    validator = GrpcValidator(svc)
    create = svc.method(SERVICE + "CreateOrder")
    message = create.request()
    message.order.customer_email, message.order.sku, message.order.quantity = "a@example.com", "X", 2
    assert validator.request(create, [message]) == []
    assert validator._validator(create.input.full_name)[1] is not None
    message.order.customer_email = "no-at-sign"  # jsonschema's own email check, called from Rust
    assert [v["field"] for v in validator.request(create, [message])] == ["body.order.customer_email"]
