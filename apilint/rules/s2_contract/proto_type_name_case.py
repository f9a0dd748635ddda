"""proto-type-name-case: Message, enum, service or RPC name is not PascalCase (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import proto

_PASCAL = re.compile(r"[A-Z][a-zA-Z0-9]*")


_UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


_TYPES = proto("""
        service {service} {{
          rpc {rpc}(GetOrderRequest) returns ({message});
        }}
        message GetOrderRequest {{ string name = 1; }}
        message {message} {{ string name = 1; }}
    """)


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
