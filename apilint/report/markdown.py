"""Markdown for a pull-request comment or a job summary: a heading, the summary, then the findings as a table
(most severe first), the changes as lists by level, or the cases that did not pass as a table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from apilint.report.model import LEVEL_RANK, Report, groups
from apilint.report.plain import affects, changes_first, difference, position, printable, printable_report, sort_key

LIMIT = 60_000  # characters of markdown: under a PR comment's 65,536 with room to spare
_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵", "hint": "⚪"}
_NAMED_OPERATIONS = 5  # operations a shared change names before "and N more" (the JSON lists them all)
_CHANGE_SECTIONS = (("breaking", "### 🔴 Breaking changes"), ("warning", "### 🟠 Changes that may break clients"),
                    ("info", "### 🔵 Other changes"))


def cell(text: Any) -> str:
    """Text that stays inside one table cell or list item (control characters escaped)."""
    return printable(str(text if text is not None else "").replace("|", "\\|").replace("\n", " "))


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A table's lines; the cells come ready (escaped with :func:`cell` where they hold free text)."""
    header = list(header)
    return ["|" + "|".join(f" {h} " if h else " " for h in header) + "|", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


def _unreadable(report: Report) -> list[str]:
    if not report.unreadable:
        return []
    return ["**Inputs that could not be read:**", "", *(f"- `{cell(t.error)}`" for t in report.unreadable), ""]


def _findings(report: Report) -> list[str]:
    items = sorted(report.items, key=lambda i: (-LEVEL_RANK[i.level], sort_key(i)))
    lines = ["## apilint check", "", report.summary, "", *_unreadable(report)]
    if items:
        lines += table(("", "Rule", "Location", "Message"),
                       ((f"{_ICONS[i.level]} {i.level}", f"`{i.kind}`", f"`{cell(i.location.file)}:{i.location.line}`",
                         cell(i.message)) for i in items))
    return [*lines, ""]


def _changes(report: Report) -> list[str]:
    lines = ["## API changes", "", report.summary if report.items or report.unreadable else "No changes.", "",
             *_unreadable(report)]
    counted = changes_first([i for i in report.items if not i.accepted])
    for level, title in _CHANGE_SECTIONS:
        group = [i for i in counted if i.level == level]
        if group:
            lines += [title, ""]
            for i in group:
                lines.append(f"- {cell(i.message)}{affects(i)} (`{i.kind}`"
                             f"{', ' + cell(position(i)) if position(i) else ''})")
                lines += _reaches(i.affected)
            lines.append("")
    accepted = [i for i in report.items if i.accepted]
    if accepted:
        lines += ["### ✅ Accepted", ""]
        lines += [f"- {cell(i.message)} (`{i.kind}`: {cell(i.accepted)})" for i in accepted]
        lines.append("")
    if report.notes:
        lines += [*(f"_{cell(note)}_" for note in report.notes), ""]
    return bounded(lines)


def _reaches(operations: tuple[str, ...]) -> list[str]:
    """The operations a shared change reaches, as a continuation of its list item: the first few named."""
    if not operations:
        return []
    named = ", ".join(f"`{cell(op)}`" for op in operations[:_NAMED_OPERATIONS])
    rest = len(operations) - _NAMED_OPERATIONS
    return [f"  {named}{f' and {rest} more' if rest > 0 else ''}"]


def bounded(lines: list[str], limit: int = LIMIT, more: str = "… {n} more, see the JSON artifact") -> list[str]:
    """``lines`` cut to at most ``limit`` characters when joined (a PR comment holds 65,536; GitHub's job
    summary 1 MiB): the list items and table rows left out are counted in a last line, ``more``."""
    if len("\n".join(lines)) <= limit:
        return lines
    room = limit - len(more) - 40  # the count line and the blank line before it
    kept: list[str] = []
    for index, line in enumerate(lines):
        if room - len(line) - 1 < 0:
            left = sum(1 for rest in lines[index:] if rest.startswith(("- ", "| ")))
            return [*kept, "", more.format(n=left), ""]
        room -= len(line) + 1
        kept.append(line)
    return lines


def _cases(report: Report) -> list[str]:
    breaking = any(c.outcome == "breaking" for c in report.cases)
    head = "Breaking changes found" if breaking else "No breaking changes"
    outcomes = [c.outcome for c in report.cases]
    lines = [f"## apilint {report.tool}: {head}", "",
             f"{len(outcomes)} checked · {outcomes.count('pass')} passed · {outcomes.count('warning')} warnings · "
             f"{outcomes.count('breaking')} breaking", ""]
    failed = [c for c in report.cases if c.outcome != "pass"]
    if failed:
        lines += table(("outcome", "request", "where", "difference"),
                       ((i.level, f"`{case.name}`", f"`{i.where}`", difference(i).replace("|", "\\|"))
                        for case in failed for i in case.items))  # that cell keeps its line breaks, as it always has
    for group, cases in groups(report.cases).items():
        lines += ["", f"### Pact {cell(group)}", ""]
        lines += table(("interaction", "verdict", "mismatch"),
                       ((f"`{cell(case.name)}`", "✅ pass" if case.outcome == "pass" else f"❌ {case.outcome}",
                         "<br>".join(cell(difference(i)) for i in case.items)) for case in cases))
    if failed:
        reproduce = [c.reproduce for c in failed if c.reproduce]
        if reproduce:
            lines += ["", "Reproduce:", "", "```sh", *reproduce, "```"]
    return [*lines, ""]


_LAYOUTS: dict[str, Callable[[Report], list[str]]] = {"findings": _findings, "changes": _changes, "cases": _cases}


def render(report: Report) -> str:
    return "\n".join(_LAYOUTS[report.shape](printable_report(report)))  # cell() joins lines
