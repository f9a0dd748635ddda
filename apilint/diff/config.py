"""Diff configuration: accepted breaks (ignore file, ``x-apilint-ignore``), excluded paths, the
major-version policy and the deprecation notice period.

The ignore file (``.apilint-diff-ignore.yaml`` or ``--ignore FILE``)::

    notice_days: 90                  # deprecation notice period (x-sunset must be this far away)
    major_version_policy: true       # breaking changes are accepted where the client-visible major went up
    exclude_paths: ["/internal/*"]   # never compare these paths
    ignore:                          # accepted breaks; every given key must match (globs allowed)
      - id: response-property-*      # change id
        path: /v1/orders*            # path template of the operation (or proto element)
        operation: "GET *"           # "METHOD /path" or operationId
        reason: agreed with the mobile team in JIRA-123
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apilint.diff.versions import info_version_note, major_bump
from apilint.errors import InputError

if TYPE_CHECKING:
    from apilint.diff.result import DiffResult

DEFAULT_FILES = (".apilint-diff-ignore.yaml", ".apilint-diff-ignore.yml")


@dataclass
class IgnoreEntry:
    id: str = "*"
    path: str | None = None
    operation: str | None = None
    reason: str = ""

    def matches(self, change_id: str, operation: str | None, element: str | None, operation_id: str | None) -> bool:
        if not fnmatch.fnmatchcase(change_id, self.id):
            return False
        subject_path = (operation.split(" ", 1)[1] if operation and " " in operation else element) or ""
        if self.path is not None and not fnmatch.fnmatchcase(subject_path, self.path):
            return False
        if self.operation is not None:
            names = [n for n in (operation, operation_id, element) if n]
            if not any(fnmatch.fnmatchcase(n, self.operation) or fnmatch.fnmatchcase(n.lower(), self.operation.lower())
                       for n in names):
                return False
        return True


@dataclass
class DiffConfig:
    ignore: list[IgnoreEntry] = field(default_factory=list)
    exclude_paths: list[str] = field(default_factory=list)
    major_version_policy: bool = True
    notice_days: int = 0


def load_config(path: str) -> DiffConfig:
    from apilint.load.source import load_source

    source = load_source(path)
    data, path = source.data or {}, source.display
    if not isinstance(data, dict):
        raise InputError("the diff ignore file must be a mapping", path, 1, 1)
    known = {"ignore", "exclude_paths", "major_version_policy", "notice_days"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"unknown key(s) in diff ignore file: {', '.join(unknown)}", path)
    config = DiffConfig()
    entries = data.get("ignore") or []
    if not isinstance(entries, list):
        raise InputError("`ignore` must be a list", path)
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict) or not set(entry) <= {"id", "path", "operation", "reason"}:
            raise InputError(f"ignore entry {index + 1}: expected a mapping with id/path/operation/reason", path)
        config.ignore.append(IgnoreEntry(str(entry.get("id", "*")), _opt(entry.get("path")),
                                         _opt(entry.get("operation")), str(entry.get("reason", ""))))
    excluded = data.get("exclude_paths") or []
    if not isinstance(excluded, list):
        raise InputError("`exclude_paths` must be a list of globs", path)
    config.exclude_paths = [str(p) for p in excluded]
    config.major_version_policy = bool(data.get("major_version_policy", True))
    days = data.get("notice_days", 0)
    if not isinstance(days, int) or days < 0:
        raise InputError("`notice_days` must be a whole number of days >= 0", path)
    config.notice_days = days
    return config


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def apply_config(result: DiffResult, config: DiffConfig, today: dt.date | None = None) -> None:
    """Drop excluded paths, mark accepted breaks (``change.allowed``) by ignore entries,
    ``x-apilint-ignore`` and the major-version policy (``apilint.diff.versions``), and say so when a bumped
    ``info.version`` accepted nothing."""
    kept = []
    for change in result.changes:
        path = change.operation.split(" ", 1)[1] if change.operation and " " in change.operation else None
        if path and any(fnmatch.fnmatchcase(path, glob) for glob in config.exclude_paths):
            continue
        kept.append(change)
    result.changes = kept
    for change in result.changes:
        if change.allowed:
            continue
        for pattern in change.extra.get("x-apilint-ignore", ()):
            if fnmatch.fnmatchcase(change.id, pattern):
                change.allowed = f"x-apilint-ignore: {pattern}"
                break
        if change.allowed:
            continue
        for entry in config.ignore:
            if entry.matches(change.id, change.operation, change.element, change.extra.get("operation_id")):
                change.allowed = "ignore file" + (f": {entry.reason}" if entry.reason else "")
                break
        if not change.allowed and change.level == "breaking" and config.major_version_policy:
            change.allowed = major_bump(change, result.visible, result.old_version, result.new_version)
    if config.major_version_policy and result.breaking:
        note = info_version_note(result.visible, result.old_version, result.new_version)
        result.notes += [note] if note else []
