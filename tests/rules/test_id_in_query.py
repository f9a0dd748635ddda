"""Behaviour of id-in-query."""

from ._lint import HEAD, findings, op


def test_id_in_query_only_for_single_resource(tmp_path):
    params = "      parameters:\n        - {name: %s, in: query, required: true, schema: {type: string}}\n"
    spec = HEAD + "paths:\n" + op("/v1/getUser", op_id="getUser", extra=params % "id") + op(
        "/v1/orders", "delete", "deleteOrders", params % "customer_id")
    found = findings(tmp_path, spec, "id-in-query")
    assert [f.message.split(" ")[1] for f in found] == ["/v1/getUser"]
