"""Shared by input-unbounded, validation-inconsistent."""

from __future__ import annotations

from apilint.model.core import Api, Loc, Operation, Schema
from apilint.rules._inventory import request_roots

NUMBERS = ("integer", "number")


def request_fields(api: Api) -> list[tuple[Operation, str, Loc, str, Schema]]:
    """(operation, root description, root loc, field path, schema) for every request value, each schema once."""
    cached = getattr(api, "_apilint_request_fields", None)
    if cached is not None:
        return cached
    seen: set[tuple[str, str]] = set()
    fields = []
    for op, what, root in request_roots(api):
        loc = root.loc
        if what.startswith("parameter"):
            param = next((p for p in op.parameters if p.schema is root), None)
            name = param.name if param else what
            loc = param.loc if param else loc
            if root.key in seen:
                continue
            seen.add(root.key)
            fields.append((op, what, loc, name, root))
            continue
        for path, schema in root.walk(seen):
            fields.append((op, what, loc, path, schema))
    api._apilint_request_fields = fields  # type: ignore[attr-defined]
    return fields
