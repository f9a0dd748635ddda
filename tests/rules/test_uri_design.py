from ._lint import HEAD, findings, op


def test_singular_and_plural_roots_are_not_near_duplicates(tmp_path):
    # GitHub /user (the caller) vs /users, Stripe /v1/account vs /v1/accounts.
    spec = HEAD + "paths:\n" + op("/user", op_id="getAuthenticated") + op("/users", op_id="listUsers")
    assert findings(tmp_path, spec, "endpoint-near-duplicate") == []


def test_spelling_variants_are_near_duplicates(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/order_items", op_id="listA") + op("/v1/orderItems", op_id="listB")
    assert len(findings(tmp_path, spec, "endpoint-near-duplicate")) == 1


def test_compound_first_class_resources_are_not_scattered(tmp_path):
    # Stripe /v1/subscription_items, Asana /project_memberships: designed top-level resources.
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"list{i}") for i, p in enumerate(
        ["/v1/subscriptions", "/v1/subscription_items", "/v1/projects", "/v1/project_memberships"]))
    assert findings(tmp_path, spec, "resource-roots-scattered") == []


def test_history_variant_root_flagged(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/orders", op_id="listOrders") + op("/v1/order-history", op_id="listHistory")
    assert len(findings(tmp_path, spec, "resource-roots-scattered")) == 1


def test_id_in_query_only_for_single_resource(tmp_path):
    params = "      parameters:\n        - {name: %s, in: query, required: true, schema: {type: string}}\n"
    spec = HEAD + "paths:\n" + op("/v1/getUser", op_id="getUser", extra=params % "id") + op(
        "/v1/orders", "delete", "deleteOrders", params % "customer_id")
    found = findings(tmp_path, spec, "id-in-query")
    assert [f.message.split(" ")[1] for f in found] == ["/v1/getUser"]
