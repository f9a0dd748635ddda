"""The JSON schema of a message with its PGV bounds and required fields, for generating and checking messages
in proto3 JSON with proto field names (``apilint.grpc.codec``).

The proto model builds each message's schema (``apilint/model/proto.py`` with ``model/pgv.py``: types, bounds,
``required`` from ``field_behavior`` REQUIRED and PGV ``message.required``, ``readOnly`` for OUTPUT_ONLY); this
module feeds it the descriptors of one message's files and inlines nested messages, so the result stands alone.

How proto3 JSON values read against it: 64-bit integers keep ``"type": "integer"`` with their bounds (the codec
parses numbers and decimal strings alike; JSON decoded from the wire holds strings), enums are value names,
``bytes`` (``"format": "byte"``) base64 with bounds counting bytes, Timestamp a ``date-time`` string,
Duration a ``"1.5s"`` string, maps an object whose ``propertyNames`` say what keys look like.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

from google.protobuf.descriptor import Descriptor, FileDescriptor
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD
from google.protobuf.descriptor_pb2 import FileDescriptorSet

from apilint.model.proto import WELL_KNOWN, ProtoFile, ProtoWorkspace

MAX_DEPTH = 4  # nested messages inlined this deep; a message recursing into itself stops at its first repeat
_KEY_NAMES = {FD.TYPE_BOOL: {"enum": ["true", "false"]}, FD.TYPE_STRING: {}}
_INTEGER_KEY = {"pattern": r"^-?[0-9]+$"}


def message_schema(descriptor: Descriptor) -> dict[str, Any]:
    """``{"type": "object", "properties": {...}, "required": [...]}`` for a message type, nested messages
    inlined (a recursive type's repeat is a bare ``{"type": "object"}``). Every field keeps its ``x-proto``
    (proto type, number, oneof, field_behavior)."""
    workspace = _workspace(descriptor.file)
    return _inline(workspace, workspace.message_schema(descriptor.full_name).data, (descriptor.full_name,))


def _workspace(file: FileDescriptor) -> ProtoWorkspace:
    files: list[FileDescriptor] = []

    def add(f: FileDescriptor) -> None:
        if f.name not in {x.name for x in files}:
            for dependency in f.dependencies:
                add(dependency)
            files.append(f)

    add(file)
    descriptors = FileDescriptorSet()
    for f in files:
        descriptors.file.add().ParseFromString(f.serialized_pb)
    return ProtoWorkspace(descriptors, [ProtoFile(p.name, p.name, None, p, False) for p in descriptors.file])


def _inline(ws: ProtoWorkspace, data: dict[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for name, field in out.get("properties", {}).items():
        out["properties"][name] = _field(ws, field, seen)
    return out


def _field(ws: ProtoWorkspace, field: dict[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
    proto = field.get("x-proto") or {}
    _base64_values(field)
    _base64_values(field.get("items") or {})
    type_name = proto.get("type_name")
    if proto.get("map"):
        entry = ws.type(type_name)
        key, value = entry.proto.field[0], entry.proto.field[1]
        field["propertyNames"] = _KEY_NAMES.get(key.type, _INTEGER_KEY)
        if value.type == FD.TYPE_MESSAGE and value.type_name not in WELL_KNOWN:
            field["additionalProperties"] = _message(ws, value.type_name, {}, seen)
        return field
    if proto.get("type") != "TYPE_MESSAGE" or type_name in WELL_KNOWN:
        return field
    if field.get("type") == "array":
        field["items"] = _message(ws, type_name, {}, seen)
        return field
    return _message(ws, type_name, field, seen)


def _base64_values(data: dict[str, Any]) -> None:
    """PGV's ``bytes.in`` / ``bytes.const`` hold raw bytes: as proto3 JSON writes them (base64 text)."""
    if "const" in data and isinstance(data["const"], bytes):
        data["const"] = base64.b64encode(data["const"]).decode()
    if "enum" in data and any(isinstance(v, bytes) for v in data["enum"]):
        data["enum"] = [base64.b64encode(v).decode() if isinstance(v, bytes) else v for v in data["enum"]]


def _message(ws: ProtoWorkspace, type_name: str, field: dict[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
    """A message-typed value: the message's schema with the field's own keys (x-proto, readOnly...) on top."""
    full = type_name.lstrip(".")
    if full in seen or len(seen) >= MAX_DEPTH:
        return {"type": "object", **field}
    message = _inline(ws, ws.message_schema(full).data, (*seen, full))
    message.pop("x-proto", None)
    return {**message, **field}
