"""proto-comment-missing: Service, RPC, message or field has no comment (7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.rules._examples import proto

_DOC = proto("""
        {c1}service OrderService {{
        {c2}  rpc GetOrder(GetOrderRequest) returns (Order);
        }}
        {c3}message GetOrderRequest {{
        {c4}  string name = 1;
        }}
        {c3}message Order {{
        {c4}  string name = 1;
        }}
    """)


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
