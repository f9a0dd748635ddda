"""Shared by proto-enum-value-prefix, proto-enum-zero-unspecified."""

from __future__ import annotations

from apilint.model.query import words

_ENUM = """syntax = "proto3";
package shop.v1;
// The lifecycle of an order.
enum OrderState {{
{values}
}}
"""


def upper_snake(name: str) -> str:
    """``OrderState`` -> ``ORDER_STATE``."""
    return "_".join(w.upper() for w in words(name))
