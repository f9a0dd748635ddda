"""Proto naming: lower_snake_case fields, PascalCase types and RPCs, UPPER_SNAKE enum values, and
request/response messages named after their RPC (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace, short_name
from apilint.model.query import words

_LOWER_SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_PASCAL = re.compile(r"[A-Z][a-zA-Z0-9]*")
_UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")

_MSG = """syntax = "proto3";
package shop.v1;
// An order.
message Order {{
  string name = 1;
  string {field} = 2;
}}
"""
_TYPES = """syntax = "proto3";
package shop.v1;
service {service} {{
  rpc {rpc}(GetOrderRequest) returns ({message});
}}
message GetOrderRequest {{ string name = 1; }}
message {message} {{ string name = 1; }}
"""


@rule(id="proto-field-name-case", title="Field name is not lower_snake_case", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
Protobuf derives JSON names (`orderId`) and every language's accessors from lower_snake_case field
names; a `customerId` or `Customer_ID` field yields surprising JSON names and accessors, and mixing
styles across messages is exactly the inconsistent naming of anti-pattern 2.1.""",
      fix="Rename the field to lower_snake_case (`customer_id`); the wire format uses numbers, but JSON "
          "clients see the name, so reserve the old name if it was released.",
      examples=[Example("proto", bad=_MSG.format(field="customerId"), good=_MSG.format(field="customer_id"))])
def field_name_case(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for field in ws.of_kind("field") if ws else ():
        if not _LOWER_SNAKE.fullmatch(field.name):
            yield Issue(field.loc, f"field {field.name} is not lower_snake_case",
                        hint=f"rename it {'_'.join(words(field.name))}")


_KINDS = {"message": "message", "enum": "enum", "service": "service", "method": "RPC"}


@rule(id="proto-type-name-case", title="Message, enum, service or RPC name is not PascalCase", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
Messages, enums, services and RPCs are PascalCase (`OrderService`, `ListOrders`) and enum values
UPPER_SNAKE_CASE in every style guide (Google, buf, Uber). Generated code and gRPC method paths carry
these names; one `order_service` or `list_orders` among PascalCase names is the inconsistent naming of
anti-pattern 2.1.""",
      fix="Rename to PascalCase (`OrderService`, `GetOrder`); enum values to UPPER_SNAKE_CASE.",
      examples=[Example("proto", bad=_TYPES.format(service="order_service", rpc="get_order", message="order"),
                        good=_TYPES.format(service="OrderService", rpc="GetOrder", message="Order"))])
def type_name_case(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for decl in ws.decls if ws else ():
        if decl.kind in _KINDS and not _PASCAL.fullmatch(decl.name):
            pascal = "".join(w.capitalize() for w in words(decl.name))
            yield Issue(decl.loc, f"{_KINDS[decl.kind]} {decl.name} is not PascalCase", hint=f"rename it {pascal}")
        elif decl.kind == "enum_value" and not _UPPER_SNAKE.fullmatch(decl.name):
            yield Issue(decl.loc, f"enum value {decl.name} is not UPPER_SNAKE_CASE",
                        hint=f"rename it {'_'.join(w.upper() for w in words(decl.name))}")


_RPC = """syntax = "proto3";
package shop.v1;
service OrderService {{
  rpc ListOrders({request}) returns ({response});
}}
message {request} {{ int32 page_size = 1; string page_token = 2; }}
message {response} {{ repeated Order orders = 1; string next_page_token = 2; }}
message Order {{ string name = 1; }}
"""
_RESOURCE_OUTPUTS = (".google.protobuf.Empty", ".google.longrunning.Operation")


@rule(id="proto-rpc-message-names", title="Request/response message not named after its RPC", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
Each RPC takes its own `<Rpc>Request` and returns its own `<Rpc>Response` (or, for standard methods,
the resource itself, `google.protobuf.Empty` or a long-running `Operation`). A request message shared
by two RPCs cannot evolve for one without changing the other, and names like `OrderQuery` or `Params`
hide which call they belong to; a consistent vocabulary is anti-pattern 2.1's remedy.""",
      fix="Give the RPC a dedicated `<Rpc>Request` message, and return `<Rpc>Response` or the resource.",
      examples=[Example("proto", bad=_RPC.format(request="OrderQuery", response="OrderPage"),
                        good=_RPC.format(request="ListOrdersRequest", response="ListOrdersResponse"))])
def rpc_message_names(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for method in ws.of_kind("method") if ws else ():
        name = method.name
        request, response = short_name(method.proto.input_type), short_name(method.proto.output_type)
        if not _named_after(request, name, method.parent.name, "Request"):
            yield Issue(method.loc, f"RPC {name} takes {request}, not {name}Request",
                        hint=f"declare message {name}Request for this RPC alone")
        if method.proto.output_type in _RESOURCE_OUTPUTS or _named_after(response, name, method.parent.name,
                                                                          "Response"):
            continue
        if response.endswith(("Request", "Response")):
            yield Issue(method.loc, f"RPC {name} returns {response}, not {name}Response or a resource",
                        hint=f"return {name}Response (or the resource itself for Get/Create/Update)")
        elif words(name)[:1] == ["list"]:
            yield Issue(method.loc, f"RPC {name} returns {response}, not {name}Response",
                        hint=f"declare message {name}Response with the page and next_page_token")


def _named_after(message: str, rpc: str, service: str, suffix: str) -> bool:
    """``GetOrderRequest``, ``OrderServiceGetOrderRequest`` (buf's allowance), or a qualified
    ``SetLabelsMachineImageRequest`` for ``SetLabels`` (one package, many services)."""
    return message.endswith(suffix) and (message.startswith(rpc) or message == f"{service}{rpc}{suffix}")
