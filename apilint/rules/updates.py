"""Updates say what they change (4.4) and detect lost updates (4.5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import header_names, input_fields, is_path_param, words
from apilint.rules._shared import snake, spec

PATCH_MEDIA_TYPES = ["application/merge-patch+json", "application/json-patch+json",
                     "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
MASK_FIELDS = ["update_mask", "field_mask", "fields", "mask", "update_fields", "paths"]
_PARTIAL = re.compile(r"partial|merge|only the (provided|specified|given|supplied|included) |"
                      r"(omitted|not (included|provided|specified|supplied)) .{0,40}(unchanged|untouched|left as)",
                      re.I)


def _is_update(op: Operation) -> bool:
    if op.method in ("put", "patch"):
        return True
    return op.method is None and words(op.name)[:1] == ["update"]


def _has_mask(op: Operation, masks: set[str]) -> bool:
    for name, schema in input_fields(op).items():
        if snake(name) in masks:
            return True
        proto = schema.data.get("x-proto", {}) if schema is not None else {}
        if isinstance(proto, dict) and str(proto.get("type_name", "")).endswith("FieldMask"):
            return True
    return False


_PATCH = """
/v1/orders/{{order_id}}:
  patch:
    operationId: updateOrder
    parameters:
      - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
    requestBody:
      required: true
      content:
        {media}:
          schema:
            type: object
            properties:
              shipping_address: {{type: string}}
              contact_email: {{type: string}}
    responses:
      '200': {{description: The updated order}}
"""
_PROTO = """syntax = "proto3";
package shop.v1;
import "google/protobuf/field_mask.proto";
service OrderService {{
  rpc UpdateOrder(UpdateOrderRequest) returns (Order);
}}
message UpdateOrderRequest {{
  Order order = 1;{mask}
}}
message Order {{ string name = 1; string shipping_address = 2; }}
"""


@rule(id="patch-semantics-unclear", title="PATCH without merge-patch, JSON Patch or a field mask",
      sections=("4.4",), severity="info", formats=("openapi", "proto"), rationale="""
A PATCH whose body is plain `application/json` does not say whether absent fields are left alone or
deleted; implementations drift to full replacement and a mobile client updating the shipping address
silently deletes the contact email (anti-pattern 4.4). Declare the semantics in the contract: the
`application/merge-patch+json` (RFC 7396) or `application/json-patch+json` (RFC 6902) media type, or an
`update_mask` naming the fields to change (gRPC: `google.protobuf.FieldMask update_mask`). A PATCH
whose description states partial-update semantics is not flagged.""",
      fix="Use `application/merge-patch+json` for the PATCH body, or accept an `update_mask` listing the fields "
          "to change.",
      options={"media_types": PATCH_MEDIA_TYPES, "mask_fields": MASK_FIELDS},
      examples=[Example("openapi", bad=spec(_PATCH.format(media="application/json")),
                        good=spec(_PATCH.format(media="application/merge-patch+json"))),
                Example("proto", bad=_PROTO.format(mask=""),
                        good=_PROTO.format(mask="\n  google.protobuf.FieldMask update_mask = 2;"))])
def patch_semantics_unclear(api: Api, ctx: Context) -> Iterator[Issue]:
    media_types = ctx.words("media_types")
    masks = {snake(m) for m in ctx.words("mask_fields")}
    for op in api.operations:
        if op.method != "patch" and not (op.method is None and words(op.name)[:1] == ["update"]):
            continue
        if op.request is None or any(m.split(";")[0].strip().lower() in media_types for m in op.request.content):
            continue
        if _has_mask(op, masks) or _PARTIAL.search(f"{op.summary or ''} {op.description or ''}"):
            continue
        yield Issue(op.loc, f"{op.label} does not say which fields it changes: use application/merge-patch+json "
                    "(or JSON Patch), or accept an update_mask", hint="declare partial-update semantics")


PRECONDITION_HEADERS = ["if-match", "if-unmodified-since", "if-none-match"]
VERSION_FIELDS = ["etag", "version", "resource_version", "revision", "if_match", "lock_version", "version_id",
                  "expected_version", "sequence_number"]

_PUT = """
/v1/orders/{{order_id}}:
  put:
    operationId: replaceOrder
    parameters:
      - {{name: order_id, in: path, required: true, schema: {{type: string}}}}{header}
    requestBody:
      required: true
      content:
        application/json:
          schema: {{type: object, properties: {{shipping_address: {{type: string}}}}}}
    responses:
      '200': {{description: The replaced order}}{conflict}
"""
_IF_MATCH = "\n      - {name: If-Match, in: header, required: true, schema: {type: string}}"
_PRECONDITION_FAILED = "\n      '412': {description: The order changed since it was read (ETag mismatch)}"
_PROTO_UPDATE = """syntax = "proto3";
package shop.v1;
service OrderService {{
  rpc UpdateOrder(UpdateOrderRequest) returns (Order);
}}
message UpdateOrderRequest {{
  Order order = 1;
}}
message Order {{
  string name = 1;
  string shipping_address = 2;{etag}
}}
"""


def _carries_version(op: Operation, fields: set[str]) -> bool:
    for name, schema in input_fields(op).items():
        if snake(name) in fields:
            return True
        nested = schema.properties() if schema is not None and schema.type == "object" else {}
        if {snake(n) for n in nested} & fields:  # UpdateOrderRequest.order.etag
            return True
    return False


@rule(id="update-without-concurrency-control", title="Update has no optimistic concurrency control",
      sections=("4.5",), severity="warning", formats=("openapi", "proto"), rationale="""
Two clients read the same resource, both change it and write it back: the last write silently
overwrites the first (anti-pattern 4.5). The REST answer is an `ETag` on reads and `If-Match` on
writes, with 412 Precondition Failed (or 409 Conflict with the current version) when it no longer
matches; gRPC messages carry an `etag` / version field. An update is flagged when it takes no
`If-Match` header, no etag/version field, and documents neither 409 nor 412. PUTs without a request body
(idempotent "set" actions such as starring) are not updates and are not flagged.""",
      fix="Accept `If-Match` (the ETag from the GET) and document `412 Precondition Failed`; gRPC: an `etag` field "
          "checked on update, failing with ABORTED/FAILED_PRECONDITION.",
      options={"headers": PRECONDITION_HEADERS, "fields": VERSION_FIELDS},
      examples=[Example("openapi", bad=spec(_PUT.format(header="", conflict="")),
                        good=spec(_PUT.format(header=_IF_MATCH, conflict=_PRECONDITION_FAILED))),
                Example("proto", bad=_PROTO_UPDATE.format(etag=""),
                        good=_PROTO_UPDATE.format(etag="\n  string etag = 3;"))])
def update_without_concurrency_control(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    fields = {snake(f) for f in ctx.words("fields")}
    for op in api.operations:
        if not _is_update(op) or op.request is None or not op.request.content:
            continue
        if op.method and (not op.path_segments or not is_path_param(op.path_segments[-1].split(":")[0])):
            continue  # not an update of one resource
        if "409" in op.responses or "412" in op.responses:
            continue
        if any("json-patch" in m.lower() for m in op.request.content):
            continue  # JSON Patch's `test` operation is a precondition (Kubernetes offers it on every PATCH)
        if header_names(op) & headers or _carries_version(op, fields):
            continue
        yield Issue(op.loc, f"{op.label} can silently overwrite a concurrent change: accept If-Match (or an etag "
                    "field) and document 412 Precondition Failed or 409 Conflict",
                    hint="ETag on GET, If-Match on update, 412 when it no longer matches")
