"""A diff result as the output layer's neutral report (changes ordered most serious first)."""

from __future__ import annotations

from apilint.diff.change import LEVEL_RANK, Change
from apilint.diff.engine import DiffResult
from apilint.diff.kinds import KINDS
from apilint.errors import InputError
from apilint.report.model import Item, Kind, Location, Report, Target

FORMATS = ("text", "json", "markdown", "github", "sarif")


def _ordered(result: DiffResult) -> list[Change]:
    return sorted(result.changes, key=lambda c: (-LEVEL_RANK[c.level], not c.counts, c.operation or c.element or "",
                                                 c.id))


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
                accepted=change.allowed or "", where=change.operation or change.element or "")


def _kind(change_id: str) -> Kind:
    kind = KINDS[change_id]
    return Kind(change_id, kind.title, kind.level, (f"anti-pattern-{kind.section}", "breaking-change"))


def diff_report(result: DiffResult) -> Report:
    ordered = _ordered(result)
    document = {"breaking": result.breaking, "format": result.format, "changes": [c.as_dict() for c in ordered]}
    return Report(shape="changes", tool="diff", summary=_summary(result), document=document,
                  items=[_item(c) for c in ordered], kinds={c.id: _kind(c.id) for c in ordered})


def error_report(error: InputError) -> Report:
    """A comparison that could not run because an input could not be read: every format shows the error."""
    where = Location(error.file, error.line or 0, error.column or 0) if error.file else None
    return Report(shape="changes", tool="diff", summary="not compared: 1 input could not be read",
                  document={"changes": [], "errors": [str(error)]},
                  targets=[Target(error.file or "", str(error), error_at=where)])
