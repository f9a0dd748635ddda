"""Shared by id-name-misuse, state-free-string, timestamp-untyped."""

from __future__ import annotations

from typing import Any

from apilint.rules._examples import GET_ORDER, ORDER, spec
from apilint.rules._inventory import Prop

SPEC = spec(GET_ORDER, ORDER + "      {field}\n")


def _type(data: dict[str, Any]) -> str | None:
    kind = data.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def by_name(props: list[Prop]) -> dict[str, list[Prop]]:
    grouped: dict[str, list[Prop]] = {}
    for prop in props:
        grouped.setdefault(prop.name, []).append(prop)
    return grouped
