"""The spec live validation runs against: loaded, checked, its servers made path-only.

Here rather than in the addon so that the proxy, its writer processes and ``apilint contracts
build`` all reach it without importing mitmproxy (or each other).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from apilint.errors import InputError, shown_path


def require_openapi_3(spec: object, source: str | None = None) -> None:
    """The cheap check of a spec for live validation; openapi-core's full one runs in SpecValidator."""
    if not isinstance(spec, dict) or not str(spec.get("openapi", "")).startswith("3."):
        raise InputError("live validation needs an OpenAPI 3.x or Swagger 2.0 document", source and shown_path(source))


def load_spec(path: str) -> dict:
    """The spec as one dict, external ``$ref`` files bundled in (safely: no remote refs, nothing
    outside the spec's folder), Swagger 2.0 converted to 3.0; an InputError naming the file unless
    it is OpenAPI 3.x or Swagger 2.0."""
    from apilint.load.bundle import bundle_spec
    from apilint.load.swagger2 import to_openapi3

    spec = to_openapi3(bundle_spec(path))
    require_openapi_3(spec, path)
    return spec


def _local_servers(servers: Any) -> Any:
    """Servers reduced to their path: live traffic arrives on the proxy's host, not the spec's."""
    if not isinstance(servers, list):
        return servers
    out = []
    for server in servers:
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            server = {**server, "url": urlparse(server["url"]).path or "/"}
        out.append(server)
    return out


def prepare_spec(spec: dict) -> dict:
    """A shallow copy of the spec whose servers (top, path and operation level) are path-only."""
    spec = dict(spec)
    if "servers" in spec:
        spec["servers"] = _local_servers(spec["servers"])
    paths = {}
    for template, item in (spec.get("paths") or {}).items():
        if isinstance(item, dict):
            item = dict(item)
            if "servers" in item:
                item["servers"] = _local_servers(item["servers"])
            for method, op in list(item.items()):
                if isinstance(op, dict) and "servers" in op:
                    item[method] = {**op, "servers": _local_servers(op["servers"])}
        paths[template] = item
    spec["paths"] = paths
    return spec
