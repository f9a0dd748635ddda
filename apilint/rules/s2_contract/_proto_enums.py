"""Shared by proto-enum-value-prefix, proto-enum-zero-unspecified."""

from __future__ import annotations

from apilint.model.query import words
from apilint.rules._examples import proto

ENUM = proto("""
        // The lifecycle of an order.
        enum OrderState {{
        {values}
        }}
    """)


def upper_snake(name: str) -> str:
    """``OrderState`` -> ``ORDER_STATE``."""
    return "_".join(w.upper() for w in words(name))
