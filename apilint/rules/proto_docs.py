"""Proto documentation: comments on services, RPCs, messages and fields (7.5), and
``google.api.field_behavior`` on the fields of resource messages (7.1, 7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import Decl, ProtoWorkspace, proto_workspace
from apilint.model.query import words

_DOC = """syntax = "proto3";
package shop.v1;
{c1}service OrderService {{
{c2}  rpc GetOrder(GetOrderRequest) returns (Order);
}}
{c3}message GetOrderRequest {{
{c4}  string name = 1;
}}
{c3}message Order {{
{c4}  string name = 1;
}}
"""
_NO_DOC = {"c1": "", "c2": "", "c3": "", "c4": ""}
_WITH_DOC = {"c1": "// Manages orders.\n", "c2": "  // Returns one order.\n", "c3": "// A message.\n",
             "c4": "  // The order's resource name: orders/{order}.\n"}
_DOCUMENTED = {"service": "service", "method": "RPC", "message": "message", "field": "field"}


@rule(id="proto-comment-missing", title="Service, RPC, message or field has no comment", sections=("7.5",),
      severity="info", formats=("proto",), rationale="""
The .proto file is the contract, and its comments are the documentation every generated client and
reference page shows. An undocumented field says nothing about valid values or what happens when it is
absent; an undocumented RPC says nothing about failure modes or retry semantics (anti-pattern 7.5:
every field, every failure mode must be documented).""",
      fix="Write a leading `//` comment: what the element is, valid values, behaviour when absent.",
      examples=[Example("proto", bad=_DOC.format(**_NO_DOC), good=_DOC.format(**_WITH_DOC))])
def comment_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for decl in ws.decls if ws else ():
        if decl.kind in _DOCUMENTED and not decl.comment:
            yield Issue(decl.loc, f"{_DOCUMENTED[decl.kind]} {decl.name} has no comment",
                        hint="add a leading // comment describing it")


_RESOURCE = """syntax = "proto3";
package shop.v1;
import "google/api/field_behavior.proto";
import "google/api/resource.proto";
// An order.
message Order {{
  option (google.api.resource) = {{type: "shop.example.com/Order" pattern: "orders/{{order}}"}};
  // Resource name.
  string name = 1{b1};
  // Who placed it.
  string customer_id = 2{b2};
}}
"""


def resource_messages(ws: ProtoWorkspace) -> Iterator[Decl]:
    """Messages that are resources: annotated with ``google.api.resource``, or returned by a Get RPC
    (not an envelope named ``*Response``)."""
    returned_by_get = {m.proto.output_type[1:] for m in ws.of_kind("method") if words(m.name)[:1] == ["get"]}
    for message in ws.of_kind("message"):
        if message.parent is not None or message.name.endswith(("Request", "Response")):
            continue
        if ws.options.resource(message.proto) is not None or message.fqn in returned_by_get:
            yield message


@rule(id="proto-field-behavior-missing", title="Resource field has no google.api.field_behavior",
      sections=("7.1", "7.5"), severity="warning", formats=("proto",), rationale="""
proto3 makes every field optional on the wire, so the schema alone cannot say which fields a client must
send, which the server sets (`OUTPUT_ONLY`), which are write-once (`IMMUTABLE`) or identify the resource
(`IDENTIFIER`). `google.api.field_behavior` states it in the contract, where gateways, generated
clients and docs enforce and show it; without it the boundary cannot validate (anti-pattern 7.1) and
the documentation is incomplete (7.5).""",
      fix="Annotate each field: `[(google.api.field_behavior) = REQUIRED]`, `OUTPUT_ONLY`, `OPTIONAL`, "
          "`IMMUTABLE` or `IDENTIFIER`.",
      examples=[Example("proto", bad=_RESOURCE.format(b1="", b2=""),
                        good=_RESOURCE.format(b1=" [(google.api.field_behavior) = IDENTIFIER]",
                                              b2=" [(google.api.field_behavior) = REQUIRED]"))])
def field_behavior_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    for message in resource_messages(ws):
        for field in ws.fields(message):
            if not ws.options.field_behavior(field.proto):
                yield Issue(field.loc, f"field {message.name}.{field.name} of a resource has no "
                            "google.api.field_behavior", hint="annotate it REQUIRED, OPTIONAL, OUTPUT_ONLY, "
                            "IMMUTABLE or IDENTIFIER")
