"""update-without-concurrency-control: Update has no optimistic concurrency control (4.5, 4.6)."""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import ProtoWorkspace, proto_workspace
from apilint.model.query import (
    header_names,
    input_fields,
    is_path_param,
    rest_operations,
    words,
)
from apilint.rules._examples import unary_rpc
from apilint.rules.s4_consistency._updates import UPDATE, norm


def _has_version_field(ws: ProtoWorkspace, type_name: str, versions: set[str], depth: int = 0) -> bool:
    entry = ws.type(type_name)
    if entry is None or entry.kind != "message":
        return False
    for field in entry.proto.field:
        parts = words(field.name)
        if norm(field.name) in versions or "etag" in parts or field.type_name.endswith("Precondition"):
            return True  # Firestore: Precondition current_document (update_time must match)
        if depth == 0 and field.type == FD.TYPE_MESSAGE and _has_version_field(ws, field.type_name, versions, 1):
            return True
    return False


@implements("update-without-concurrency-control", format="proto", examples=[Example("proto",
                        bad=unary_rpc("UpdateOrder", request="Order order = 1;"),
                        good=unary_rpc("UpdateOrder", request="Order order = 1;",
                                       resource="string name = 1; string etag = 2;"))])
def update_etag_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    versions = {norm(f) for f in ctx.words("fields")}
    for method in ws.of_kind("method") if ws else ():
        if method.proto.client_streaming or ws.updated_resource(method.proto) is None:
            continue
        if not _has_version_field(ws, method.proto.input_type, versions):
            yield Issue(method.loc, f"RPC {method.name}: neither the request nor the resource carries an etag, so "
                        "concurrent updates overwrite each other", hint="add string etag to the resource")


VERSION_FIELDS = ["etag", "version", "revision", "resource_version", "if_match", "lock_version", "expected_version",
                  "generation", "expected_etag", "if_generation_match", "if_metageneration_match", "fingerprint",
                  "conflict_token"]


@rule(id="update-without-concurrency-control", title="Update has no optimistic concurrency control",
      reads_descriptions=False,
      sections=("4.5", "4.6"), severity="info", presets=(), rationale="""
Two clients that read, change and write the same resource overwrite each other's changes without
noticing (lost update). An ETag with `If-Match` (answered by 412) or a version field (answered by
409) makes the second writer find out (anti-patterns 4.5 and 4.6).""",
      fix="Accept `If-Match` with the resource's ETag and answer 412 on a mismatch (or take a `version` field and "
          "answer 409).",
      options={"fields": VERSION_FIELDS},
      examples=[Example("openapi", bad=UPDATE.format(params="", media="application/merge-patch+json", errors=""),
                        good=UPDATE.format(params="\n        - {name: If-Match, in: header, required: true, "
                                                   "schema: {type: string}}",
                                            media="application/merge-patch+json",
                                            errors="\n        '412': {description: Stale ETag}"))])
def update_without_concurrency_control(api: Api, ctx: Context) -> Iterator[Issue]:
    versions = {norm(f) for f in ctx.words("fields")}
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
        if any(norm(name) in versions for name in [*fields, *nested]):
            continue
        yield Issue(op.loc, f"{op.label} has no If-Match, version field, 409 or 412: concurrent updates are lost")
