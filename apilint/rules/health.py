"""Health endpoints distinguish liveness from readiness and report dependencies (6.6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import is_path_param, response_schema, rest_operations, words
from apilint.rules._shared import snake, spec

HEALTH_WORDS = ["health", "healthz", "healthcheck", "livez", "readyz", "ping", "heartbeat"]
PROBE_WORDS = ["live", "liveness", "livez", "ready", "readiness", "readyz", "deep", "startup", "startupz"]
DETAIL_FIELDS = ["checks", "dependencies", "components", "details", "services", "results", "subsystems",
                 "downstream", "database", "db", "cache"]

_HEALTH = """
/health{suffix}:
  get:
    operationId: {op_id}
    responses:
      '200':
        description: {what}
        content:
          application/json:
            schema:
              type: object
              properties:
                status: {{type: string, enum: [ok, degraded, down]}}{checks}
"""
_CHECKS = """
                checks:
                  type: object
                  additionalProperties: {type: string, enum: [ok, down]}"""


def _service_level(segments: list[str]) -> bool:
    """`/health`, `/v1/healthz`, `/health/db`: the service's own probe, not a resource's health
    (`/v2/apps/{app_id}/health` reports on a customer's app)."""
    literal = [s for s in segments if not re.fullmatch(r"v\d+(\.\d+)?", s)]
    return 0 < len(literal) <= 2 and not any(is_path_param(s) for s in literal)


@rule(id="health-check-shallow", title="Only a shallow health endpoint", sections=("6.6",), severity="warning",
      rationale="""
A `/health` that answers 200 whenever the HTTP server runs reports 99.99% availability while the
database pool is exhausted (anti-pattern 6.6). When an API documents health endpoints, it should
distinguish liveness (`/health/live`, the process is alive: restart it if not) from readiness
(`/health/ready`, it can serve: take it out of the load balancer if not), and report the state of its
dependencies. Only APIs that document a health endpoint are checked.""",
      fix="Add `/health/live` and `/health/ready` (and optionally `/health/deep`), and return per-dependency "
          "`checks` in the body.",
      options={"words": HEALTH_WORDS, "probes": PROBE_WORDS, "detail_fields": DETAIL_FIELDS},
      examples=[Example("openapi", bad=spec(_HEALTH.format(suffix="", op_id="getHealth", what="Up", checks="")),
                        good=spec(_HEALTH.format(suffix="/live", op_id="getLiveness", what="The process is alive",
                                                 checks="")
                                  + _HEALTH.format(suffix="/ready", op_id="getReadiness",
                                                   what="Ready, with the state of each dependency",
                                                   checks=_CHECKS)))])
def health_check_shallow(api: Api, ctx: Context) -> Iterator[Issue]:
    health = ctx.words("words")
    probes = ctx.words("probes")
    details = {snake(w) for w in ctx.words("detail_fields")}
    ops = [op for op in rest_operations(api) if op.method == "get" and _service_level(op.path_segments)
           and any(w in health for s in op.path_segments for w in words(s))]
    if not ops:
        return
    if any(w in probes for op in ops for s in op.path_segments for w in words(s)):
        return
    for op in ops:
        schema = response_schema(op)
        if schema is not None and {snake(n) for n in schema.all_properties()} & details:
            return
    yield Issue(ops[0].loc, f"{ops[0].label} is the only kind of health check: add separate liveness and readiness "
                "endpoints (/health/live, /health/ready) and report dependency status",
                hint="split into /health/live and /health/ready")
