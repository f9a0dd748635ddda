"""Behaviour of endpoint-near-duplicate."""

from ._lint import HEAD, findings, op


def test_singular_and_plural_roots_are_not_near_duplicates(tmp_path):
    # GitHub /user (the caller) vs /users, Stripe /v1/account vs /v1/accounts.
    spec = HEAD + "paths:\n" + op("/user", op_id="getAuthenticated") + op("/users", op_id="listUsers")
    assert findings(tmp_path, spec, "endpoint-near-duplicate") == []


def test_spelling_variants_are_near_duplicates(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/order_items", op_id="listA") + op("/v1/orderItems", op_id="listB")
    assert len(findings(tmp_path, spec, "endpoint-near-duplicate")) == 1
