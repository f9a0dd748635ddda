"""version-missing: API has no version in its paths or server URL (2.3, 7.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation

# /v1, /v2beta1, /v20210603; a release date (/2020-08-01/); a date-stamped RPC target (CodeBuild_20161006.Get).
_VERSION_SEGMENT = re.compile(r"(^|/)(v\d+([.\-_]?(alpha|beta)?\d*)?|\d{4}-\d{2}-\d{2})(/|$)"
                              r"|[_=]v?(19|20)\d{6}\.", re.I)


# api-version=2021-01-01 (Azure), Version=2016-11-15 (AWS query APIs), Stripe-Version / X-GitHub-Api-Version.
_VERSION_QUERY = re.compile(r"^(api[-_.]?version|version)$", re.I)


_VERSION_HEADER = re.compile(r"(^|[-_])(api[-_]?)?version$", re.I)


# Endpoints about the server rather than the API, unversioned by convention (/.well-known/..., /healthz, /version).
_META_PATH = re.compile(r"^/(\.well-known(/|$)|(health|healthz|livez|readyz|ping|metrics|version|versions)/?$)", re.I)


_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
servers:
  - url: https://api.example.com{base}
paths:
  /orders:
    get:
      operationId: listOrders
      responses: {{'200': {{description: OK}}}}
"""


_PROTO = """syntax = "proto3";
package {package};
service OrderService {{
  rpc GetOrder(GetOrderRequest) returns (Order);
}}
message GetOrderRequest {{ string name = 1; }}
message Order {{ string name = 1; }}
"""


def _proto_packages(api: Api) -> Iterator[Issue]:
    """Packages that define services end with a version (``shop.v1``); shared type packages are exempt."""
    from apilint.model.proto import proto_workspace, version_suffix

    ws = proto_workspace(api)
    reported: set[str] = set()
    for package in ws.of_kind("package") if ws else ():
        if package.fqn in reported or not package.proto.service or version_suffix(package.fqn):
            continue
        reported.add(package.fqn)
        yield Issue(package.loc, f"package {package.fqn} defines services but carries no version",
                    hint=f"name it {package.fqn}.v1")


@rule(id="version-missing", title="API has no version in its paths or server URL", sections=("2.3", "7.4"),
      reads_descriptions=False,
      severity="warning", rationale="""
Without a version identifier there is no way to ship a breaking change without breaking clients:
version from day one in the URL path (`/v1/`, `/v2/`) and run old versions in parallel until usage is
zero (anti-patterns 2.3 and 7.4). A release date in the path, or a version the client must send in a
header (`Stripe-Version`) or query parameter (`api-version`), is a version identifier too and counts.
When most paths carry a version (`/v1/orders`), each path that does not (`/orders-legacy/{id}`) is
reported on its own, whatever the server URL says: a breaking change there has no version to go to.
Discovery roots above a version (`/apis/apps/`) and server endpoints (`/.well-known/...`, `/healthz`)
are exempt.""",
      fix="Put the major version in the server URL or as the first path segment: https://api.example.com/v1. "
          "For protos, end the package with the major version: `package shop.v1;`.",
      formats=("openapi", "proto"),
      examples=[Example("openapi", bad=_SPEC.format(base=""), good=_SPEC.format(base="/v1")),
                Example("proto", bad=_PROTO.format(package="shop"), good=_PROTO.format(package="shop.v1"))])
def version_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    if api.format == "proto":
        yield from _proto_packages(api)
        return
    paths = {op.path for op in api.operations if op.path and not _META_PATH.search(op.path)}
    if sum(1 for path in paths if _VERSION_SEGMENT.search(path)) * 2 > len(paths):
        yield from _unversioned_outliers(api)
        return
    if any(_VERSION_SEGMENT.search(server.split("://", 1)[-1]) for server in api.servers):
        return
    unversioned = sorted({op.path for op in api.operations
                          if op.path and not _VERSION_SEGMENT.search(op.path) and not _version_parameter(op)})
    if not unversioned:
        return
    yield Issue(Loc(api.file, "/paths"), f"{len(unversioned)} path(s) carry no version (e.g. {unversioned[0]}) and "
                "no server URL does", hint="prefix paths with /v1 or add it to the server URL")


def _unversioned_outliers(api: Api) -> Iterator[Issue]:
    """Most paths carry a version segment: each path without one escapes the versioning (2.3, 7.4).

    A version in the server URL does not cover these: the other paths repeat it, so the outlier is the
    one path a breaking change cannot be versioned for.
    """
    first_op: dict[str, Operation] = {}
    for op in api.operations:
        if op.path and not _META_PATH.search(op.path):
            first_op.setdefault(op.path, op)
    versioned = [path for path in first_op if _VERSION_SEGMENT.search(path)]
    for path, op in sorted(first_op.items()):
        if _VERSION_SEGMENT.search(path) or _version_parameter(op):
            continue
        if any(other.startswith(path.rstrip("/") + "/") for other in versioned):
            continue  # a discovery root listing the versions below it (/apis/apps/ over /apis/apps/v1/...)
        yield Issue(op.loc, f"path {path} carries no version while {len(versioned)} of {len(first_op)} "
                    "paths do", hint=f"serve it under the version the other paths use (e.g. {versioned[0]})")


def _version_parameter(op: Operation) -> bool:
    """A version the client must send in a header or query parameter is a versioning strategy too (7.4)."""
    for param in op.parameters:
        if param.location == "header" and _VERSION_HEADER.search(param.name):
            return True
        if param.location == "query" and _VERSION_QUERY.match(param.name):
            data = param.schema.data if param.schema else {}
            if param.required or "enum" in data or "default" in data or param.name.lower() != "version":
                return True
    return False
