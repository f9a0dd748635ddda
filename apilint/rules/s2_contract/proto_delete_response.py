"""proto-delete-response: Delete RPC returns neither Empty nor the resource (2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace, short_name
from apilint.model.query import words
from apilint.rules._examples import proto

EMPTY = ".google.protobuf.Empty"


OPERATION = ".google.longrunning.Operation"


_DELETE = proto("""
        {imports}service OrderService {{
          rpc DeleteOrder(DeleteOrderRequest) returns ({response});
        }}
        message DeleteOrderRequest {{ string name = 1; }}
        message DeleteOrderResponse {{ bool ok = 1; string message = 2; }}
    """)


@rule(id="proto-delete-response", title="Delete RPC returns neither Empty nor the resource", sections=("2.2",),
      severity="warning", formats=("proto",), rationale="""
A standard Delete has one outcome, so it returns `google.protobuf.Empty` (or the resource itself when
deletion is soft, or a long-running `Operation`). A bespoke `DeleteOrderResponse { bool ok; string
message; }` reports failure in-band with a success status, which clients, retries and gateways cannot see;
the method's semantics no longer match its verb (anti-pattern 2.2).""",
      fix="Return `google.protobuf.Empty` (or the deleted resource for soft delete) and signal failure with "
          "a gRPC status.",
      examples=[Example("proto", bad=_DELETE.format(imports="", response="DeleteOrderResponse"),
                        good=_DELETE.format(imports='import "google/protobuf/empty.proto";\n',
                                            response="google.protobuf.Empty"))])
def delete_response(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for method in ws.of_kind("method") if ws else ():
        name_words = words(method.name)
        if name_words[:1] != ["delete"] or len(name_words) < 2:
            continue
        output = method.proto.output_type
        if output in (EMPTY, OPERATION) or short_name(output) == "Operation":
            continue
        entry = ws.type(output)
        if short_name(output) == f"{method.name}Response" and entry is not None and not entry.proto.field:
            continue  # an empty per-RPC response (buf's style) is as good as Empty and can grow
        resource = method.name[len("Delete"):]
        if short_name(output) == resource or (entry is not None and ws.options.resource(entry.proto) is not None):
            continue
        yield Issue(method.loc, f"RPC {method.name} returns {short_name(output)}, not google.protobuf.Empty or "
                    f"the {resource} resource", hint="return google.protobuf.Empty (or the resource for soft delete)")
