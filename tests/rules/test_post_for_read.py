"""Behaviour of post-for-read."""

from ._lint import HEAD, findings, op


def test_post_for_read(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/orders/list", "post", "listOrders") + op(
        "/v1/orders/search", "post", "getOrders", "      description: Uses POST because filters exceed URL limits.\n")
    found = findings(tmp_path, spec, "post-for-read")
    assert [f.message.split(" ")[1] for f in found] == ["/v1/orders/list"]
