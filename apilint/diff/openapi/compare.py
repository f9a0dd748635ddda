"""The OpenAPI comparer: operations, parameters, bodies, responses, security, lifecycle.

Operations are matched by method + path template with path parameter names normalised
(``/pets/{id}`` == ``/pets/{petId}``), then by operationId. Schemas go to ``SchemaComparer``.
Swagger 2.0 is read through the same accessors (body parameters become the request body).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from apilint.diff.change import Change, Location
from apilint.diff.kinds import KINDS, PROPERTY_ASPECTS
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.schema import Rel, SchemaComparer
from apilint.diff.sunset import STABILITY, parse_sunset, stability, today

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"\{[^}/]*\}")


def normalise_path(path: str) -> str:
    return _PARAM.sub("{}", path.rstrip("/") or "/")


@dataclass
class Operation:
    label: str  # "GET /pets/{id}" as written
    method: str
    path: str
    key: str  # "get /pets/{}"
    node: Node
    path_node: Node
    parameters: list[Node] = field(default_factory=list)

    @property
    def raw(self) -> dict:
        return self.node.value

    @property
    def operation_id(self) -> str | None:
        value = self.raw.get("operationId")
        return value if isinstance(value, str) else None


@dataclass
class _Pending:
    change: Change
    node: Node | None


class OpenApiComparer:
    def __init__(self, old: Doc, new: Doc, *, notice_days: int = 0, on: dt.date | None = None) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new)
        self.notice_days = notice_days
        self.today = on or today()
        self.pending: list[_Pending] = []

    # -- output --------------------------------------------------------------------------------
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

    def run(self) -> list[Change]:
        old_ops, new_ops = self.operations(self.old), self.operations(self.new)
        by_id = {op.operation_id: op for op in new_ops.values() if op.operation_id}
        new_paths = {normalise_path(p) for p in _mapping(self.new.root.value.get("paths") or
                                                         self.new.root.value.get("webhooks"))}
        matched_new: set[str] = set()
        for key, old_op in old_ops.items():
            new_op = new_ops.get(key)
            bumped = _version_successor(old_op, new_ops) if new_op is None else None
            start = len(self.pending)
            if bumped is not None:
                new_op = bumped
                self.removed_operation(old_op, normalise_path(old_op.path) not in new_paths)
            elif new_op is None and old_op.operation_id and old_op.operation_id in by_id:
                moved = by_id[old_op.operation_id]
                if moved.key not in old_ops:
                    new_op = moved
                    self.emit("operation-moved", f"{old_op.label} moved to {moved.label}", old_op, old_op.label,
                              moved.label, moved.node)
            if new_op is None:
                self.removed_operation(old_op, normalise_path(old_op.path) not in new_paths)
                continue
            matched_new.add(new_op.key)
            self.compare_operation(old_op, new_op)
            if bumped is not None:
                for item in self.pending[start:]:
                    item.change.extra["path_major_bumped"] = True
        for key, new_op in new_ops.items():
            if key not in matched_new and key not in old_ops:
                self.emit("operation-added", f"{new_op.label} added", new_op, None, new_op.label, new_op.node)
        self.webhooks()
        return self.finish()

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

    # -- operations ----------------------------------------------------------------------------
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

    # -- parameters ----------------------------------------------------------------------------
    def _param_key(self, op: Operation, param: dict) -> tuple:
        if param.get("in") == "path":
            names = re.findall(r"\{([^}/]*)\}", op.path)
            name = param.get("name")
            return ("path", names.index(name) if name in names else name)
        return (param.get("in"), param.get("name"))

    def _params(self, op: Operation) -> dict[tuple, Node]:
        return {self._param_key(op, p.value): p for p in op.parameters
                if isinstance(p.value, dict) and p.value.get("in") not in ("body", "formData")}

    def parameters(self, old: Operation, new: Operation) -> None:
        po, pn = self._params(old), self._params(new)
        gone = [k for k in po if k not in pn]
        fresh = [k for k in pn if k not in po]
        paired: dict[tuple, tuple] = {}
        for k in gone:
            name, where = po[k].value.get("name"), po[k].value.get("in")
            for f in fresh:
                if f in paired.values():
                    continue
                target = pn[f].value
                if target.get("name") == name and target.get("in") != where:
                    paired[k] = f
                    self.emit("request-parameter-moved", f"{new.label}: parameter `{name}` moved from {where} to "
                              f"{target.get('in')}", new, where, target.get("in"), pn[f])
                    break
                if (target.get("in") == where and where != "path"
                        and self._param_hash("old", po[k]) == self._param_hash("new", pn[f])
                        and bool(target.get("required")) == bool(po[k].value.get("required"))):
                    paired[k] = f
                    self.emit("request-parameter-renamed", f"{new.label}: {where} parameter `{name}` renamed to "
                              f"`{target.get('name')}`", new, name, target.get("name"), pn[f])
                    break
        for k in gone:
            if k in paired:
                continue
            raw = po[k].value
            label = f"{raw.get('in')} parameter `{raw.get('name')}`"
            sunset_raw = raw.get("x-sunset")
            sunset = parse_sunset(sunset_raw)
            if raw.get("deprecated") is True and sunset_raw is not None and sunset is None:
                self.emit("request-parameter-sunset-invalid", f"{new.label}: {label} removed; its x-sunset "
                          f"`{sunset_raw}` is not a date", new, sunset_raw, None, po[k], "old")
            elif raw.get("deprecated") is True and sunset is not None and sunset > self.today:
                self.emit("request-parameter-removed-before-sunset", f"{new.label}: {label} removed before its "
                          f"sunset date {sunset}", new, raw.get("name"), None, po[k], "old")
            else:
                self.emit("request-parameter-removed", f"{new.label}: {label} removed", new, raw.get("name"), None,
                          po[k], "old")
        for k in fresh:
            if k in paired.values():
                continue
            raw = pn[k].value
            required = raw.get("required") is True or raw.get("in") == "path"
            self.emit("request-parameter-added-required" if required else "request-parameter-added",
                      f"{new.label}: {'required' if required else 'optional'} {raw.get('in')} parameter "
                      f"`{raw.get('name')}` added", new, None, raw.get("name"), pn[k])
        for k, old_node in po.items():
            if k not in pn:
                continue
            self.parameter(new, old_node, pn[k])

    def _param_hash(self, side: str, node: Node) -> int:
        schema = self._param_schema(self.old if side == "old" else self.new, node)
        return self.schemas.hash(side, schema)[0] if schema is not None else 0

    @staticmethod
    def _param_schema(doc: Doc, node: Node) -> Node | None:
        value = node.value
        if "schema" in value:
            return doc.child(node, "schema")
        if "content" in value:
            for _, media in doc.items(doc.child(node, "content")):
                return doc.child(media, "schema")
            return None
        return node  # Swagger 2: the parameter itself carries type/format/enum

    def parameter(self, op: Operation, old_node: Node, new_node: Node) -> None:
        o, n = old_node.value, new_node.value
        label = f"{n.get('in')} parameter `{n.get('name')}`"
        if o.get("in") != "path":
            ro, rn = o.get("required") is True, n.get("required") is True
            if rn and not ro:
                self.emit("request-parameter-became-required", f"{op.label}: {label} became required", op, False,
                          True, new_node)
            elif ro and not rn:
                self.emit("request-parameter-became-optional", f"{op.label}: {label} became optional", op, True,
                          False, new_node)
        for attr in ("style", "explode"):
            if (attr in o or attr in n) and _param_style(o, attr) != _param_style(n, attr):
                self.emit("request-parameter-style-changed", f"{op.label}: {label} {attr} changed", op,
                          o.get(attr), n.get(attr), new_node)
        self._deprecation(o, n, op, new_node, "parameter", f"{op.label}: {label}")
        so, sn = self._param_schema(self.old, old_node), self._param_schema(self.new, new_node)
        if so is not None and sn is not None:
            self.schema_changes(op, "request-parameter", "request", [so], [sn], f"{label}")

    # -- schemas -------------------------------------------------------------------------------
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
        kind = KINDS[change_id]
        path = "/".join(rel.path)
        subject = f"{where} property `{path}`" if path else where
        detail = _detail(rel.old, rel.new)
        self.emit(change_id, f"{op.label}: {subject}: {kind.title.split(': ', 1)[-1]}{detail}", op, rel.old,
                  rel.new, rel.node, rel.side)

    # -- request body --------------------------------------------------------------------------
    def _request(self, doc: Doc, op: Operation) -> tuple[Node | None, dict[str, Node | None]]:
        """(request body node, media type -> schema node)."""
        body = doc.child(op.node, "requestBody")
        if body is not None:
            return body, {m: doc.child(media, "schema") for m, media in doc.items(doc.child(body, "content"))}
        for param in op.parameters:
            if isinstance(param.value, dict) and param.value.get("in") == "body":
                consumes = op.raw.get("consumes") or doc.root.value.get("consumes") or ["application/json"]
                return param, {m: doc.child(param, "schema") for m in consumes if isinstance(m, str)}
        return None, {}

    def request_body(self, old: Operation, new: Operation) -> None:
        bo, mo = self._request(self.old, old)
        bn, mn = self._request(self.new, new)
        if bo is None and bn is None:
            return
        if bo is None:
            required = bn.value.get("required") is True
            self.emit("request-body-added-required" if required else "request-body-added",
                      f"{new.label}: {'required' if required else 'optional'} request body added", new, None, True,
                      bn)
            return
        if bn is None:
            self.emit("request-body-removed", f"{new.label}: request body removed", new, True, None, bo, "old")
            return
        ro, rn = bo.value.get("required") is True, bn.value.get("required") is True
        if rn and not ro:
            self.emit("request-body-became-required", f"{new.label}: request body became required", new, False, True,
                      bn)
        elif ro and not rn:
            self.emit("request-body-became-optional", f"{new.label}: request body became optional", new, True, False,
                      bn)
        for media, schema in mo.items():
            target = _media_match(media, mn)
            if target is None:
                self.emit("request-body-media-type-removed", f"{new.label}: request media type `{media}` no longer "
                          "accepted", new, media, None, bn)
                continue
            new_schema = mn[target]
            if schema is not None and new_schema is not None:
                self.schema_changes(new, "request-body", "request", [schema], [new_schema], f"request body ({media})"
                                    if len(mo) > 1 else "request body")
        for media in mn:
            if _media_match(media, mo) is None:
                self.emit("request-body-media-type-added", f"{new.label}: request media type `{media}` added", new,
                          None, media, bn)

    # -- responses -----------------------------------------------------------------------------
    def _responses(self, doc: Doc, op: Operation) -> dict[str, Node]:
        return {str(code): node for code, node in doc.items(doc.child(op.node, "responses"))
                if isinstance(node.value, dict)}

    def _content(self, doc: Doc, op: Operation, response: Node) -> dict[str, Node | None]:
        if "content" in response.value:
            return {m: doc.child(media, "schema") for m, media in doc.items(doc.child(response, "content"))}
        if "schema" in response.value:
            produces = op.raw.get("produces") or doc.root.value.get("produces") or ["application/json"]
            return {m: doc.child(response, "schema") for m in produces if isinstance(m, str)}
        return {}

    def responses(self, old: Operation, new: Operation) -> None:
        ro, rn = self._responses(self.old, old), self._responses(self.new, new)
        removed = [c for c in ro if c not in rn]
        added = [c for c in rn if c not in ro]
        for code in removed:
            if code.startswith("2"):
                self.emit("response-success-status-removed", f"{new.label}: success response {code} removed", new,
                          code, None, ro[code], "old")
                continue
            replacement = next((a for a in added if a[:1] == code[:1] and a[:1] in "45"), None)
            if replacement is not None:
                added.remove(replacement)
                self.emit("response-status-changed", f"{new.label}: status {code} replaced by {replacement} for the "
                          "same kind of error: clients checking for the old code break", new, code, replacement,
                          rn[replacement])
            else:
                self.emit("response-status-removed", f"{new.label}: response {code} removed", new, code, None,
                          ro[code], "old")
        for code in added:
            self.emit("response-success-status-added" if code.startswith("2") else "response-status-added",
                      f"{new.label}: response {code} added", new, None, code, rn[code])
        for code, old_resp in ro.items():
            new_resp = rn.get(code)
            if new_resp is None:
                continue
            self.response(new, code, old, old_resp, new_resp)

    def response(self, op: Operation, code: str, old_op: Operation, old: Node, new: Node) -> None:
        direction = "error" if code[:1] in "45" or code == "default" else "response"
        co, cn = self._content(self.old, old_op, old), self._content(self.new, op, new)
        for media, schema in co.items():
            target = _media_match(media, cn)
            if target is None:
                self.emit("response-media-type-removed", f"{op.label}: response {code} media type `{media}` "
                          "removed", op, media, None, new)
                continue
            new_schema = cn[target]
            if schema is not None and new_schema is not None:
                self.schema_changes(op, "response-body", direction, [schema], [new_schema], f"response {code}")
        for media in cn:
            if _media_match(media, co) is None:
                self.emit("response-media-type-added", f"{op.label}: response {code} media type `{media}` added", op,
                          None, media, new)
        ho = dict(self.old.items(self.old.child(old, "headers")))
        hn = dict(self.new.items(self.new.child(new, "headers")))
        for name, node in ho.items():
            match = next((k for k in hn if k.lower() == name.lower()), None)
            required = isinstance(node.value, dict) and node.value.get("required") is True
            if match is None:
                self.emit("response-header-removed-required" if required else "response-header-removed",
                          f"{op.label}: response {code} header `{name}` removed", op, name, None, node, "old")
                continue
            target = hn[match]
            if required and not (isinstance(target.value, dict) and target.value.get("required") is True):
                self.emit("response-header-became-optional", f"{op.label}: response {code} header `{name}` became "
                          "optional", op, True, False, target)
            so = self._param_schema(self.old, node) if isinstance(node.value, dict) else None
            sn = self._param_schema(self.new, target) if isinstance(target.value, dict) else None
            if so is not None and sn is not None:
                self.schema_changes(op, "response-header", "response", [so], [sn], f"response {code} header `{name}`")
        for name, node in hn.items():
            if not any(k.lower() == name.lower() for k in ho):
                self.emit("response-header-added", f"{op.label}: response {code} header `{name}` added", op, None,
                          name, node)

    # -- security ------------------------------------------------------------------------------
    def _security(self, doc: Doc, op: Operation) -> list[dict[str, frozenset]] | None:
        raw = op.raw.get("security", doc.root.value.get("security"))
        if not isinstance(raw, list):
            return None
        out = []
        for requirement in raw:
            if isinstance(requirement, dict):
                out.append({k: frozenset(v) if isinstance(v, list) else frozenset() for k, v in requirement.items()})
        return out

    def _breaking_since(self, start: int) -> bool:
        return any(p.change.level == "breaking" for p in self.pending[start:])

    def security(self, old: Operation, new: Operation) -> None:
        start = len(self.pending)
        so, sn = self._security(self.old, old), self._security(self.new, new)
        so = so or [{}]
        sn = sn or [{}]
        node = self.new.child(new.node, "security") or new.node

        def satisfied(alt: dict[str, frozenset]) -> bool:
            return any(all(k in alt and req[k] <= alt[k] for k in req) for req in sn)

        for alt in so:
            if satisfied(alt):
                continue
            widened = next((req for req in sn if set(req) == set(alt)), None)
            if widened is not None:
                extra = sorted(s for k in widened for s in widened[k] - alt[k])
                self.emit("security-scope-added", f"{new.label}: security requires more scopes: "
                          f"{', '.join(extra)}", new, _sec(alt), _sec(widened), node)
            else:
                self.emit("security-added", f"{new.label}: a client authenticating with "
                          f"{_sec(alt) or 'no credentials'} is no longer accepted", new, _sec(alt),
                          [_sec(r) for r in sn], node)
        if not self._breaking_since(start) and {_sec(a) for a in so} != {_sec(a) for a in sn}:
            self.emit("security-removed", f"{new.label}: security requirements relaxed", new,
                      sorted(_sec(a) for a in so), sorted(_sec(a) for a in sn), node)

    # -- metadata ------------------------------------------------------------------------------
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


def _version_successor(op: Operation, new_ops: dict[str, Operation]) -> Operation | None:
    """The operation at the same path under a higher /vN/ segment (``/v1/pets`` -> ``/v2/pets``)."""
    match = re.search(r"/v(\d+)(?=/|$)", op.path)
    if not match:
        return None
    best = None
    for candidate in new_ops.values():
        found = re.search(r"/v(\d+)(?=/|$)", candidate.path)
        if (found and int(found.group(1)) > int(match.group(1)) and candidate.method == op.method
                and normalise_path(candidate.path[:found.start()] + candidate.path[found.end():])
                == normalise_path(op.path[:match.start()] + op.path[match.end():])
                and (best is None or candidate.path < best.path)):
            best = candidate
    return best


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def ignore_list(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    raw = value.get("x-apilint-ignore")
    if raw is True:
        return ["*"]
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return []


def _param_style(param: dict, attr: str) -> Any:
    where = param.get("in")
    style = param.get("style") or ("form" if where in ("query", "cookie") else "simple")
    if attr == "style":
        return style
    return param.get("explode", style == "form")


def _media_match(media: str, others: dict[str, Any]) -> str | None:
    if media in others:
        return media
    base = media.split(";")[0].strip().lower()
    for other in others:
        if other.split(";")[0].strip().lower() == base:
            return other
    return None


def _sec(requirement: dict[str, frozenset]) -> str:
    return " + ".join(f"{k}[{', '.join(sorted(v))}]" if v else k for k, v in sorted(requirement.items()))


def _detail(old: Any, new: Any) -> str:
    def show(value: Any) -> str:
        text = "(none)" if value is None else str(value)
        return text if len(text) <= 80 else text[:77] + "..."

    if old is None and new is None:
        return ""
    return f" ({show(old)} -> {show(new)})"
