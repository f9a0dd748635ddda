"""version-not-semver: info.version is neither semantic nor a release date (2.3, 7.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc

_SEMVER = re.compile(r"^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.\-+]+)?$")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([.\-_][0-9A-Za-z.\-]+)?$")


_SEMVER_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: '{version}'}}
servers: [{{url: 'https://api.example.com/v1'}}]
paths: {{}}
"""


@rule(id="version-not-semver", title="info.version is neither semantic nor a release date", sections=("2.3", "7.4"),
      reads_descriptions=False,
      severity="info", rationale="""
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
