"""What every part of the OpenAPI comparer shares: collecting changes (with their ``x-apilint-ignore``
lists), positioning them at the end in one pass per file, and turning schema relations into changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from apilint.diff.change import Change, Location, shown
from apilint.diff.kinds import KINDS, PROPERTY_ASPECTS
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.operation import Operation, ignore_list
from apilint.diff.openapi.schema import Rel, SchemaComparer
from apilint.diff.shared import Definition, what
from apilint.diff.sunset import today


@dataclass
class _Pending:
    change: Change
    node: Node | None



class ComparerBase:
    def __init__(self, old: Doc, new: Doc, *, notice_days: int = 0, on: dt.date | None = None) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new)
        self.notice_days = notice_days
        self.today = on or today()
        self.pending: list[_Pending] = []

    def emit(self, change_id: str, message: str, op: Operation | None, old: Any = None, new: Any = None,
             node: Node | None = None, side: str = "new", element: str | None = None,
             allowed: str | None = None) -> None:
        kind = KINDS[change_id]
        change = Change(change_id, kind.level, message, op.label if op else None, element, old, new,
                        Location("", node.pointer if node else "", side=side) if node else None, allowed)
        if op is not None and op.operation_id:
            change.extra["operation_id"] = op.operation_id
        if node is not None:
            ignore = ignore_list(node.value)
            if op is not None and side == "new":
                ignore += ignore_list(op.raw)
            change.extra["x-apilint-ignore"] = ignore
        self.pending.append(_Pending(change, node))

    def finish(self) -> list[Change]:
        by_source: dict[str, tuple[Any, list[_Pending]]] = {}
        for item in self.pending:
            if item.node is not None:
                by_source.setdefault(item.node.source.path, (item.node.source, []))[1].append(item)
        for source, items in by_source.values():
            positions = source.positions([i.node.pointer for i in items])
            for item in items:
                line, column = positions.get(item.node.pointer, (None, None))
                loc = item.change.location
                loc.file, loc.line, loc.column = source.display, line, column
        return [item.change for item in self.pending]

    def schema_changes(self, op: Operation, scope: str, direction: str, old: list[Node], new: list[Node],
                       where: str) -> None:
        for rel in self.schemas.compare(old, new, direction):
            self.emit_rel(op, scope, rel, where)

    def emit_rel(self, op: Operation, scope: str, rel: Rel, where: str) -> None:
        side = scope.split("-")[0]
        if rel.aspect in PROPERTY_ASPECTS or rel.path:
            change_id = f"{side}-property-{rel.aspect}"
            if change_id not in KINDS:
                change_id = f"{scope}-{rel.aspect}"
        else:
            change_id = f"{scope}-{rel.aspect}"
        if (scope == "response-header" and rel.aspect == "type-changed" and rel.old == "string"
                and not rel.detail and rel.new in ("integer", "number", "boolean")):
            change_id = "response-header-type-specialized"  # header values are strings on the wire anyway
        path = "/".join(rel.path)
        subject = f"{where} property `{path}`" if path else where
        detail = _detail(rel.old, rel.new)
        self.emit(change_id, f"{op.label}: {subject}: {what(change_id)}{detail}", op, rel.old, rel.new, rel.node,
                  rel.side)
        self.pending[-1].change.extra["definition"] = Definition(rel.identity, self._where(rel.node), detail,
                                                                 rel.places)

    def _where(self, node: Node) -> str:
        """A node as a grouped change names it: its pointer, after its file outside the root documents."""
        root = node.source is self.old.root.source or node.source is self.new.root.source
        return f"#{node.pointer}" if root else f"{node.source.display}#{node.pointer}"

    def _breaking_since(self, start: int) -> bool:
        return any(p.change.level == "breaking" for p in self.pending[start:])


def _detail(old: Any, new: Any) -> str:
    def show(value: Any) -> str:
        text = shown(value)
        return text if len(text) <= 80 else text[:77] + "..."

    if old is None and new is None:
        return ""
    return f" ({show(old)} -> {show(new)})"

