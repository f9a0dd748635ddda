"""The coverage section: which documented operations traffic exercised, with which statuses, and which
documented parameters and fields it never sent or received."""

from __future__ import annotations

from typing import Any

from apilint.model.core import Operation, Schema
from apilint.traffic.aggregate import Aggregate, OperationStats
from apilint.traffic.spec import tag_of


def _fields(schemas: list[Schema]) -> list[str]:
    """The dotted property paths of schemas (``items[].quantity``), each schema walked once."""
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for schema in schemas:
        for path, _ in schema.walk(seen):
            if path and not path.endswith("[]") and path not in out:
                out.append(path)
    return out


def _status_covered(documented: str, seen: dict[str, int]) -> bool:
    if documented in seen:
        return True
    if documented[1:].upper() == "XX":
        return any(s[:1] == documented[:1] for s in seen)
    if documented == "default":
        return bool(seen)
    return False


def _operation(agg: Aggregate, op: Operation, stats: OperationStats | None) -> dict[str, Any]:
    label = agg.spec.label(op)
    stats = stats or OperationStats()
    documented = [] if agg.spec.is_proto else sorted(op.responses)
    out: dict[str, Any] = {
        "operation": label, "operation_id": op.operation_id, "tag": tag_of(op), "calls": stats.calls.count,
        "first_seen": stats.calls.first or None, "last_seen": stats.calls.last or None,
        "statuses_seen": dict(sorted(stats.statuses.items())),
        "statuses_documented": documented,
        "statuses_never_seen": [s for s in documented if not _status_covered(s, stats.statuses)],
    }
    if agg.spec.is_proto:
        return out
    out["parameters_never_seen"] = [f"{p.location} {p.name}" for p in op.parameters
                                    if (p.location, p.name.lower()) not in stats.parameters]
    request = [op.request.schema] if op.request is not None and op.request.schema is not None else []
    responses = [r.body.schema for r in op.responses.values() if r.body is not None and r.body.schema is not None]
    out["request_fields_never_seen"] = [f for f in _fields(request) if f not in stats.fields["request"]]
    out["response_fields_never_seen"] = [f for f in _fields(responses) if f not in stats.fields["response"]]
    return out


def coverage(agg: Aggregate) -> dict[str, Any]:
    operations = [_operation(agg, op, agg.operations.get(agg.spec.label(op))) for op in agg.spec.operations()]
    tags: dict[str, dict[str, Any]] = {}
    for entry in operations:
        tag = tags.setdefault(entry["tag"], {"tag": entry["tag"], "documented": 0, "exercised": 0, "calls": 0})
        tag["documented"] += 1
        tag["exercised"] += 1 if entry["calls"] else 0
        tag["calls"] += entry["calls"]
    exercised = sum(1 for e in operations if e["calls"])
    return {
        "protocol": "grpc" if agg.spec.is_proto else "http",
        "documented": len(operations), "exercised": exercised,
        "percent": round(100.0 * exercised / len(operations), 1) if operations else 0.0,
        "calls": sum(e["calls"] for e in operations),
        "tags": sorted(tags.values(), key=lambda t: t["tag"]),
        "operations": operations,
    }
