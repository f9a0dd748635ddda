"""Behaviour of resource-roots-scattered."""

from ._lint import HEAD, findings, op


def test_compound_first_class_resources_are_not_scattered(tmp_path):
    # Stripe /v1/subscription_items, Asana /project_memberships: designed top-level resources.
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"list{i}") for i, p in enumerate(
        ["/v1/subscriptions", "/v1/subscription_items", "/v1/projects", "/v1/project_memberships"]))
    assert findings(tmp_path, spec, "resource-roots-scattered") == []


def test_history_variant_root_flagged(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/orders", op_id="listOrders") + op("/v1/order-history", op_id="listHistory")
    assert len(findings(tmp_path, spec, "resource-roots-scattered")) == 1
