"""The API carries a version from day one (2.3, 7.4)."""

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
      severity="warning", rationale="""
Without a version identifier there is no way to ship a breaking change without breaking clients:
version from day one in the URL path (`/v1/`, `/v2/`) and run old versions in parallel until usage is
zero (anti-patterns 2.3 and 7.4). A release date in the path, or a version the client must send in a
header (`Stripe-Version`) or query parameter (`api-version`), is a version identifier too and counts.""",
      fix="Put the major version in the server URL or as the first path segment: https://api.example.com/v1. "
          "For protos, end the package with the major version: `package shop.v1;`.",
      formats=("openapi", "proto"),
      examples=[Example("openapi", bad=_SPEC.format(base=""), good=_SPEC.format(base="/v1")),
                Example("proto", bad=_PROTO.format(package="shop"), good=_PROTO.format(package="shop.v1"))])
def version_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    if api.format == "proto":
        yield from _proto_packages(api)
        return
    if any(_VERSION_SEGMENT.search(server.split("://", 1)[-1]) for server in api.servers):
        return
    unversioned = sorted({op.path for op in api.operations
                          if op.path and not _VERSION_SEGMENT.search(op.path) and not _version_parameter(op)})
    if not unversioned:
        return
    yield Issue(Loc(api.file, "/paths"), f"{len(unversioned)} path(s) carry no version (e.g. {unversioned[0]}) and "
                "no server URL does", hint="prefix paths with /v1 or add it to the server URL")


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


_MAJOR = re.compile(r"^v(\d+)(?:[.\-_]?(?:alpha|beta)\d*)?$", re.I)
_MIXED_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses: {{'200': {{description: OK}}}}
  /{version}/customers:
    get:
      operationId: listCustomers
      responses: {{'200': {{description: OK}}}}
"""


def _versioned_groups(api: Api) -> dict[str, dict[str, set[str]]]:
    """prefix before the version segment -> major version -> resources right after it."""
    groups: dict[str, dict[str, set[str]]] = {}
    for op in api.operations:
        segments = op.path_segments
        for index, segment in enumerate(segments):
            match = _MAJOR.match(segment)
            if match:
                prefix = "/" + "/".join(segments[:index])
                resource = segments[index + 1] if index + 1 < len(segments) else ""
                groups.setdefault(prefix, {}).setdefault(match.group(1), set()).add(resource)
                break
    return groups


@rule(id="version-mixed", title="Resources of one API are split across major versions", sections=("2.3", "7.4"),
      severity="warning", rationale="""
One API surface whose resources live under different major versions (`/v1/orders` next to
`/v2/customers`, with neither version complete) has no coherent version: clients cannot move to "v2"
as a whole, and nobody can tell which combination is supported. Run versions in parallel, each
complete, until usage of the old one is zero (anti-patterns 2.3 and 7.4). Parallel versions that
share resources (`/v1/orders` and `/v2/orders`) are what this recommends and are not flagged.""",
      fix="Serve every resource under the current major version (keep the old version complete in parallel), "
          "or split the document per version.",
      examples=[Example("openapi", bad=_MIXED_SPEC.format(version="v2"), good=_MIXED_SPEC.format(version="v1"))])
def version_mixed(api: Api, ctx: Context) -> Iterator[Issue]:
    for prefix, majors in _versioned_groups(api).items():
        if len(majors) < 2:
            continue
        resource_sets = list(majors.values())
        shared = set.intersection(*resource_sets)
        if shared:
            continue
        listing = ", ".join(f"v{m}: {', '.join(sorted(r)[:3])}" for m, r in sorted(majors.items()))
        base = prefix.rstrip("/")
        yield Issue(Loc(api.file, "/paths"), f"paths under '{base}/' mix major versions with no resource "
                    f"served in both ({listing})", hint="serve every resource under one current major version")


_SEMVER = re.compile(r"^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.\-+]+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([.\-_][0-9A-Za-z.\-]+)?$")
_SEMVER_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: '{version}'}}
servers: [{{url: 'https://api.example.com/v1'}}]
paths: {{}}
"""


@rule(id="version-not-semver", title="info.version is neither semantic nor a release date", sections=("2.3", "7.4"),
      severity="info", presets=("strict",), rationale="""
`info.version` is the version of the contract document. A semantic version (`1.4.0`, or at least a
major version such as `v2`) tells clients and tools whether a change is breaking (major), additive
(minor) or a fix (patch); a release date
(`2024-06-20`, Stripe style) orders versions unambiguously. Values such as `latest`, `unversioned` or
`final` say nothing, so nobody can tell which contract a client was built against (anti-patterns 2.3
and 7.4).""",
      fix="Set info.version to a semantic version (MAJOR.MINOR.PATCH) or a release date (YYYY-MM-DD).",
      examples=[Example("openapi", bad=_SEMVER_SPEC.format(version="latest"),
                        good=_SEMVER_SPEC.format(version="1.4.0"))])
def version_not_semver(api: Api, ctx: Context) -> Iterator[Issue]:
    if api.version is None:
        return
    version = api.version.strip()
    if _SEMVER.match(version) or _DATE.match(version):
        return
    yield Issue((api.info_loc or Loc(api.file, "/info")).child("version"),
                f"info.version '{api.version}' is not a semantic version or a release date",
                hint="use MAJOR.MINOR.PATCH (e.g. 1.0.0) or YYYY-MM-DD")
