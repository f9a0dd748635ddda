"""The OpenAPI comparer: operations, parameters, bodies, responses, security, lifecycle.

Operations are matched by method + path template with path parameter names normalised
(``/pets/{id}`` == ``/pets/{petId}``), then by operationId. Schemas go to ``SchemaComparer``.
Swagger 2.0 is read through the same accessors (body parameters become the request body).
"""

from __future__ import annotations

import datetime as dt

from apilint.diff.change import Change
from apilint.diff.openapi.bodies import BodyChecks
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.operation import (
    METHODS,
    Operation,
    mapping,
    normalise_path,
    version_successor,
)
from apilint.diff.openapi.parameters import ParameterChecks
from apilint.diff.openapi.security import SecurityChecks
from apilint.diff.openapi.versions import ClientVersions
from apilint.diff.sunset import STABILITY, parse_sunset, stability
from apilint.diff.versions import Visible


class OpenApiComparer(ParameterChecks, BodyChecks, SecurityChecks):
    def run(self) -> list[Change]:
        old_ops, new_ops = self.operations(self.old), self.operations(self.new)
        self.versions = ClientVersions(self.old, self.new, old_ops, new_ops)
        by_id = {op.operation_id: op for op in new_ops.values() if op.operation_id}
        new_paths = {normalise_path(p) for p in mapping(self.new.root.value.get("paths") or
                                                         self.new.root.value.get("webhooks"))}
        matched_new: set[str] = set()
        for key, old_op in old_ops.items():
            new_op = new_ops.get(key)
            successor = version_successor(old_op, new_ops) if new_op is None else None
            if new_op is None:
                start = len(self.pending)
                if successor is not None:  # /v1/x gone, /v2/x compared with it
                    self.removed_operation(old_op, normalise_path(old_op.path) not in new_paths)
                    self.seen_since(start, self.versions.removed(old_op))
                    new_op = successor
                elif old_op.operation_id and old_op.operation_id in by_id and by_id[old_op.operation_id].key \
                        not in old_ops:
                    new_op = by_id[old_op.operation_id]
                    self.emit("operation-moved", f"{old_op.label} moved to {new_op.label}", old_op, old_op.label,
                              new_op.label, new_op.node)
                    self.seen_since(start, self.versions.pair(old_op, new_op))
                else:
                    self.removed_operation(old_op, normalise_path(old_op.path) not in new_paths)
                    self.seen_since(start, self.versions.removed(old_op))
                    continue
            matched_new.add(new_op.key)
            start = len(self.pending)
            self.compare_operation(old_op, new_op)
            self.seen_since(start, self.versions.pair(old_op, new_op))
        start = len(self.pending)
        for key, new_op in new_ops.items():
            if key not in matched_new and key not in old_ops:
                self.emit("operation-added", f"{new_op.label} added", new_op, None, new_op.label, new_op.node)
        self.webhooks()
        self.seen_since(start, self.versions.document())
        return self.finish()

    def seen_since(self, start: int, visible: Visible) -> None:
        """Tag the changes emitted since ``start`` with the versions their clients see (the major-version
        policy reads it)."""
        for item in self.pending[start:]:
            item.change.extra["visible"] = visible

    def operations(self, doc: Doc) -> dict[str, Operation]:
        out: dict[str, Operation] = {}
        for path, path_node in doc.items(doc.child(doc.root, "paths")):
            if not isinstance(path_node.value, dict) or not isinstance(path, str):
                continue
            shared = doc.elements(doc.child(path_node, "parameters"))
            for method in METHODS:
                op_node = doc.child(path_node, method)
                if op_node is None or not isinstance(op_node.value, dict):
                    continue
                params = self._merge_params(doc, shared, doc.elements(doc.child(op_node, "parameters")))
                key = f"{method} {normalise_path(path)}"
                out[key] = Operation(f"{method.upper()} {path}", method, path, key, op_node, path_node, params)
        return out

    @staticmethod
    def _merge_params(doc: Doc, shared: list[Node], own: list[Node]) -> list[Node]:
        merged: dict[tuple, Node] = {}
        for node in (*shared, *own):
            value = node.value
            if isinstance(value, dict):
                merged[(value.get("in"), value.get("name"))] = node
        return list(merged.values())

    def removed_operation(self, op: Operation, whole_path: bool) -> None:
        raw = op.raw
        what = "path" if whole_path else "operation"
        if raw.get("deprecated") is True:
            sunset_raw = raw.get("x-sunset")
            sunset = parse_sunset(sunset_raw)
            if sunset_raw is not None and sunset is None:
                self.emit("sunset-invalid", f"{op.label} removed; its x-sunset `{sunset_raw}` is not a date", op,
                          sunset_raw, None, op.node, "old")
            elif sunset is not None and sunset > self.today:
                self.emit("operation-removed-before-sunset", f"{op.label} removed before its sunset date {sunset}",
                          op, str(sunset), None, op.node, "old")
            elif sunset is not None:
                self.emit("operation-removed-after-sunset", f"{op.label} removed after its sunset date {sunset}",
                          op, str(sunset), None, op.node, "old")
            elif self.notice_days > 0:
                self.emit("operation-removed-without-notice", f"{op.label} removed: it was deprecated without an "
                          f"x-sunset date, but a notice period of {self.notice_days} days is required", op,
                          op.label, None, op.node, "old")
            else:
                self.emit("operation-removed-after-deprecation", f"deprecated {op.label} removed", op, op.label,
                          None, op.node, "old")
            return
        self.emit(f"{what}-removed", f"{op.label} removed without deprecation" +
                  (" (the whole path is gone)" if whole_path else ""), op, op.label, None, op.node, "old")

    def compare_operation(self, old: Operation, new: Operation) -> None:
        allowed = None
        level = stability(old.raw.get("x-stability-level"))
        if level in ("draft", "alpha"):
            allowed = f"x-stability-level: {level}"
        start = len(self.pending)
        self.lifecycle(old, new)
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.security(old, new)
        self.metadata(old, new)
        if allowed:
            for item in self.pending[start:]:
                if item.change.level == "breaking" and not item.change.id.startswith("stability"):
                    item.change.allowed = allowed

    def lifecycle(self, old: Operation, new: Operation) -> None:
        so, sn = old.raw.get("x-stability-level"), new.raw.get("x-stability-level")
        lo, ln = stability(so), stability(sn)
        if "invalid" in (lo, ln):
            bad = sn if ln == "invalid" else so
            self.emit("stability-invalid", f"{new.label}: x-stability-level `{bad}` is not one of "
                      f"{', '.join(STABILITY)}", new, so, sn, new.node)
        elif lo and ln and STABILITY.index(ln) < STABILITY.index(lo):
            self.emit("stability-decreased", f"{new.label}: stability decreased from {lo} to {ln}", new, lo, ln,
                      new.node)
        self._deprecation(old.raw, new.raw, new, new.node, "operation", new.label)

    def _deprecation(self, old_raw: dict, new_raw: dict, op: Operation, node: Node, prefix: str, what: str) -> None:
        was, now = old_raw.get("deprecated") is True, new_raw.get("deprecated") is True
        so, sn = old_raw.get("x-sunset"), new_raw.get("x-sunset")
        ids = {"operation": ("operation-deprecated", "operation-reactivated", "sunset-removed", "sunset-invalid"),
               "parameter": ("request-parameter-deprecated", "request-parameter-reactivated",
                             "request-parameter-sunset-removed", "request-parameter-sunset-invalid")}[prefix]
        if now and sn is not None and parse_sunset(sn) is None:
            self.emit(ids[3], f"{what}: x-sunset `{sn}` is not a date", op, so, sn, node)
        elif now and was and so is not None and parse_sunset(so) is None and sn != so:
            self.emit(ids[3], f"{what}: the old x-sunset `{so}` was not a date, so the deprecation period "
                      "cannot be checked", op, so, sn, node)
        elif now and not was:
            sunset = parse_sunset(sn)
            if prefix == "operation" and self.notice_days > 0 and (
                    sunset is None or sunset < self.today + dt.timedelta(days=self.notice_days)):
                self.emit("operation-deprecated-without-notice", f"{what} deprecated with "
                          f"{'no x-sunset' if sunset is None else f'x-sunset {sunset}'}; the notice period is "
                          f"{self.notice_days} days", op, None, sn, node)
            else:
                self.emit(ids[0], f"{what} deprecated" + (f" (sunset {sunset})" if sunset else ""), op, False,
                          True, node)
        elif was and not now:
            self.emit(ids[1], f"{what} is no longer deprecated", op, True, False, node)
        elif was and now and so is not None and sn is None:
            self.emit(ids[2], f"{what}: x-sunset `{so}` removed while still deprecated", op, so, None, node)
        elif was and now and prefix == "operation" and so != sn and self.notice_days > 0:
            sunset = parse_sunset(sn)
            if sunset is not None and sunset < self.today + dt.timedelta(days=self.notice_days):
                self.emit("sunset-earlier", f"{what}: x-sunset moved to {sunset}, less than the "
                          f"{self.notice_days}-day notice period away", op, so, sn, node)

    def metadata(self, old: Operation, new: Operation) -> None:
        io, in_ = old.operation_id, new.operation_id
        if io != in_:
            change = "operation-id-added" if io is None else "operation-id-removed" if in_ is None else \
                "operation-id-changed"
            self.emit(change, f"{new.label}: operationId {io} -> {in_}", new, io, in_, new.node)
        to = [t for t in old.raw.get("tags") or [] if isinstance(t, str)]
        tn = [t for t in new.raw.get("tags") or [] if isinstance(t, str)]
        for tag in tn:
            if tag not in to:
                self.emit("tag-added", f"{new.label}: tag `{tag}` added", new, None, tag, new.node)
        for tag in to:
            if tag not in tn:
                self.emit("tag-removed", f"{new.label}: tag `{tag}` removed", new, tag, None, new.node)

    def webhooks(self) -> None:
        wo = dict(self.old.items(self.old.child(self.old.root, "webhooks")))
        wn = dict(self.new.items(self.new.child(self.new.root, "webhooks")))
        for name, node in wo.items():
            if name not in wn:
                self.emit("webhook-removed", f"webhook `{name}` removed", None, name, None, node, "old",
                          element=f"webhook:{name}")
        for name, node in wn.items():
            if name not in wo:
                self.emit("webhook-added", f"webhook `{name}` added", None, None, name, node, element=f"webhook:{name}")

