"""Shared by state-free-string, timestamp-untyped."""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.model.proto import Decl, ProtoWorkspace

_STRINGS = {".google.protobuf.StringValue"}


def is_string(field) -> bool:
    return field.type == FD.TYPE_STRING or field.type_name in _STRINGS


def fields(ws: ProtoWorkspace) -> Iterator[Decl]:
    return ws.of_kind("field") if ws else iter(())
