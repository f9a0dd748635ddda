"""The spec a traffic report compares against: its operations, and which one a recorded request is.

Requests are matched with the recording format's path templates (``apilint/recording/paths.py``) under
every server path the spec names, most specific first (as the proxy's path finder orders them); gRPC
calls by ``/package.Service/Method``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlparse

from apilint.model.core import Api, Loc, Operation
from apilint.recording.paths import PathTemplate, compile_template

UNTAGGED = "(untagged)"


@dataclass
class Route:
    template: PathTemplate  # server path + path template
    path: str  # the path template as the spec spells it (the key under /paths)
    operations: dict[str, Operation] = field(default_factory=dict)  # lower-case method -> operation


def load_api(path: str) -> Api:
    """The model of an OpenAPI document, or of a .proto file or folder. Raises InputError."""
    if path.endswith(".proto") or os.path.isdir(path):
        from apilint.model.proto_build import load_proto

        return load_proto(path)
    from apilint.load.workspace import Workspace
    from apilint.model.openapi import build_openapi

    return build_openapi(Workspace(path))


def rpc_key(service: str, method: str) -> str:
    return f"/{service}/{method}"


class TrafficSpec:
    """The operations of one spec, labelled as the proxy labels them (``GET /v1/orders/{order_id}``)."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.is_proto = api.format == "proto"
        self.prefixes = sorted({urlparse(s).path.rstrip("/") for s in api.servers} or {""}, key=len, reverse=True)
        self.labels: dict[int, str] = {}
        self.by_label: dict[str, Operation] = {}
        self.routes: list[Route] = []
        self._op_routes: dict[int, list[Route]] = {}
        by_path: dict[str, Route] = {}
        for op in api.operations:
            if self.is_proto:
                label = rpc_key(op.raw.get("service") or "", op.name)
            elif op.method and op.path:
                label = f"{op.method.upper()} {self.prefixes[-1]}{op.path}"
                for prefix in self.prefixes:
                    full = prefix + op.path
                    route = by_path.get(full)
                    if route is None:
                        route = by_path[full] = Route(compile_template(full), op.path)
                    route.operations[op.method] = op
                    self._op_routes.setdefault(id(op), []).append(route)
            else:
                continue
            self.labels[id(op)] = label
            self.by_label[label] = op
        self.routes = sorted(by_path.values(), key=lambda r: -r.template.literal_length)

    def label(self, op: Operation) -> str:
        return self.labels[id(op)]

    def operations(self) -> list[Operation]:
        return [op for op in self.api.operations if id(op) in self.labels]

    def match(self, method: str, path: str, hint: str | None = None) -> tuple[Route | None, Operation | None]:
        """(route, operation) of a request; the operation is None when the path is known but not the method,
        both are None when no path template matches. ``hint`` is the record's ``operation``, tried first."""
        method = method.lower()
        if hint is not None:
            op = self.by_label.get(hint)
            if op is not None and op.method == method:
                for route in self._op_routes.get(id(op), ()):
                    if route.template.regex.match(path):
                        return route, op
        for route in self.routes:
            if route.template.regex.match(path):
                return route, route.operations.get(method)
        return None, None

    def strip_prefix(self, path: str) -> str:
        """A request path without the longest server path that starts it (for a path the spec lacks)."""
        for prefix in self.prefixes:
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                return path[len(prefix):] or "/"
        return path

    def position(self, loc: Loc) -> tuple[int, int]:
        """(line, column) of a location, 1-based; (0, 0) when its file is not known."""
        if loc.line:
            return loc.line, loc.column or 1
        for source in _sources(self.api).values():
            if source.display == loc.file:
                return source.positions([loc.pointer]).get(loc.pointer, (1, 1))
        return 0, 0


def _sources(api: Api) -> dict:
    workspace = api.workspace
    return getattr(workspace, "files", None) or getattr(workspace, "sources", None) or {}


def tag_of(op: Operation) -> str:
    return op.tags[0] if op.tags else UNTAGGED
