"""version-mixed: Resources of one API are split across major versions (2.3, 7.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc
from apilint.rules._examples import spec

_MAJOR = re.compile(r"^v(\d+)(?:[.\-_]?(?:alpha|beta)\d*)?$", re.I)


_MIXED_SPEC = spec("""
        /v1/orders:
          get:
            operationId: listOrders
            responses: {{'200': {{description: OK}}}}
        /{version}/customers:
          get:
            operationId: listCustomers
            responses: {{'200': {{description: OK}}}}
    """)


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
      reads_descriptions=False,
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
