"""proto-rpc-message-names: Request/response message not named after its RPC (2.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace, short_name
from apilint.model.query import words
from apilint.rules._examples import proto

_RPC = proto("""
        service OrderService {{
          rpc ListOrders({request}) returns ({response});
        }}
        message {request} {{ int32 page_size = 1; string page_token = 2; }}
        message {response} {{ repeated Order orders = 1; string next_page_token = 2; }}
        message Order {{ string name = 1; }}
    """)


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
