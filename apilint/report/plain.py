"""Plain-text phrases of an item that several formats show alike (text, markdown, junit), and the one
sanitiser every human-readable format passes producer text through."""

from __future__ import annotations

import re
from dataclasses import replace

from apilint.report.model import LEVEL_RANK, Case, Item, Location, Report, Target

# C0 controls but tab and newline (each format shows or encodes line breaks its own way), DEL, C1 (with CSI
# \x9b), and the code points no output can carry (lone surrogates cannot be encoded; U+FFFE/U+FFFF are not XML).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` as it may be shown to a person: control characters written as ``\\xNN`` escapes, so a spec's
    names and prose cannot move a terminal's cursor, set its title or break an XML document."""
    return _UNSAFE.sub(_escape, text)


def _location(loc: Location | None) -> Location | None:
    return loc and replace(loc, file=printable(loc.file), pointer=printable(loc.pointer))


def _item(item: Item) -> Item:
    return replace(item, kind=printable(item.kind), message=printable(item.message),
                   location=_location(item.location), hint=printable(item.hint),
                   accepted=printable(item.accepted), where=printable(item.where),
                   detail=printable(item.detail), affected=tuple(printable(a) for a in item.affected))


def _case(case: Case) -> Case:
    return replace(case, name=printable(case.name), source=printable(case.source), group=printable(case.group),
                   reproduce=printable(case.reproduce), items=tuple(_item(i) for i in case.items))


def _target(target: Target) -> Target:
    return replace(target, name=printable(target.name), error=printable(target.error),
                   error_at=_location(target.error_at))


def printable_report(report: Report) -> Report:
    """The report with every text a producer put in it made :func:`printable` (the JSON document aside):
    what the human-readable writers render."""
    return replace(report, summary=printable(report.summary), items=[_item(i) for i in report.items],
                   cases=[_case(c) for c in report.cases], targets=[_target(t) for t in report.targets],
                   notes=[printable(n) for n in report.notes])


def sort_key(item: Item) -> tuple[str, int, int, str]:
    loc = item.location
    return (loc.file, loc.line, loc.column, item.kind) if loc else ("", 0, 0, item.kind)


def difference(item: Item) -> str:
    """A difference a case found, as one line (text, markdown and junit show it alike)."""
    return f"{item.where}: {item.message} [{item.kind}]{item.detail}"


def changes_first(items: list[Item]) -> list[Item]:
    """Changes most serious first, and within a level the operation-level ones (an operation removed, a
    parameter now required) before those inside schemas; otherwise the producer's order."""
    return sorted(items, key=lambda i: (-LEVEL_RANK[i.level], not i.operation_level))


def affects(item: Item) -> str:
    """`` (affects N operations)`` for a change at a shared definition, else nothing."""
    return f" (affects {len(item.affected)} operation{'s' if len(item.affected) != 1 else ''})" if item.affected else ""


def position(item: Item) -> str:
    loc = item.location
    if loc is None or not loc.file:
        return ""
    return f"{loc.file}:{loc.line}:{loc.column}" if loc.line else loc.file
