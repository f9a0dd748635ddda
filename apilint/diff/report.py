"""A diff result as the output layer's neutral report (changes ordered most serious first, operation-level
changes first within a level), filtered to what the user asked to see."""

from __future__ import annotations

from apilint.diff.change import LEVEL_RANK, Change
from apilint.diff.kinds import KINDS, OTHER
from apilint.diff.result import DiffResult
from apilint.errors import InputError
from apilint.report.model import Item, Kind, Location, Report, Target

FORMATS = ("text", "json", "markdown", "github", "sarif")
SHOWS_ACCEPTED = ("json", "sarif")  # the formats that mark accepted changes instead of hiding them

_NAMED = 5  # kinds of hidden accepted changes named in their count line
_SCHEMA_SCOPES = ("request-body-", "request-property-", "response-body-", "response-property-")
_OPERATION_KINDS = frozenset(k.id for k in OTHER)


def operation_level(change_id: str) -> bool:
    """True for a change to an operation itself (removed, a parameter, a status code, security, an rpc), False
    for one inside a schema it sends or receives (which may be shared by many operations)."""
    if KINDS[change_id].format == "proto":
        return change_id.startswith(("RPC_", "SERVICE_", "PACKAGE_SERVICE_"))
    return change_id in _OPERATION_KINDS or not change_id.startswith(_SCHEMA_SCOPES)


def _ordered(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (-LEVEL_RANK[c.level], not c.counts, c.operation or c.element or "", c.id))


def _summary(result: DiffResult) -> str:
    if not result.changes:
        return "no changes"
    counts = {level: sum(1 for c in result.changes if c.level == level and c.counts) for level in LEVEL_RANK}
    accepted = sum(1 for c in result.changes if not c.counts)
    return (f"{counts['breaking']} breaking, {counts['warning']} warning, {counts['info']} info change(s)"
            + (f"; {accepted} accepted by policy or ignore" if accepted else ""))


def _item(change: Change) -> Item:
    loc = change.location
    location = Location(loc.file, loc.line or 0, loc.column or 0, loc.pointer) if loc is not None else None
    return Item(kind=change.id, level=change.level, message=change.message, location=location,
                accepted=change.allowed or "", where=change.operation or change.element or "",
                operation_level=operation_level(change.id),
                affected=tuple(change.extra.get("affected_operations", ())))


def _kind(change_id: str) -> Kind:
    kind = KINDS[change_id]
    return Kind(change_id, kind.title, kind.level, (f"anti-pattern-{kind.section}", "breaking-change"))


def diff_report(result: DiffResult, level: str = "info", show_accepted: bool = True) -> Report:
    """The report of the changes at ``level`` or above; accepted ones left out unless ``show_accepted``
    (a note counts what was left out). The summary always counts every change."""
    at_level = [c for c in result.changes if LEVEL_RANK[c.level] >= LEVEL_RANK[level]]
    shown = _ordered([c for c in at_level if show_accepted or c.counts])
    notes = list(result.notes)
    hidden = [c for c in at_level if not (show_accepted or c.counts)]
    if hidden:
        kinds = sorted({c.id for c in hidden})
        named = ", ".join(kinds[:_NAMED]) + (", …" if len(kinds) > _NAMED else "")
        notes.append(f"{len(hidden)} accepted, not shown: --show-accepted ({named})")
    below = len(result.changes) - len(at_level)
    if below:
        notes.append(f"{below} below --level {level}, not shown")
    document = {"breaking": result.breaking, "format": result.format, "changes": [c.as_dict() for c in shown]}
    if result.notes:
        document["notes"] = list(result.notes)
    return Report(shape="changes", tool="diff", summary=_summary(result), document=document,
                  items=[_item(c) for c in shown], kinds={c.id: _kind(c.id) for c in shown}, notes=notes)


def error_report(error: InputError) -> Report:
    """A comparison that could not run because an input could not be read: every format shows the error."""
    where = Location(error.file, error.line or 0, error.column or 0) if error.file else None
    return Report(shape="changes", tool="diff", summary="not compared: 1 input could not be read",
                  document={"changes": [], "errors": [str(error)]},
                  targets=[Target(error.file or "", str(error), error_at=where)])
