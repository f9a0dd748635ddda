"""Canonical field types: timestamps are typed timestamps, states are enums, ids are ids (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import is_create_operation
from apilint.rules._inventory import Prop, cached_words, inventory

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string, maxLength: 64}}}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Order'}}
components:
  schemas:
    Order:
      type: object
      properties:
        order_id: {{type: string}}
        {field}
"""
_POINT_IN_TIME = re.compile(r"timestamp|iso ?8601|rfc ?3339|epoch|unix|date", re.I)
_NOT_POINT = re.compile(r"time of day|hh:mm|duration|how long|\d+[smh]\b|clock", re.I)
_ISO_EXAMPLE = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_UUID_PATTERN = re.compile(r"[0-9a-f]\{8\}|\[0-9a-f(A-F)?\]\{8\}", re.I)


def _type(data: dict[str, Any]) -> str | None:
    kind = data.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def _by_name(props: list[Prop]) -> dict[str, list[Prop]]:
    grouped: dict[str, list[Prop]] = {}
    for prop in props:
        grouped.setdefault(prop.name, []).append(prop)
    return grouped


def _point_in_time(data: dict[str, Any]) -> bool:
    """For ambiguous ``*_time`` names: does the schema say it is a date and time (not a duration or a
    time of day)?"""
    text = f"{data.get('description') or ''} {data.get('title') or ''}"
    example = str(data.get("example") or "")
    if _NOT_POINT.search(text) or _NOT_POINT.search(example):
        return False
    return bool(_POINT_IN_TIME.search(text) or _ISO_EXAMPLE.match(example))


def _timestamp_name(ws: list[str], name: str) -> str | None:
    """'strong' for names that are always points in time, 'weak' for *_time (may be a duration)."""
    if not ws:
        return None
    if ws[-1] in ("at", "timestamp") or name.lower() in ("created", "updated", "modified", "deleted"):
        return "strong"
    if len(ws) >= 2 and ws[-1] == "on" and ws[-2] in ("created", "updated", "modified", "deleted"):
        return "strong"
    if ws[-1] == "time" and len(ws) >= 2:
        return "weak"
    return None


@rule(id="timestamp-untyped", title="Timestamp is a plain string or an epoch number", sections=("2.1",),
      severity="warning", formats=("openapi",), presets=("strict",), options={
          "duration_words": ["elapsed", "execution", "response", "run", "wait", "processing", "lead", "up",
                             "down", "cpu", "total", "idle", "compute", "billable", "average", "avg", "max", "min",
                             "real", "user", "system", "build", "queue", "queued", "ttl", "time"]},
      rationale="""
Time values need one canonical type: an RFC 3339 string (`type: string, format: date-time`) in JSON,
`google.protobuf.Timestamp` in protobuf. Untyped strings leave the format (and the time zone) to
guessing, and epoch integers silently disagree on seconds vs milliseconds; neither can be validated at
the boundary (anti-pattern 2.1: "never strings, never epoch integers").""",
      fix="Declare the field as `type: string, format: date-time` (proto: google.protobuf.Timestamp).",
      examples=[Example("openapi", bad=_SPEC.format(field="created_at: {type: integer, format: int64}"),
                        good=_SPEC.format(field="created_at: {type: string, format: date-time}"))])
def timestamp_untyped(api: Api, ctx: Context) -> Iterator[Issue]:
    durations = ctx.words("duration_words")
    for name, props in _by_name(inventory(api).props).items():
        ws = cached_words(name)
        strength = _timestamp_name(ws, name)
        if strength is None or (strength == "weak" and ws[-2] in durations):
            continue
        wrong: list[tuple[Prop, str]] = []
        for prop in props:
            data = prop.data(api)
            kind, fmt = _type(data), data.get("format")
            if strength == "weak" and not _point_in_time(data):
                continue
            if kind == "string":
                fmt_ok = isinstance(fmt, str) and ("date" in fmt or "time" in fmt) and fmt != "unix-time"
                if not fmt_ok and "pattern" not in data and "enum" not in data:
                    wrong.append((prop, "a string without format: date-time"))
            elif kind in ("integer", "number") and (strength == "strong" or fmt == "unix-time"):
                wrong.append((prop, "an epoch number"))
        if wrong:
            prop, what = wrong[0]
            more = f" (and {len(wrong) - 1} more definitions)" if len(wrong) > 1 else ""
            yield Issue(prop.loc, f"timestamp '{name}' is {what}{more}; use type: string, format: date-time",
                        hint="RFC 3339 date-time strings (proto: google.protobuf.Timestamp)")


@rule(id="state-free-string", title="Status, state or type field is a free string instead of an enum",
      sections=("2.1",), severity="info", formats=("openapi",), presets=("strict",), options={
          "suffixes": ["status", "state", "type", "kind"],
          "exempt": ["content_type", "media_type", "mime_type", "mimetype", "contenttype", "mediatype",
                     "file_type", "token_type", "grant_type", "response_type", "event_type", "object_type"]},
      rationale="""
A `status` declared as a free string lets every value through: clients cannot know the possible
states, generated SDKs get `str` instead of a type, and a typo (`"canceled"` vs `"cancelled"`) becomes a
new state. States and kinds are enums (proto: an enum with an `_UNSPECIFIED` zero value), documented
and validated at the boundary (anti-pattern 2.1).""",
      fix="List the values with `enum` (proto: an enum type); for open-ended sets use a documented enum with "
          "an explicit rule for unknown values.",
      examples=[Example("openapi", bad=_SPEC.format(field="status: {type: string}"),
                        good=_SPEC.format(field="status: {type: string, enum: [pending, shipped, cancelled]}"))])
def state_free_string(api: Api, ctx: Context) -> Iterator[Issue]:
    suffixes, exempt = ctx.words("suffixes"), ctx.words("exempt")
    for name, props in _by_name(inventory(api).props).items():
        ws = cached_words(name)
        if not ws or not name[:1].isalpha() or ws[-1] not in suffixes:
            continue
        if "_".join(ws) in exempt or "".join(ws) in exempt:
            continue
        wrong = []
        for prop in props:
            data = prop.data(api)
            if _type(data) != "string" or data.get("format"):
                continue
            if any(k in data for k in ("enum", "const", "x-extensible-enum", "oneOf", "anyOf", "allOf",
                                       "pattern")):
                continue
            wrong.append(prop)
        if wrong:
            more = f" (and {len(wrong) - 1} more definitions)" if len(wrong) > 1 else ""
            yield Issue(wrong[0].loc, f"'{name}' is a free string{more}; declare its values with enum",
                        hint="enum: [...] (proto: an enum type with an _UNSPECIFIED zero value)")


_PROTO_ID_NAME_MISUSE_BAD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Suppliers {
  rpc GetSupplier(GetSupplierRequest) returns (Supplier);
}
message GetSupplierRequest { string supplier_id = 1; }
message Supplier { string supplier_name = 1 [(validate.rules).string.uuid = true]; }
"""
_PROTO_ID_NAME_MISUSE_GOOD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Suppliers {
  rpc GetSupplier(GetSupplierRequest) returns (Supplier);
}
message GetSupplierRequest { string supplier_id = 1; }
message Supplier { string supplier_id = 1 [(validate.rules).string.uuid = true]; }
"""

@rule(id="id-name-misuse", title="id and name are used the wrong way round", sections=("2.1",), severity="info",
      formats=("openapi", "proto"), presets=("strict",), rationale="""
A canonical vocabulary uses `id` for server-assigned identifiers and `name` for client-specified names
(anti-pattern 2.1). A `name` that holds a UUID is an id in disguise, and a create request that makes the
client send the server's `id` blurs who owns identity; clients then guess which field to use where.""",
      fix="Call server-assigned identifiers `id` / `<resource>_id`; let clients choose a `name` (or a "
          "`<resource>_id` on create, AIP-133 style) and mark the server's `id` readOnly.",
      examples=[Example("proto", bad=_PROTO_ID_NAME_MISUSE_BAD, good=_PROTO_ID_NAME_MISUSE_GOOD),
                Example("openapi", bad=_SPEC.format(field="customer_name: {type: string, format: uuid}"),
                        good=_SPEC.format(field="customer_id: {type: string, format: uuid}"))])
def id_name_misuse(api: Api, ctx: Context) -> Iterator[Issue]:
    reported: set[str] = set()
    for prop in inventory(api).props:
        ws = cached_words(prop.name)
        if not ws or ws[-1] != "name" or prop.name in reported:
            continue
        data = prop.data(api)
        pattern = data.get("pattern")
        if data.get("format") == "uuid" or (isinstance(pattern, str) and _UUID_PATTERN.search(pattern)):
            reported.add(prop.name)
            yield Issue(prop.loc, f"'{prop.name}' holds a UUID: that is an identifier; call it "
                        f"'{'_'.join([*ws[:-1], 'id'])}' and keep names for client-chosen names")
    for op in api.operations:
        if op.method != "post" or not is_create_operation(op) or op.request is None or op.request.schema is None:
            continue
        schema = op.request.schema
        props = schema.all_properties()
        if "id" in schema.required and "id" in props and props["id"].data.get("readOnly") is not True:
            yield Issue(props["id"].loc, f"{op.label} requires the client to send 'id'; server-assigned ids "
                        "should be readOnly (let the client choose a name or <resource>_id instead)")
