"""The drift section: every place where traffic and spec disagree, with counts, first and last time seen,
the operations it was seen in, one example (records are redacted when written) and where in the spec."""

from __future__ import annotations

import json
from typing import Any

from apilint.load.pointer import join
from apilint.model.core import Loc
from apilint.traffic.aggregate import (
    ENUM_NEW,
    ENUM_UNSEEN,
    FORMAT_CONTRADICTION,
    REQUIRED_ABSENT,
    TYPE_CONTRADICTION,
    UNDOCUMENTED_ENDPOINT,
    UNDOCUMENTED_FIELD,
    UNDOCUMENTED_STATUS,
    Aggregate,
    Finding,
)

#: kind -> (title, level, why it matters, how to fix): SARIF rule descriptors and the docs read these.
KINDS: dict[str, tuple[str, str, str, str]] = {
    UNDOCUMENTED_ENDPOINT: ("Undocumented endpoint", "warning",
                            "Traffic reached an endpoint the spec does not describe (reference 7.5, 2.4).",
                            "Document it (see --patch) or stop serving it."),
    UNDOCUMENTED_STATUS: ("Undocumented status code", "warning",
                          "The service answered with a status the operation does not document.",
                          "Document the response or stop sending it."),
    UNDOCUMENTED_FIELD: ("Undocumented field", "warning",
                         "A field was sent that the schema does not list: clients come to depend on it "
                         "(Hyrum's law, reference 2.4).",
                         "Add the property to the schema, or stop sending it."),
    TYPE_CONTRADICTION: ("Type contradicts the spec", "warning",
                         "Values of a field had a type the schema does not allow.",
                         "Fix the service or the schema's type."),
    FORMAT_CONTRADICTION: ("Format contradicts the spec", "warning",
                           "String values did not have the format the schema states.",
                           "Fix the service or drop the format."),
    ENUM_NEW: ("Enum value not in the spec", "warning",
               "A value outside the schema's enum was seen.", "Add the value to the enum or stop sending it."),
    REQUIRED_ABSENT: ("Required field absent", "warning",
                      "A field the schema requires was missing.", "Always send it, or make it optional."),
    ENUM_UNSEEN: ("Enum value never seen", "info",
                  "Documented enum values that traffic never used: dead values or untested paths.",
                  "Check whether the values are still produced; remove them if not."),
}

_POINTER_SUFFIX = {UNDOCUMENTED_FIELD: "properties", TYPE_CONTRADICTION: "type", FORMAT_CONTRADICTION: "format",
                   ENUM_NEW: "enum", ENUM_UNSEEN: "enum", REQUIRED_ABSENT: "required"}


def _where(side: str, field: str) -> str:
    return f"{side} field `{field or '(body)'}`"


def message(kind: str, facts: dict[str, Any], count: int) -> str:
    calls = f"{count} time{'s' if count != 1 else ''}"
    where = _where(facts.get("side", "response"), facts.get("field", ""))
    if kind == UNDOCUMENTED_ENDPOINT:
        return f"{facts['operation']} is not in the spec (called {calls})"
    if kind == UNDOCUMENTED_STATUS:
        return f"{facts['operation']} answered {facts['status']}, which the spec does not document ({calls})"
    if kind == UNDOCUMENTED_FIELD:
        owner = f"schema {facts['schema']}" if facts.get("schema") else "the spec"
        return f"{where} is not in {owner} (seen {calls})"
    if kind == TYPE_CONTRADICTION:
        return f"{where}: the spec says {facts['expected']}, traffic sent {facts['observed']} ({calls})"
    if kind == FORMAT_CONTRADICTION:
        return f"{where}: the spec says format {facts['expected']}, traffic sent other strings ({calls})"
    if kind == ENUM_NEW:
        return f"{where} took {json.dumps(facts['value'])}, which its enum does not list ({calls})"
    if kind == REQUIRED_ABSENT:
        return f"{where} is required but was absent ({calls})"
    return f"{where}: enum values never seen: {', '.join(json.dumps(v) for v in facts['values'])}"


def _located(agg: Aggregate, kind: str, loc: Loc | None) -> dict[str, Any]:
    if loc is None:
        return {"file": None, "line": None, "column": None, "pointer": None}
    pointer = loc.pointer
    suffix = _POINTER_SUFFIX.get(kind)
    if suffix:
        pointer = join(pointer, suffix)
    line, column = agg.spec.position(Loc(loc.file, pointer))
    return {"file": loc.file, "line": line or None, "column": column or None, "pointer": pointer}


def _entry(agg: Aggregate, finding: Finding) -> dict[str, Any]:
    facts = dict(finding.facts)
    if finding.observed:
        facts["observed"] = "|".join(sorted(finding.observed))
    level = KINDS[finding.kind][1]
    entry: dict[str, Any] = {"kind": finding.kind, "level": level,
                             "message": message(finding.kind, facts, finding.seen.count),
                             **{k: v for k, v in facts.items() if k in (
                                 "operation", "status", "side", "field", "expected", "observed", "value")},
                             "count": finding.seen.count, "first_seen": finding.seen.first or None,
                             "last_seen": finding.seen.last or None, "operations": dict(finding.operations),
                             "example": finding.example}
    entry.update(_located(agg, finding.kind, finding.loc))
    return entry


def _unseen(agg: Aggregate) -> list[dict[str, Any]]:
    out = []
    for schema, field, side, seen in agg.enum_seen.values():
        values = [v for v in schema.enum or [] if v not in seen and v is not None]
        if not values:
            continue
        facts = {"field": field, "side": side, "values": values}
        entry = {"kind": ENUM_UNSEEN, "level": KINDS[ENUM_UNSEEN][1], "message": message(ENUM_UNSEEN, facts, 0),
                 "side": side, "field": field, "values": values, "count": 0, "first_seen": None, "last_seen": None,
                 "operations": {}, "example": None}
        entry.update(_located(agg, ENUM_UNSEEN, schema.loc))
        out.append(entry)
    return out


def drift(agg: Aggregate) -> list[dict[str, Any]]:
    """Every finding, most frequent first within each kind (kinds in ``KINDS`` order)."""
    order = {kind: n for n, kind in enumerate(KINDS)}
    entries = [_entry(agg, f) for f in agg.findings.values()] + _unseen(agg)
    entries.sort(key=lambda e: (order[e["kind"]], -e["count"], e.get("operation") or "", e.get("field") or "",
                                e["message"]))
    return entries
