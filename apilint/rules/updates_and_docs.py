"""Updates that merge and do not lose writes (4.4, 4.5); health checks that mean something (6.6);
a contract that is documented (7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation
from apilint.model.query import (
    header_names,
    input_fields,
    is_path_param,
    resource_segments,
    rest_operations,
    words,
)
from apilint.rules._shared import raw_at

MASK_FIELDS = ["update_mask", "field_mask", "fields", "mask", "updatemask"]
VERSION_FIELDS = ["etag", "version", "revision", "resource_version", "if_match", "lock_version"]

_UPDATE = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    patch:
      operationId: updateOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string}}}}{params}
      requestBody:
        content:
          {media}:
            schema: {{type: object, properties: {{note: {{type: string}}}}}}
      responses:
        '200': {{description: Updated}}{errors}
"""


def _norm(name: str) -> str:
    return "_".join(words(name))


@rule(id="patch-without-merge-semantics", title="PATCH has no merge-patch media type or field mask",
      sections=("4.4",), severity="warning", rationale="""
A PATCH whose body is plain `application/json` has no defined semantics for absent fields: some
servers treat them as "unchanged", others as "clear", and a client that sends a partial object can
silently delete data (anti-pattern 4.4). `application/merge-patch+json` (RFC 7396),
`application/json-patch+json` (RFC 6902) or an explicit field mask says exactly what changes.""",
      fix="Accept `application/merge-patch+json` (or JSON Patch), or take an `update_mask` naming the fields to "
          "change.",
      options={"fields": MASK_FIELDS},
      examples=[Example("openapi", bad=_UPDATE.format(params="", media="application/json", errors=""),
                        good=_UPDATE.format(params="", media="application/merge-patch+json", errors=""))])
def patch_without_merge_semantics(api: Api, ctx: Context) -> Iterator[Issue]:
    masks = {_norm(f) for f in ctx.words("fields")}
    for op in rest_operations(api):
        if op.method != "patch" or op.request is None or not op.request.content:
            continue
        media = set(op.request.content)
        if any("merge-patch" in m or "json-patch" in m for m in media):
            continue
        if any(_norm(name) in masks for name in input_fields(op)):
            continue
        yield Issue(op.request.loc, f"{op.label} takes {', '.join(sorted(media))}: absent fields have no defined "
                    "meaning", hint="use application/merge-patch+json or an update_mask")


@rule(id="update-without-concurrency-control", title="Update has no optimistic concurrency control",
      sections=("4.5", "4.6"), severity="info", presets=(), rationale="""
Two clients that read, change and write the same resource overwrite each other's changes without
noticing (lost update). An ETag with `If-Match` (answered by 412) or a version field (answered by
409) makes the second writer find out (anti-patterns 4.5 and 4.6).""",
      fix="Accept `If-Match` with the resource's ETag and answer 412 on a mismatch (or take a `version` field and "
          "answer 409).",
      options={"fields": VERSION_FIELDS},
      examples=[Example("openapi", bad=_UPDATE.format(params="", media="application/merge-patch+json", errors=""),
                        good=_UPDATE.format(params="\n        - {name: If-Match, in: header, required: true, "
                                                   "schema: {type: string}}",
                                            media="application/merge-patch+json",
                                            errors="\n        '412': {description: Stale ETag}"))])
def update_without_concurrency_control(api: Api, ctx: Context) -> Iterator[Issue]:
    versions = {_norm(f) for f in ctx.words("fields")}
    for op in rest_operations(api):
        if op.method not in ("put", "patch") or not op.path_segments or not is_path_param(op.path_segments[-1]):
            continue
        if "if-match" in header_names(op) or "409" in op.responses or "412" in op.responses:
            continue
        if op.request is None or any("json-patch" in m.lower() for m in op.request.content):
            continue  # no body: nothing read-modify-written; JSON Patch's `test` op is a precondition
        fields = input_fields(op)
        metadata = fields.get("metadata")  # Kubernetes-style objects keep resourceVersion there
        nested = list(metadata.all_properties()) if metadata is not None else []
        if any(_norm(name) in versions for name in [*fields, *nested]):
            continue
        yield Issue(op.loc, f"{op.label} has no If-Match, version field, 409 or 412: concurrent updates are lost")


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


_DOCS = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders{summary}
      parameters:
        - name: page_token
          in: query{param}
          schema: {{type: string}}
      responses: {{'200': {{description: Orders}}}}
"""


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _path_item_documented(api: Api, op: Operation) -> bool:
    """A Path Item's summary/description applies to all its operations (Twilio leaves each operation's
    summary empty and describes the path: "Usage records summarized by month")."""
    parent, _, method = op.loc.pointer.rpartition("/")
    item = raw_at(api, Loc(op.loc.file, parent)) if parent else {}
    return method in item and (_text(item.get("summary")) or _text(item.get("description")))


@rule(id="description-missing", title="Operation or parameter without a description", sections=("7.5",),
      severity="info", presets=(), rationale="""
Documentation is part of the contract: a parameter without a description leaves valid values,
defaults and behaviour when absent to guesswork, and an operation without a summary cannot be found
in generated docs and SDKs (anti-pattern 7.5). A path item's summary or description covers its
operations.""",
      fix="Add a `summary` (or `description`) to every operation and a `description` to every parameter saying "
          "what values are valid and what happens when it is absent.",
      examples=[Example("openapi", bad=_DOCS.format(summary="", param=""),
                        good=_DOCS.format(summary="\n      summary: List orders",
                                          param="\n          description: The next_page_token of the previous page"))])
def description_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        if not (_text(op.summary) or _text(op.description) or _path_item_documented(api, op)):
            yield Issue(op.loc, f"{op.label} has neither summary nor description")
        for param in op.parameters:
            key = (param.loc.file, param.loc.pointer)
            if key in seen:
                continue
            seen.add(key)
            schema_doc = param.schema.data.get("description") if param.schema is not None else None
            if not (param.description or schema_doc):
                yield Issue(Loc(param.loc.file, param.loc.pointer), f"{op.label}: parameter '{param.name}' has no "
                            "description")
