"""An RFC 6902 JSON Patch that makes the spec describe the observed traffic: new paths and operations,
responses, properties with inferred schemas and formats, widened types and enums, dropped formats and
``required`` entries. Written for a human to review (``--patch FILE``); never applied by apilint.

The patch edits the spec's root file: what a finding would change in another file (a ``$ref``'d
schema file) is left out and said so in a note.
"""

from __future__ import annotations

from typing import Any

from apilint.errors import InputError
from apilint.load.pointer import get, join
from apilint.model.core import Loc
from apilint.recording.paths import PARAM
from apilint.traffic import infer
from apilint.traffic.aggregate import (
    ENUM_NEW,
    FORMAT_CONTRADICTION,
    REQUIRED_ABSENT,
    TYPE_CONTRADICTION,
    UNDOCUMENTED_ENDPOINT,
    UNDOCUMENTED_FIELD,
    UNDOCUMENTED_STATUS,
    Aggregate,
    Finding,
)

DESCRIPTION = "Seen in recorded traffic (apilint traffic report --patch): review before merging"


class PatchBuilder:
    def __init__(self, agg: Aggregate) -> None:
        api = agg.spec.api
        if api.format != "openapi" or not api.spec_version.startswith("3"):
            raise InputError("--patch needs an OpenAPI 3 spec", api.file)
        self.agg, self.api = agg, api
        self.doc = api.workspace.root.data
        self.version = api.spec_version
        self.ops: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.new_paths: dict[str, dict[str, Any]] = {}
        self.new_properties: dict[str, dict[str, Any]] = {}  # schema pointer without properties -> them
        self.removals: dict[str, list[int]] = {}  # required list pointer -> indexes

    def build(self) -> tuple[list[dict[str, Any]], list[str]]:
        handlers = {UNDOCUMENTED_ENDPOINT: self._endpoint, UNDOCUMENTED_STATUS: self._status,
                    UNDOCUMENTED_FIELD: self._field, TYPE_CONTRADICTION: self._type,
                    FORMAT_CONTRADICTION: self._format, ENUM_NEW: self._enum, REQUIRED_ABSENT: self._required}
        findings = sorted(self.agg.findings.values(), key=lambda f: (f.kind, str(f.loc), str(f.facts)))
        for finding in findings:
            if finding.loc is not None and finding.loc.file != self.api.file:
                self.notes.append(f"not patched ({finding.kind}): {finding.loc.file}#{finding.loc.pointer} is "
                                  "in another file than the spec's root")
                continue
            handlers[finding.kind](finding)
        for template, item in sorted(self.new_paths.items()):
            self._add(join("/paths", template), item)
        for pointer, properties in sorted(self.new_properties.items()):
            self._add(join(pointer, "properties"), properties)
        for pointer, indexes in sorted(self.removals.items()):
            for index in sorted(set(indexes), reverse=True):  # later entries first: indexes stay valid
                self.ops.append({"op": "remove", "path": join(pointer, index)})
        return self.ops, self.notes

    def _add(self, path: str, value: Any) -> None:
        self.ops.append({"op": "add", "path": path, "value": value})

    def _schema(self, merged: dict[str, Any] | None) -> dict[str, Any]:
        return infer.finish(merged, self.version)

    def _response(self, finding: Finding, status: int) -> dict[str, Any]:
        out: dict[str, Any] = {"description": DESCRIPTION}
        media = finding.media.get(status)
        if media is not None:
            merged = finding.responses.get(status)
            out["content"] = {media: {"schema": self._schema(merged)} if merged else {}}
        return out

    def _operation(self, finding: Finding) -> dict[str, Any]:
        op: dict[str, Any] = {"summary": DESCRIPTION,
                              "responses": {str(s): self._response(finding, s) for s in sorted(finding.responses)}}
        if finding.inferred is not None:
            media = finding.facts.get("request_media") or "application/json"
            op["requestBody"] = {"content": {media: {"schema": self._schema(finding.inferred)}}}
        return op

    def _endpoint(self, finding: Finding) -> None:
        facts = finding.facts
        if finding.loc is None:  # a gRPC method: nothing to patch in an OpenAPI document
            return
        method = facts["method"].lower()
        if facts.get("path_documented"):
            self._add(join(finding.loc.pointer, method), self._operation(finding))
            return
        template = facts["template"]
        item = self.new_paths.get(template)
        if item is None:
            names = [name[1:-1] for name in PARAM.findall(template)]
            item = self.new_paths[template] = {}
            if names:
                item["parameters"] = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                                      for n in names]
        item[method] = self._operation(finding)

    def _status(self, finding: Finding) -> None:
        assert finding.loc is not None
        status = finding.facts["status"]
        self._add(join(finding.loc.pointer, str(status)), self._response(finding, status))

    def _field(self, finding: Finding) -> None:
        assert finding.loc is not None
        name, pointer = finding.facts["name"], finding.loc.pointer
        schema = self._schema(finding.inferred)
        if isinstance(get(self.doc, join(pointer, "properties"), None), dict):
            self._add(join(pointer, "properties", name), schema)
        else:
            self.new_properties.setdefault(pointer, {})[name] = schema

    def _type(self, finding: Finding) -> None:
        assert finding.loc is not None
        pointer = finding.loc.pointer
        node = get(self.doc, pointer, None)
        if not isinstance(node, dict):
            return
        inferred = self._schema(finding.inferred)
        declared = node.get("type")
        observed = set(finding.observed)
        if observed == {"null"}:  # only nulls contradicted: the field is nullable
            if self.version.startswith("3.0"):
                self._add(join(pointer, "nullable"), True)
            else:
                kinds = declared if isinstance(declared, list) else [declared]
                self._set(node, pointer, "type", [*kinds, "null"])
            return
        new_type = inferred.get("type")
        if new_type is None:  # mixed types: leave the type out
            self.ops.append({"op": "remove", "path": join(pointer, "type")})
            return
        self._set(node, pointer, "type", new_type)
        if inferred.get("nullable") and "nullable" not in node:
            self._add(join(pointer, "nullable"), True)
        if "format" in node and new_type != "string":
            self.ops.append({"op": "remove", "path": join(pointer, "format")})
        if "enum" in node:
            self.ops.append({"op": "remove", "path": join(pointer, "enum")})

    def _set(self, node: dict[str, Any], pointer: str, key: str, value: Any) -> None:
        self.ops.append({"op": "replace" if key in node else "add", "path": join(pointer, key), "value": value})

    def _format(self, finding: Finding) -> None:
        assert finding.loc is not None
        if isinstance(get(self.doc, join(finding.loc.pointer, "format"), None), str):
            self.ops.append({"op": "remove", "path": join(finding.loc.pointer, "format")})

    def _enum(self, finding: Finding) -> None:
        assert finding.loc is not None
        self._add(join(finding.loc.pointer, "enum", "-"), finding.facts["value"])

    def _required(self, finding: Finding) -> None:
        assert finding.loc is not None
        name = finding.facts["name"]
        owner = get(self.doc, finding.loc.pointer, None)
        candidates = [finding.loc.pointer]
        if isinstance(owner, dict) and isinstance(owner.get("allOf"), list):
            candidates += [join(finding.loc.pointer, "allOf", i) for i in range(len(owner["allOf"]))]
        for pointer in candidates:
            required = get(self.doc, join(pointer, "required"), None)
            if isinstance(required, list) and name in required:
                self.removals.setdefault(join(pointer, "required"), []).append(required.index(name))
                return
        self.notes.append(f"not patched ({finding.kind}): where {name!r} is required was not found "
                          f"({Loc(finding.loc.file, finding.loc.pointer).pointer})")


def build_patch(agg: Aggregate) -> tuple[list[dict[str, Any]], list[str]]:
    """(JSON Patch operations, notes on what was left out)."""
    return PatchBuilder(agg).build()

