"""proto-update-field-mask: Update RPC takes no google.protobuf.FieldMask (4.4)."""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import DescriptorProto
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import proto

FIELD_MASK = ".google.protobuf.FieldMask"


_MASK_NAMES = {"update_mask", "field_mask", "mask", "paths", "update_paths"}


def _is_mask(field: FD) -> bool:
    """A FieldMask, another mask type (Firestore's DocumentMask), or a mask by name (Compute's string
    ``update_mask``)."""
    return (field.type_name == FIELD_MASK or field.type_name.endswith("Mask")
            or "_".join(words(field.name)) in _MASK_NAMES)


def _all_fields_have_presence(message: DescriptorProto) -> bool:
    """Every singular field tracks presence (proto3 ``optional``, message-typed, or in a oneof): the server
    can tell "absent" from "cleared" without a mask (Compute's merge-patch updates)."""
    singular = [f for f in message.field if f.label != FD.LABEL_REPEATED]
    return bool(singular) and all(f.proto3_optional or f.type == FD.TYPE_MESSAGE or f.HasField("oneof_index")
                                  for f in singular)


_UPDATE = proto("""
        {imports}service OrderService {{
          rpc UpdateOrder(UpdateOrderRequest) returns (Order);
        }}
        message UpdateOrderRequest {{
          Order order = 1;{mask}
        }}
        message Order {{ string name = 1; string email = 2; string etag = 3; }}
    """)


@rule(id="proto-update-field-mask", title="Update RPC takes no google.protobuf.FieldMask", sections=("4.4",),
      severity="warning", formats=("proto",), rationale="""
Without an `update_mask` the server cannot tell "leave unchanged" from "clear": proto3 scalars have no
presence, so a client updating the shipping address silently blanks the contact email (anti-pattern
4.4, implicit field deletion). A `google.protobuf.FieldMask` names exactly the fields to change. Not
flagged: PUT bindings (declared full replacement), and resources whose every singular field tracks
presence (proto3 `optional`), where absence already carries meaning.""",
      fix="Add `google.protobuf.FieldMask update_mask` to the request; update only the listed paths.",
      examples=[Example("proto", bad=_UPDATE.format(imports="", mask=""),
                        good=_UPDATE.format(imports='import "google/protobuf/field_mask.proto";\n',
                                            mask="\n  google.protobuf.FieldMask update_mask = 2;"))])
def update_field_mask(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    for op in api.operations:
        if words(op.name)[:1] != ["update"] or any(op.streaming) or op.method == "put":
            continue  # PUT bindings declare full replacement explicitly
        method = ws.by_fqn[op.loc.pointer[1:]].proto
        request = ws.type(op.raw["input_type"])
        resource = ws.updated_resource(method)
        if request is None or resource is None:
            continue  # not a standard Update of a resource (UpdateWorkflowExecution sends an update)
        if any(_is_mask(f) for f in request.proto.field) or _all_fields_have_presence(resource.proto):
            continue
        yield Issue(op.loc, f"RPC {op.name} takes no google.protobuf.FieldMask: absent fields cannot be told "
                    "from cleared ones", hint="add google.protobuf.FieldMask update_mask to the request")
