"""id-name-misuse: id and name are used the wrong way round (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import is_create_operation
from apilint.rules._examples import proto
from apilint.rules._inventory import cached_words, inventory
from apilint.rules.s2_contract._field_types import SPEC

_UUID_PATTERN = re.compile(r"[0-9a-f]\{8\}|\[0-9a-f(A-F)?\]\{8\}", re.I)


_PROTO_ID_NAME_MISUSE_BAD = proto("""
        service Suppliers {
          rpc GetSupplier(GetSupplierRequest) returns (Supplier);
        }
        message GetSupplierRequest { string supplier_id = 1; }
        message Supplier { string supplier_name = 1 [(validate.rules).string.uuid = true]; }
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])


_PROTO_ID_NAME_MISUSE_GOOD = proto("""
        service Suppliers {
          rpc GetSupplier(GetSupplierRequest) returns (Supplier);
        }
        message GetSupplierRequest { string supplier_id = 1; }
        message Supplier { string supplier_id = 1 [(validate.rules).string.uuid = true]; }
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])


@rule(id="id-name-misuse", title="id and name are used the wrong way round", sections=("2.1",), severity="info",
      reads_descriptions=False,
      formats=("openapi", "proto"), rationale="""
A canonical vocabulary uses `id` for server-assigned identifiers and `name` for client-specified names
(anti-pattern 2.1). A `name` that holds a UUID is an id in disguise, and a create request that makes the
client send the server's `id` blurs who owns identity; clients then guess which field to use where.""",
      fix="Call server-assigned identifiers `id` / `<resource>_id`; let clients choose a `name` (or a "
          "`<resource>_id` on create, AIP-133 style) and mark the server's `id` readOnly.",
      examples=[Example("proto", bad=_PROTO_ID_NAME_MISUSE_BAD, good=_PROTO_ID_NAME_MISUSE_GOOD),
                Example("openapi", bad=SPEC.format(field="customer_name: {type: string, format: uuid}"),
                        good=SPEC.format(field="customer_id: {type: string, format: uuid}"))])
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
