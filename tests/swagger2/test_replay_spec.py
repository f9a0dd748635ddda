"""Replay's (and fuzz's live checks') ``--spec`` reads a Swagger 2.0 spec through its 3.0 conversion."""

from __future__ import annotations

from apilint.replay.model import Received
from apilint.replay.spec import SpecCheck
from tests.swagger2.specs import ORDERS_V2


def test_replayed_responses_are_checked_against_a_2_0_spec(tmp_path):
    spec = tmp_path / "orders-v2.yaml"
    spec.write_text(ORDERS_V2)
    check = SpecCheck(str(spec))

    def received(body: object, status: int = 200) -> Received:
        return Received(status, "application/json", {}, body, None)

    assert check.check("GET", "/orders/7", received({"order_id": "7", "status": "PENDING",
                                                     "customer_email": None})) == []  # x-nullable
    lost = check.check("GET", "/orders/7", received({"order_id": "7", "status": "LOST"}))
    assert [(d.kind, d.where) for d in lost] == [("spec_violation", "body.status")]
    assert [d.kind for d in check.check("GET", "/orders/7", received({}, 500))] == ["status_undeclared"]
