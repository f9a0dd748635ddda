"""proto-field-behavior-missing: Resource field has no google.api.field_behavior (7.1, 7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import Decl, ProtoWorkspace, proto_workspace
from apilint.model.query import words
from apilint.rules._examples import proto

_RESOURCE = proto("""
        // An order.
        message Order {{
          option (google.api.resource) = {{type: "shop.example.com/Order" pattern: "orders/{{order}}"}};
          // Resource name.
          string name = 1{b1};
          // Who placed it.
          string customer_id = 2{b2};
        }}
    """, imports=["google/api/field_behavior.proto", "google/api/resource.proto"])


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
