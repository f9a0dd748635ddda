"""HTTP methods keep their semantics (2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Schema
from apilint.model.query import is_path_param, response_schema, rest_operations
from apilint.rules._inventory import cached_words, first_word, singular

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    {method}:
      operationId: searchOrders
      requestBody:
        content:
          application/json:
            schema: {{type: object, properties: {{status: {{type: string}}}}}}
      responses: {{'200': {{description: OK}}}}
"""


@rule(id="request-body-on-safe-method", title="GET, HEAD or DELETE takes a request body", sections=("2.2",),
      severity="warning", rationale="""
A body on GET, HEAD or DELETE has no defined semantics (RFC 9110): caches, proxies and many clients drop
it, so the request the service receives depends on the path it took. Reads take their inputs in the
path and query; a read too complex for a query string is a POST to a search resource, documented as
such (anti-pattern 2.2).""",
      fix="Move the inputs to query parameters, or use POST on a search resource (e.g. POST /v1/orders:search).",
      examples=[Example("openapi", bad=_SPEC.format(method="get"), good=_SPEC.format(method="post"))])
def request_body_on_safe_method(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if op.method in ("get", "head", "delete") and op.request is not None and op.request.content:
            if all(_empty_body(schema) for schema in op.request.content.values()):
                continue
            yield Issue(op.request.loc, f"{op.label} takes a request body")


def _empty_body(schema: Schema | None) -> bool:
    """Stripe declares `{type: object, properties: {}, additionalProperties: false}` bodies on its GETs:
    a body that can only be empty is no body."""
    return (schema is not None and schema.data.get("additionalProperties") is False
            and not schema.data.get("properties") and not schema.composed())


STATE_CHANGING = ["create", "generate", "delete", "remove", "reset", "update", "set", "add", "insert", "cancel",
                  "approve", "reject", "start", "stop", "restart", "trigger", "execute", "send", "publish",
                  "enable", "disable", "revoke", "purge", "clear", "increment", "modify", "edit", "destroy",
                  "erase", "write", "save", "mark", "rotate", "regenerate", "archive", "unarchive", "lock",
                  "unlock", "subscribe", "unsubscribe", "make", "post", "put", "patch"]
# Path segments only: `/archive`, `/lock` name things; Rails' `GET .../edit` renders a form.
_NOUN_LIKE = {"archive", "lock", "post", "put", "patch", "set", "write", "save", "mark", "make", "clear", "edit"}
# ...and these head compound nouns: `StopPoints` (TfL), `updateSummary` (Azure), `startDates`.
_COMPOUND_HEADS = {"stop", "update", "start", "trigger", "send", "change", "publish"}
_NOT_OBJECTS = {"on", "ons", "count", "counts", "result", "results", "time", "at", "status", "history", "log",
                "logs", "info", "config", "settings"}  # restart_count, add-ons: nouns, not actions
READ_VERBS = ["get", "list", "fetch", "retrieve", "read", "lookup", "describe", "show"]

_GET_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  {path}:
    {method}:
      operationId: {op_id}
      responses: {{'{status}': {{description: OK}}}}
"""


def _path_nouns(op: Operation) -> set[str]:
    """Singular words of the path: `postReplies` on /posts/{id}/replies names the post, it does not POST."""
    return {singular(w) for segment in op.path_segments if not is_path_param(segment) for w in cached_words(segment)}


@rule(id="safe-method-changes-state", title="GET or HEAD operation changes state", sections=("2.2",),
      severity="error", options={"verbs": STATE_CHANGING}, rationale="""
GET and HEAD are safe: crawlers, prefetchers, caches and retrying clients call them freely. A
`GET /reports/generate` that inserts a database record, or a `GET /users/{id}/reset` that resets
something, runs whenever anything on the way decides to (re)fetch the URL (anti-pattern 2.2).""",
      fix="Use POST for operations that create or change state (e.g. POST /v1/reports), PUT/PATCH to update, "
          "DELETE to delete.",
      examples=[Example("openapi", bad=_GET_SPEC.format(path="/v1/reports/generate", method="get",
                                                        op_id="generateReport", status="200"),
                        good=_GET_SPEC.format(path="/v1/reports", method="post", op_id="createReport",
                                              status="201"))])
def safe_method_changes_state(api: Api, ctx: Context) -> Iterator[Issue]:
    verbs = ctx.words("verbs")
    for op in rest_operations(api):
        if op.method not in ("get", "head"):
            continue
        verb = first_word(op)
        if verb in verbs and not (verb in _NOUN_LIKE and verb in _path_nouns(op)):
            yield Issue(op.loc, f"{op.label} is named '{op.operation_id}' but GET/HEAD must not change state",
                        hint="use POST (or PUT/PATCH/DELETE) for operations with side effects")
            continue
        for segment in op.path_segments:
            ws = cached_words(segment.split(":", 1)[0]) if not is_path_param(segment) else []
            if ws and ws[0] in verbs and ws[0] not in _NOUN_LIKE and (
                    len(ws) == 1 or (len(ws) == 2 and ws[1] not in _NOT_OBJECTS and (
                        ws[0] not in _COMPOUND_HEADS or ws[1].endswith("ing")))):
                yield Issue(op.loc, f"{op.label}: path segment '{segment}' says '{ws[0]}' but GET/HEAD must not "
                            "change state", hint="use POST (or PUT/PATCH/DELETE) for operations with side effects")
                break


_PATCH_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    parameters:
      - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
    get:
      operationId: getOrder
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Order'}}
    patch:
      operationId: updateOrder
      requestBody:
        content:
          application/merge-patch+json:
            schema: {{$ref: '#/components/schemas/{schema}'}}
      responses: {{'200': {{description: OK}}}}
components:
  schemas:
    Order:
      type: object
      required: [customer_id, items, note]
      properties:
        customer_id: {{type: string}}
        items: {{type: array, items: {{type: string}}}}
        note: {{type: string}}
    OrderPatch:
      type: object
      properties:
        items: {{type: array, items: {{type: string}}}}
        note: {{type: string}}
"""


_PROTO_PATCH_REPLACES_RESOURCE_BAD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Products {
  rpc CreateProduct(Product) returns (Product) {
    option (google.api.http) = {post: "/v1/products" body: "*"};
  }
  rpc UpdateProduct(Product) returns (Product) {
    option (google.api.http) = {patch: "/v1/products/{id}" body: "*"};
  }
}
message Product {
  string id = 1;
  string title = 2 [(validate.rules).message.required = true];
}
"""
_PROTO_PATCH_REPLACES_RESOURCE_GOOD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
import "google/protobuf/field_mask.proto";
service Products {
  rpc CreateProduct(Product) returns (Product) {
    option (google.api.http) = {post: "/v1/products" body: "*"};
  }
  rpc UpdateProduct(UpdateProductRequest) returns (Product) {
    option (google.api.http) = {patch: "/v1/products/{product.id}" body: "product"};
  }
}
message Product {
  string id = 1;
  string title = 2 [(validate.rules).message.required = true];
}
message UpdateProductRequest {
  Product product = 1;
  google.protobuf.FieldMask update_mask = 2;
}
"""

@rule(id="patch-replaces-resource", title="PATCH body requires the whole resource", sections=("2.2", "4.4"),
      severity="warning", formats=("openapi", "proto"), rationale="""
PATCH is a partial update: the body carries only what changes. A PATCH whose body schema requires every
property of the resource (or reuses the create/replace schema with its required fields) is a PUT in
disguise: clients must send fields they do not mean to change, and a field they omit or send stale is
overwritten (anti-patterns 2.2 and 4.4).""",
      fix="Give PATCH its own schema with no required fields (JSON merge patch), or use PUT for full replacement.",
      examples=[Example("proto", bad=_PROTO_PATCH_REPLACES_RESOURCE_BAD, good=_PROTO_PATCH_REPLACES_RESOURCE_GOOD),
                Example("openapi", bad=_PATCH_SPEC.format(schema="Order"),
                        good=_PATCH_SPEC.format(schema="OrderPatch"))])
def patch_replaces_resource(api: Api, ctx: Context) -> Iterator[Issue]:
    full_bodies: dict[tuple[str, str], str] = {}
    for op in api.operations:
        if op.method in ("put", "post") and op.request is not None and op.request.schema is not None:
            full_bodies.setdefault(op.request.schema.key, op.label)
    gets = {op.path: op for op in api.operations if op.method == "get" and op.path}

    def resource_fields(path: str | None) -> set[str]:
        """Writable properties of what GET returns at ``path`` (computed only for PATCHed paths)."""
        schema = response_schema(gets[path]) if path in gets else None
        if schema is None:
            return set()
        return {name for name, prop in schema.all_properties().items()
                if prop.data.get("readOnly") is not True and name not in ("id", "name")}

    for op in api.operations:
        if op.method != "patch" or op.request is None or op.request.schema is None:
            continue
        schema = op.request.schema
        required = set(schema.required)
        if not required:
            continue
        if schema.key in full_bodies:
            yield Issue(op.request.loc, f"{op.label} takes the same body schema as {full_bodies[schema.key]}, "
                        f"with required fields ({', '.join(sorted(required))})",
                        hint="give PATCH a schema whose fields are all optional")
        elif len(resource := resource_fields(op.path)) >= 2 and required >= resource:
            yield Issue(op.request.loc, f"{op.label}: the PATCH body requires every property of the resource "
                        f"({', '.join(sorted(resource))}), which replaces it whole",
                        hint="make the fields optional (partial update) or use PUT")


_POST_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders{suffix}:
    {method}:
      operationId: listOrders
      responses: {{'200': {{description: OK}}}}
"""


@rule(id="post-for-read", title="POST used for a read without a documented reason", sections=("2.2",),
      severity="info", presets=("strict",), options={"verbs": READ_VERBS}, rationale="""
POST is neither safe nor idempotent: caches, proxies and retrying clients treat a POST read as
something that may change state, so it is not cached and not retried. Reads are GET. A search whose
inputs do not fit a query string may be a POST to a search resource, documented as such; tunnelling
every call through POST (GraphQL, gRPC) is a protocol choice that must be documented (anti-pattern 2.2).""",
      fix="Use GET with query parameters; for a complex search use POST on a search resource and say why in "
          "the description.",
      examples=[Example("openapi", bad=_POST_SPEC.format(suffix="/list", method="post"),
                        good=_POST_SPEC.format(suffix="", method="get"))])
def post_for_read(api: Api, ctx: Context) -> Iterator[Issue]:
    reads, changes = ctx.words("verbs"), frozenset(STATE_CHANGING)
    for op in rest_operations(api):
        if op.method != "post" or "graphql" in (op.path or "").lower():
            continue
        name_words = cached_words(op.operation_id or "")
        if first_word(op) not in reads or changes & set(name_words[1:]):
            continue
        if {"search", "query", "filter", "batch", "bulk", "token", "or"} & set(name_words):
            continue
        if any(s in op.responses for s in ("201", "202")):
            continue
        text = f"{op.summary or ''} {op.description or ''}".lower()
        if "post" in text or "body" in text:
            continue
        yield Issue(op.loc, f"{op.label} ('{op.operation_id}') reads but uses POST",
                    hint="use GET, or document why the read needs a request body")
