"""Rendering a diff: text, json, markdown (a PR-comment changelog), github (annotations), sarif."""

from __future__ import annotations

import json
from collections.abc import Callable

from apilint import __version__
from apilint.diff.change import LEVEL_RANK, Change
from apilint.diff.engine import DiffResult
from apilint.diff.kinds import KINDS

FORMATS = ("text", "json", "markdown", "github", "sarif")


def _ordered(result: DiffResult) -> list[Change]:
    return sorted(result.changes, key=lambda c: (-LEVEL_RANK[c.level], not c.counts, c.operation or c.element or "",
                                                 c.id))


def _where(change: Change) -> str:
    loc = change.location
    if loc is None or not loc.file:
        return ""
    return f"{loc.file}:{loc.line}:{loc.column}" if loc.line else loc.file


def _summary(result: DiffResult) -> str:
    counts = {level: sum(1 for c in result.changes if c.level == level and c.counts) for level in LEVEL_RANK}
    accepted = sum(1 for c in result.changes if not c.counts)
    text = (f"{counts['breaking']} breaking, {counts['warning']} warning, {counts['info']} info change(s)"
            + (f"; {accepted} accepted by policy or ignore" if accepted else ""))
    return text


def render_text(result: DiffResult) -> str:
    lines = []
    for change in _ordered(result):
        where = _where(change)
        accepted = f" [accepted: {change.allowed}]" if change.allowed else ""
        lines.append(f"{where + ': ' if where else ''}{change.level}: {change.message} [{change.id}]{accepted}")
    lines.append(_summary(result) if result.changes else "no changes")
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    document = {"breaking": result.breaking, "format": result.format,
                "changes": [c.as_dict() for c in _ordered(result)]}
    return json.dumps(document, indent=2, default=str) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    lines = ["## API changes", "", _summary(result) if result.changes else "No changes.", ""]
    sections = (("breaking", "### 🔴 Breaking changes"), ("warning", "### 🟠 Changes that may break clients"),
                ("info", "### 🔵 Other changes"))
    ordered = _ordered(result)
    for level, title in sections:
        group = [c for c in ordered if c.level == level and c.counts]
        if not group:
            continue
        lines += [title, ""]
        lines += [f"- {_cell(c.message)} (`{c.id}`{', ' + _cell(_where(c)) if _where(c) else ''})" for c in group]
        lines.append("")
    accepted = [c for c in ordered if not c.counts]
    if accepted:
        lines += ["### ✅ Accepted", ""]
        lines += [f"- {_cell(c.message)} (`{c.id}`: {_cell(c.allowed or '')})" for c in accepted]
        lines.append("")
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: DiffResult) -> str:
    commands = {"breaking": "error", "warning": "warning", "info": "notice"}
    lines = []
    for change in _ordered(result):
        if not change.counts:
            continue
        loc = change.location
        where = ""
        if loc is not None and loc.file:
            where = f"file={_prop(loc.file)}" + (f",line={loc.line},col={loc.column}" if loc.line else "") + ","
        lines.append(f"::{commands[change.level]} {where}title={_prop(change.id)}::{_data(change.message)}")
    lines.append(_summary(result) if result.changes else "no changes")
    return "\n".join(lines) + "\n"


def render_sarif(result: DiffResult) -> str:
    levels = {"breaking": "error", "warning": "warning", "info": "note"}
    used = sorted({c.id for c in result.changes})
    index = {change_id: i for i, change_id in enumerate(used)}
    rules = [{"id": change_id, "name": change_id, "shortDescription": {"text": KINDS[change_id].title},
              "defaultConfiguration": {"level": levels[KINDS[change_id].level]},
              "properties": {"tags": [f"anti-pattern-{KINDS[change_id].section}", "breaking-change"]}}
             for change_id in used]
    results = []
    for change in _ordered(result):
        item: dict = {"ruleId": change.id, "ruleIndex": index[change.id], "level": levels[change.level],
                      "message": {"text": change.message}}
        loc = change.location
        if loc is not None and loc.file:
            region = {"startLine": loc.line, "startColumn": loc.column or 1} if loc.line else None
            physical: dict = {"artifactLocation": {"uri": loc.file.replace("\\", "/"), "uriBaseId": "%SRCROOT%"}}
            if region:
                physical["region"] = region
            item["locations"] = [{"physicalLocation": physical,
                                  "logicalLocations": [{"fullyQualifiedName": loc.pointer or "/"}]}]
        if change.allowed:
            item["suppressions"] = [{"kind": "external", "justification": change.allowed}]
        results.append(item)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "apilint-diff", "version": __version__, "semanticVersion": __version__,
                                      "informationUri": "https://github.com/apilint/apilint", "rules": rules}},
                  "results": results, "columnKind": "unicodeCodePoints"}],
    }
    return json.dumps(document, indent=2, default=str) + "\n"


RENDERERS: dict[str, Callable[[DiffResult], str]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown, "github": render_github,
    "sarif": render_sarif,
}
