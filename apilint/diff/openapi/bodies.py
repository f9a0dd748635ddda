"""Request body and response changes of an operation kept: presence, media types, status codes, headers,
and the schema of each body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apilint.diff.openapi.base import ComparerBase
from apilint.diff.openapi.doc import Doc, Node
from apilint.diff.openapi.operation import Operation


class BodyChecks(ComparerBase):
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
        self.media_types(new, mo, mn, bn, ids="request-body", what="request", gone="no longer accepted",
                         direction="request",
                         title=lambda media: f"request body ({media})" if len(mo) > 1 else "request body")

    def media_types(self, op: Operation, old: dict[str, Node | None], new: dict[str, Node | None], node: Node, *,
                    ids: str, what: str, gone: str, direction: str, title: Callable[[str], str]) -> None:
        """Media types removed and added (``<ids>-media-type-removed``/``-added``), and the schema of each
        one kept (scope ``<what's first word>-body``)."""
        for media, schema in old.items():
            target = media_match(media, new)
            if target is None:
                self.emit(f"{ids}-media-type-removed", f"{op.label}: {what} media type `{media}` {gone}", op, media,
                          None, node)
                continue
            new_schema = new[target]
            if schema is not None and new_schema is not None:
                self.schema_changes(op, f"{what.split()[0]}-body", direction, [schema], [new_schema], title(media))
        for media in new:
            if media_match(media, old) is None:
                self.emit(f"{ids}-media-type-added", f"{op.label}: {what} media type `{media}` added", op, None, media,
                          node)

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
        self.media_types(op, co, cn, new, ids="response", what=f"response {code}", gone="removed", direction=direction,
                         title=lambda media: f"response {code}")
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


def media_match(media: str, others: dict[str, Any]) -> str | None:
    if media in others:
        return media
    base = media.split(";")[0].strip().lower()
    for other in others:
        if other.split(";")[0].strip().lower() == base:
            return other
    return None

