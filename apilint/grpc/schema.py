"""The JSON Schema of a message with its proto bounds: PGV ``(validate.rules)`` / protovalidate constraints and
``google.api.field_behavior`` REQUIRED, as the proto model (``apilint.model.proto``) reads them for the linter.

One schema per message full name; nested messages are ``$defs`` entries (``#/$defs/pkg.Msg``), so recursive
types stay finite. It describes a message as proto3 JSON with proto field names, except that 64-bit integers
are numbers (proto3 JSON writes them as strings; ``json_format.ParseDict`` accepts both): bounds then apply
to them. The proxy validates requests with it (``apilint.proxy.grpc_validation``); the fuzzer may generate
from it. As in proto3 JSON, a field at its default value is absent, so its bounds are checked only through
``required``.
"""

from __future__ import annotations

import copy
from typing import Any

from apilint.model.proto import WELL_KNOWN, ProtoFile, ProtoWorkspace

_DROPPED = ("x-proto", "description", "readOnly", "writeOnly")


def workspace(services_or_descriptor: Any) -> ProtoWorkspace:
    """The proto model's index of a ``Services`` (its descriptor set) or of a ``FileDescriptorSet``."""
    descriptors = getattr(services_or_descriptor, "descriptor_set", services_or_descriptor)
    files = [ProtoFile(f.name, f.name, None, f, True) for f in descriptors.file]
    return ProtoWorkspace(descriptors, files)


def message_schema(services_or_descriptor: Any, full_name: str) -> dict[str, Any]:
    """The JSON Schema of message ``full_name`` (``shop.orders.v1.GetOrderRequest``). Pass a ``ProtoWorkspace``
    (``workspace(...)``) to build many schemas from one index. KeyError for a message the protos lack."""
    ws = services_or_descriptor if isinstance(services_or_descriptor, ProtoWorkspace) else (
        workspace(services_or_descriptor))
    name = full_name.lstrip(".")
    if "." + name not in ws.types or ws.types["." + name].kind != "message":
        raise KeyError(name)
    defs: dict[str, Any] = {}
    pending = [name]
    referenced: set[str] = set()
    while pending:
        current = pending.pop()
        if current not in defs:
            defs[current] = _message(ws, current, pending, referenced)
    root = defs.pop(name)
    if name in referenced:
        defs[name] = {"$ref": "#"}  # a nested field of the root's own type
    if defs:
        root["$defs"] = defs
    return root


def _message(ws: ProtoWorkspace, name: str, pending: list[str], referenced: set[str]) -> dict[str, Any]:
    schema = ws.message_schema(name)
    data = _clean(schema.data)
    for field in ws.types["." + name].proto.field:
        prop = data["properties"].get(field.name)
        if prop is None or field.type_name not in ws.types or field.type_name in WELL_KNOWN:
            continue
        entry = ws.types[field.type_name]
        if entry.kind != "message" or entry.proto.options.map_entry:
            continue
        ref = {"$ref": f"#/$defs/{entry.fqn}"}
        pending.append(entry.fqn)
        referenced.add(entry.fqn)
        if prop.get("type") == "array":
            prop["items"] = {**ref, **{k: v for k, v in prop["items"].items() if k != "type"}}
        else:
            data["properties"][field.name] = {**ref, **{k: v for k, v in prop.items() if k != "type"}}
    return data


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy without the model's annotations (``x-proto``, descriptions)."""
    out = copy.deepcopy(data)
    stack = [out]
    while stack:
        node = stack.pop()
        for key in _DROPPED:
            node.pop(key, None)
        for value in node.values():
            if isinstance(value, dict):
                stack.append(value)
    return out
