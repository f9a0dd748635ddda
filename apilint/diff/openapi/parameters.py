"""Parameter changes of an operation kept: added, removed, moved, renamed, and each one's schema and style."""

from __future__ import annotations

import re
from typing import Any

from apilint.diff.openapi.base import ComparerBase
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.operation import Operation
from apilint.diff.sunset import parse_sunset


class ParameterChecks(ComparerBase):
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


def _param_style(param: dict, attr: str) -> Any:
    where = param.get("in")
    style = param.get("style") or ("form" if where in ("query", "cookie") else "simple")
    if attr == "style":
        return style
    return param.get("explode", style == "form")

