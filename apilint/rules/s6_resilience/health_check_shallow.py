"""health-check-shallow: Only a shallow health endpoint (6.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import (
    resource_segments,
    rest_operations,
    words,
)

_HEALTH = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:{paths}
"""


_ENDPOINT = """
  {path}:
    get:
      operationId: {name}
      responses: {{'200': {{description: OK}}, '503': {{description: Not ready}}}}"""


_PROBES = {"health", "healthz", "healthcheck", "ping", "livez", "readyz", "live", "ready", "liveness", "readiness",
           "alive", "status"}


def _is_probe(op: Operation) -> bool:
    """A GET of the API's own health: every segment a probe word (/health, /v1/healthz, /health/live).
    `/health/facility/authenticate` (a health-care API), `LiveBoxScores`, `CreateFaceLivenessSession`
    and a resource's `/apps/{id}/health` are not."""
    segments = ["".join(words(s)) for s in resource_segments(op)]
    return (op.method in ("get", "head") and bool(segments) and all(s in _PROBES for s in segments)
            and segments != ["status"])


@rule(id="health-check-shallow", title="Only a shallow health endpoint", sections=("6.6",), severity="info",
      reads_descriptions=False,
      presets=(), rationale="""
A single `/health` that answers 200 whenever the process runs says nothing about whether requests can
be served: load balancers keep sending traffic to an instance whose database pool is exhausted
(anti-pattern 6.6). Separate liveness (process alive) from readiness (can serve now), and keep a deep
check for deployment gates.""",
      fix="Offer `/health/live` (liveness) and `/health/ready` (readiness, 503 when a dependency is down).",
      examples=[Example("openapi", bad=_HEALTH.format(paths=_ENDPOINT.format(path="/health", name="health")),
                        good=_HEALTH.format(paths=_ENDPOINT.format(path="/health/live", name="live")
                                            + _ENDPOINT.format(path="/health/ready", name="ready")))])
def health_check_shallow(api: Api, ctx: Context) -> Iterator[Issue]:
    health = [op for op in rest_operations(api) if _is_probe(op)]
    if not health:
        return
    names = {w for op in health for w in words(op.path or "")}
    if not ({"ready", "readyz", "readiness"} & names):
        first = health[0]
        yield Issue(first.loc, f"{first.label} is the only kind of health check: no readiness endpoint "
                    "tells a load balancer whether this instance can serve now")
