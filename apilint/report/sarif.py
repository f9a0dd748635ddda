"""SARIF 2.1.0, as GitHub code scanning accepts it: a rule descriptor per kind reported, a result per item
(accepted items carry their justification as a suppression); inputs that could not be read make the run
unsuccessful, one tool execution notification each. Values stay exact (JSON escapes control characters)."""

from __future__ import annotations

import json
from typing import Any

from apilint import __version__
from apilint.errors import cwd_relative
from apilint.report.model import Item, Kind, Location, Report, Target

_LEVELS = {"error": "error", "breaking": "error", "warning": "warning", "info": "note", "hint": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _descriptor(kind_id: str, kind: Kind | None) -> dict[str, Any]:
    if kind is None:  # a kind the producer does not describe
        kind = Kind(kind_id, kind_id, "warning", rationale=kind_id, fix="")
    out: dict[str, Any] = {"id": kind_id, "name": kind_id, "shortDescription": {"text": kind.title}}
    if kind.rationale is not None:
        out["fullDescription"] = {"text": kind.rationale}
    if kind.fix is not None:
        out["help"] = {"text": kind.fix}
    out["defaultConfiguration"] = {"level": _LEVELS[kind.level]}
    out["properties"] = {"tags": list(kind.tags)}
    return out


def _physical(loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": cwd_relative(loc.file).replace("\\", "/"),
                                                       "uriBaseId": "%SRCROOT%"}}
    if loc.line:
        physical["region"] = {"startLine": loc.line, "startColumn": loc.column or 1}
    return physical


def _invocation(unreadable: list[Target]) -> dict[str, Any]:
    """A run that could not read an input did not succeed: code scanning must not take its results as clean."""
    notifications = []
    for target in unreadable:
        notification: dict[str, Any] = {"level": "error", "message": {"text": target.error}}
        if target.error_at is not None and target.error_at.file:
            notification["locations"] = [{"physicalLocation": _physical(target.error_at)}]
        notifications.append(notification)
    return {"executionSuccessful": False, "toolExecutionNotifications": notifications}


def _result(item: Item, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": item.kind, "ruleIndex": index, "level": _LEVELS[item.level],
                           "message": {"text": item.message + (f" ({item.hint})" if item.hint else "")}}
    loc = item.location
    if loc is not None and loc.file:
        out["locations"] = [{"physicalLocation": _physical(loc),
                             "logicalLocations": [{"fullyQualifiedName": loc.pointer or "/"}]}]
    if item.fingerprint:
        out["partialFingerprints"] = {"apilintPointer/v1": item.fingerprint}
    if item.accepted:
        out["suppressions"] = [{"kind": "external", "justification": item.accepted}]
    return out


def render(report: Report) -> str:
    used = sorted({i.kind for i in report.items})
    index = {kind_id: n for n, kind_id in enumerate(used)}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "apilint" if report.tool == "check" else f"apilint-{report.tool}",
                            "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://github.com/apilint/apilint",
                            "rules": [_descriptor(k, report.kinds.get(k)) for k in used]}},
    }
    if report.unreadable:
        run["invocations"] = [_invocation(report.unreadable)]
    run["results"] = [_result(i, index[i.kind]) for i in report.items]
    run["columnKind"] = "unicodeCodePoints"
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, default=str) + "\n"
