"""api-surface-oversized: API surface is too large to understand (1.2)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation
from apilint.model.query import is_path_param
from apilint.rules._examples import spec


def _resource_root(op: Operation) -> str | None:
    segments = [s for s in op.path_segments if not is_path_param(s)]
    for index, segment in enumerate(segments):
        if re.fullmatch(r"v\d+([.\-_]?\w+)?|\d{4}-\d{2}-\d{2}", segment) and index + 1 < len(segments):
            return segments[index + 1]
    return segments[0] if segments else None


_SURFACE_SPEC = spec("""

    """)


def _surface(count: int) -> str:
    return _SURFACE_SPEC + "".join(f"  /v1/orders/{{order_id}}/report{i}: {{get: {{operationId: getOrderReport{i}, "
                                   "responses: {'200': {description: OK}}}}\n" for i in range(count))


@rule(id="api-surface-oversized", title="API surface is too large to understand", sections=("1.2",),
      reads_descriptions=False,
      severity="info", presets=("strict",), options={"max_operations": 400, "max_per_resource": 100},
      rationale="""
A surface should be small enough that a competent developer understands its structure in 30 minutes.
Hundreds of purpose-built endpoints (one per feature or screen) make integration without documentation
impossible and let near-duplicates proliferate (anti-pattern 1.2). Thresholds are options: the
defaults only flag very large surfaces.""",
      fix="Generalise purpose-built endpoints into composable operations on fewer resources (filters, field masks), "
          "or split the API along resource boundaries.",
      examples=[Example("openapi", bad=_surface(101), good=_surface(3))])
def api_surface_oversized(api: Api, ctx: Context) -> Iterator[Issue]:
    max_ops, max_per = int(ctx.option("max_operations")), int(ctx.option("max_per_resource"))
    if len(api.operations) > max_ops:
        yield Issue(Loc(api.file, "/paths"), f"the API has {len(api.operations)} operations (more than "
                    f"{max_ops}); a surface this large cannot be understood without reading all of it")
    roots = Counter(root for root in map(_resource_root, api.operations) if root)
    first: dict[str, Operation] = {}
    for op in api.operations:
        first.setdefault(_resource_root(op) or "", op)
    for root, count in roots.most_common():
        if count <= max_per:
            break
        yield Issue(first[root].loc, f"{count} operations under '/{root}' (more than {max_per})",
                    hint="generalise purpose-built endpoints, or split the resource")
