"""Spec builders shared by the behaviour tests of several rules."""

from ._lint import HEAD, op


def _spec(props: str) -> str:
    return (HEAD + "paths:\n" + op("/v1/orders", op_id="listOrders") +
            "components:\n  schemas:\n    Order:\n      type: object\n      properties:\n" + props)
