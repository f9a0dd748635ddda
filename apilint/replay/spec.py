"""Check replayed responses against an OpenAPI 3 spec (``--spec``): declared status, body schema."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs

from apilint.errors import InputError
from apilint.load.source import load_source
from apilint.load.swagger2 import to_openapi3
from apilint.recording.paths import PathTemplate, compile_template
from apilint.replay.model import BREAKING, WARNING, Difference, Received

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` -> JSON Schema ``type: [T, "null"]``, everywhere."""
    if isinstance(node, dict):
        out = {k: _nullable(v) for k, v in node.items()}
        if out.pop("nullable", False) is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if isinstance(out.get("enum"), list):
                out["enum"] = [*out["enum"], None]
        return out
    if isinstance(node, list):
        return [_nullable(v) for v in node]
    return node


class SpecCheck:
    def __init__(self, path: str) -> None:
        source = load_source(path)
        doc = to_openapi3(source.data)
        if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
            raise InputError("not an OpenAPI document (no 'paths')", source.display, 1, 1)
        self.doc = _nullable(doc)
        self.routes: list[tuple[PathTemplate, str, dict[str, Any]]] = []
        for template, item in self.doc["paths"].items():
            if not isinstance(item, dict):
                continue
            self.routes.append((compile_template(template, trailing_slash=True), template, item))
        self.routes.sort(key=lambda r: r[1].count("{"))  # literal segments win over parameters
        self._validators: dict[tuple[str, str, str], Any] = {}

    def _deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
            node, seen = self._pointer(node["$ref"]), seen + 1
        return node

    def _pointer(self, ref: str) -> Any:
        node: Any = self.doc
        for part in ref.lstrip("#/").split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
        return node

    def check(self, method: str, path: str, received: Received) -> list[Difference]:
        for route, template, item in self.routes:
            if route.regex.match(path) and isinstance(item.get(method.lower()), dict):
                return self._check(template, method.lower(), item[method.lower()], received)
        return [Difference(WARNING, "operation_undeclared", "spec", f"{method} {path} is not in the spec")]

    def _check(self, template: str, method: str, op: dict[str, Any], received: Received) -> list[Difference]:
        responses = op.get("responses") or {}
        status = str(received.status)
        key = next((k for k in (status, f"{status[0]}XX", f"{status[0]}xx", "default") if k in responses), None)
        if key is None:
            return [Difference(WARNING, "status_undeclared", "status",
                               f"status {status} is not declared for {method.upper()} {template}")]
        content = (self._deref(responses[key]) or {}).get("content") or {}
        schema = None
        for media, entry in content.items():
            if "json" in media and isinstance(entry, dict) and "schema" in entry:
                schema = entry["schema"]
                break
        if schema is None or received.body is None:
            return []
        cache_key = (template, method, key)
        validator = self._validators.get(cache_key)
        if validator is None:
            root = copy.copy(self.doc)
            root["x-apilint-target"] = schema
            root["$ref"] = "#/x-apilint-target"
            validator = self._validators[cache_key] = jsonschema_rs.Draft7Validator(root)
        errors = list(validator.iter_errors(received.body))[:3]
        return [Difference(BREAKING, "spec_violation",
                           "body" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.instance_path),
                           f"response does not match the spec ({method.upper()} {template} {key}): {e.message}")
                for e in errors]
