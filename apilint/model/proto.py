"""Build the normalised model from compiled protos: RPCs become operations, messages and enums become
schemas, fields become JSON-Schema-like property schemas (see notes/MODEL.md).

Only the target's own files become operations and named schemas; imported files are indexed so types
resolve, but nothing in them is linted. ``ProtoWorkspace`` (``api.workspace`` for protos) also keeps a
declaration index with source positions and comments for the proto-specific rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.load.proto_options import OptionReader
from apilint.model.core import Api, Body, Loc, Operation, Response, Schema
from apilint.model.pgv import apply_rules

MEDIA_TYPE = "application/x-protobuf"

_SCALARS: dict[int, tuple[str, str | None]] = {
    FD.TYPE_DOUBLE: ("number", "double"), FD.TYPE_FLOAT: ("number", "float"),
    FD.TYPE_INT64: ("integer", "int64"), FD.TYPE_SINT64: ("integer", "int64"), FD.TYPE_SFIXED64: ("integer", "int64"),
    FD.TYPE_UINT64: ("integer", "uint64"), FD.TYPE_FIXED64: ("integer", "uint64"),
    FD.TYPE_INT32: ("integer", "int32"), FD.TYPE_SINT32: ("integer", "int32"), FD.TYPE_SFIXED32: ("integer", "int32"),
    FD.TYPE_UINT32: ("integer", "uint32"), FD.TYPE_FIXED32: ("integer", "uint32"),
    FD.TYPE_BOOL: ("boolean", None), FD.TYPE_STRING: ("string", None), FD.TYPE_BYTES: ("string", "byte"),
}
WELL_KNOWN: dict[str, dict[str, Any]] = {
    ".google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    ".google.protobuf.Duration": {"type": "string", "format": "duration"},
    ".google.protobuf.FieldMask": {"type": "string", "format": "field-mask"},
    ".google.protobuf.Empty": {"type": "object"},
    ".google.protobuf.Struct": {"type": "object"},
    ".google.protobuf.Any": {"type": "object"},
    ".google.protobuf.Value": {},
    ".google.protobuf.ListValue": {"type": "array"},
    ".google.protobuf.StringValue": {"type": "string"},
    ".google.protobuf.BytesValue": {"type": "string", "format": "byte"},
    ".google.protobuf.BoolValue": {"type": "boolean"},
    ".google.protobuf.Int32Value": {"type": "integer", "format": "int32"},
    ".google.protobuf.UInt32Value": {"type": "integer", "format": "uint32"},
    ".google.protobuf.Int64Value": {"type": "integer", "format": "int64"},
    ".google.protobuf.UInt64Value": {"type": "integer", "format": "uint64"},
    ".google.protobuf.FloatValue": {"type": "number", "format": "float"},
    ".google.protobuf.DoubleValue": {"type": "number", "format": "double"},
}

# SourceCodeInfo path tags (descriptor.proto field numbers)
_FILE_PACKAGE, _FILE_MESSAGE, _FILE_ENUM, _FILE_SERVICE = 2, 4, 5, 6
_MSG_FIELD, _MSG_NESTED, _MSG_ENUM, _MSG_ONEOF = 2, 3, 4, 8
_ENUM_VALUE, _SERVICE_METHOD = 2, 2


@dataclass(eq=False)
class ProtoFile:
    name: str  # as imported: shop/v1/orders.proto
    display: str  # as shown to the user
    path: str | None  # absolute, when found on the import path
    proto: Any  # FileDescriptorProto
    target: bool  # one of the files being linted (not only imported)


@dataclass(eq=False)
class Decl:
    """A declaration in a target file, with its position and documentation comment."""

    kind: str  # package, message, field, oneof, enum, enum_value, service, method
    fqn: str  # fully qualified name without the leading dot
    proto: Any  # the descriptor proto (for a package: the FileDescriptorProto)
    loc: Loc
    location: Any  # its SourceCodeInfo.Location (None when protoc gave none)
    file: ProtoFile
    parent: Decl | None = None
    name: str = ""  # the last part of fqn
    path: tuple[int, ...] = ()  # SourceCodeInfo path

    def __post_init__(self) -> None:
        self.name = self.fqn.rsplit(".", 1)[-1]

    @cached_property
    def comment(self) -> str:
        """Leading + trailing comment, apilint-ignore lines removed (read on first use: most are never read)."""
        return _comment(self.location)


@dataclass(eq=False)
class TypeEntry:
    kind: str  # message or enum
    fqn: str
    proto: Any
    file: ProtoFile
    workspace: Any  # the ProtoWorkspace indexing it
    path: tuple[int, ...] = ()  # SourceCodeInfo path
    parent: str | None = None  # the enclosing message's fqn (None at the top of a file)

    @property
    def decl(self) -> Decl | None:
        """Its declaration, for types declared in target files (map entries have none)."""
        return self.workspace.type_decls.get(self.fqn) if self.file.target else None


def _declarations(proto: Any) -> Iterator[tuple[str, str, Any, tuple[int, ...], str | None]]:
    """Every declaration of a FileDescriptorProto in source order: (kind, fqn, node, SourceCodeInfo path,
    enclosing declaration's fqn). A map entry message is yielded, its contents are not."""

    def join(scope: str, name: str) -> str:
        return f"{scope}.{name}" if scope else name

    def enum(node: Any, scope: str, path: tuple[int, ...], outer: str | None) -> Iterator:
        fqn = join(scope, node.name)
        yield "enum", fqn, node, path, outer
        for index, value in enumerate(node.value):  # pointed at as Enum.VALUE (C++ scoping aside)
            yield "enum_value", join(fqn, value.name), value, (*path, _ENUM_VALUE, index), fqn

    def message(node: Any, scope: str, path: tuple[int, ...], outer: str | None) -> Iterator:
        fqn = join(scope, node.name)
        yield "message", fqn, node, path, outer
        if node.options.map_entry:
            return
        for index, oneof in enumerate(node.oneof_decl):
            yield "oneof", join(fqn, oneof.name), oneof, (*path, _MSG_ONEOF, index), fqn
        for index, field in enumerate(node.field):
            yield "field", join(fqn, field.name), field, (*path, _MSG_FIELD, index), fqn
        for index, nested in enumerate(node.nested_type):
            yield from message(nested, fqn, (*path, _MSG_NESTED, index), fqn)
        for index, nested_enum in enumerate(node.enum_type):
            yield from enum(nested_enum, fqn, (*path, _MSG_ENUM, index), fqn)

    prefix = proto.package
    if prefix:
        yield "package", prefix, proto, (_FILE_PACKAGE,), None
    for index, node in enumerate(proto.message_type):
        yield from message(node, prefix, (_FILE_MESSAGE, index), None)
    for index, node in enumerate(proto.enum_type):
        yield from enum(node, prefix, (_FILE_ENUM, index), None)
    for index, service in enumerate(proto.service):
        fqn = join(prefix, service.name)
        yield "service", fqn, service, (_FILE_SERVICE, index), None
        for number, method in enumerate(service.method):
            yield "method", join(fqn, method.name), method, (_FILE_SERVICE, index, _SERVICE_METHOD, number), fqn


def _comment(location: Any) -> str:
    if location is None:
        return ""
    text = "\n".join(part for part in (location.leading_comments, location.trailing_comments) if part)
    return "\n".join(line for line in text.splitlines() if "apilint-ignore" not in line).strip()


class ProtoWorkspace:
    """Every compiled file indexed: types by name for resolution, declarations of target files."""

    problems: tuple = ()

    def __init__(self, descriptors: Any, files: list[ProtoFile]) -> None:
        self.descriptors = descriptors
        self.files = files
        self.types: dict[str, TypeEntry] = {}  # ".pkg.Name" -> entry
        self._schemas: dict[str, Schema] = {}
        self.sources: dict[str, Any] = {}  # absolute path -> ProtoSource (set by the loader)
        self._by_kind: dict[str, list[Decl]] | None = None
        for file in files:
            for kind, fqn, node, path, parent in _declarations(file.proto):
                if kind in ("message", "enum"):
                    self.types["." + fqn] = TypeEntry(kind, fqn, node, file, self, path, parent)

    @cached_property
    def options(self) -> OptionReader:
        return OptionReader(self.descriptors)

    # ---- the declaration index of target files, built on first use (the diff needs only ``types``)
    @cached_property
    def locations(self) -> dict[str, dict[tuple[int, ...], Any]]:
        """target file name -> SourceCodeInfo path -> Location"""
        return {file.name: {tuple(loc.path): loc for loc in file.proto.source_code_info.location}
                for file in self.files if file.target}

    @cached_property
    def decls(self) -> list[Decl]:
        decls = []
        for file in self.files:
            if file.target:
                decls.extend(self._file_decls(file))
        return decls

    @cached_property
    def by_fqn(self) -> dict[str, Decl]:
        found: dict[str, Decl] = {}
        for decl in self.decls:
            found.setdefault(decl.fqn, decl)
        return found

    @cached_property
    def type_decls(self) -> dict[str, Decl]:
        """fqn -> the declaration of a message or enum (not of a map entry)."""
        return {d.fqn: d for d in self.decls if d.kind in ("message", "enum")}

    def _file_decls(self, file: ProtoFile) -> Iterator[Decl]:
        locations = self.locations[file.name]
        made: dict[str, Decl] = {}  # parents by fqn
        for kind, fqn, node, path, parent in _declarations(file.proto):
            if kind == "message" and node.options.map_entry:
                continue
            location = locations.get(path)
            line = column = None
            if location is not None and len(location.span) >= 3:
                line, column = location.span[0] + 1, location.span[1] + 1
            item = made[fqn] = Decl(kind, fqn, node, Loc(file.display, "/" + fqn, line, column), location, file,
                                    made.get(parent) if parent else None, path=path)
            yield item

    # ---- queries for rules
    def of_kind(self, kind: str) -> Iterator[Decl]:
        if self._by_kind is None:
            self._by_kind = {}
            for decl in self.decls:
                self._by_kind.setdefault(decl.kind, []).append(decl)
        return iter(self._by_kind.get(kind, ()))

    def type(self, type_name: str) -> TypeEntry | None:
        """The message or enum a field's ``type_name`` (``.pkg.Name``) refers to."""
        return self.types.get(type_name if type_name.startswith(".") else "." + type_name)

    def fields(self, message: Decl) -> list[Decl]:
        return [d for d in (self.by_fqn.get(f"{message.fqn}.{f.name}") for f in message.proto.field) if d]

    def updated_resource(self, method: Any) -> TypeEntry | None:
        """For a standard ``Update<Noun>`` RPC, the resource message its request carries (a field typed
        ``<Noun>``, or for a bare ``Update`` the request's only non-well-known message field)."""
        from apilint.model.query import words

        parts = words(method.name)
        request = self.type(method.input_type)
        if parts[:1] != ["update"] or request is None:
            return None
        noun = method.name[len("Update"):]
        candidates = [self.types[f.type_name] for f in request.proto.field
                      if f.type == FD.TYPE_MESSAGE and f.type_name in self.types and f.type_name not in WELL_KNOWN
                      and not self.types[f.type_name].proto.options.map_entry]
        found = next((e for e in candidates if e.proto.name == noun), None)
        if found is None and not noun and len(candidates) == 1:
            found = candidates[0]
        output = self.type(method.output_type)
        if found is None or output is None or output.proto.name == "Operation" or output is found:
            return found
        # the response must return the resource (AIP-134); else it is a command named Update
        # (Temporal's UpdateWorkflowExecution sends an "update" to a workflow)
        return found if any(f.type_name == "." + found.fqn for f in output.proto.field) else None

    def is_map_field(self, field: Any) -> bool:
        entry = self.types.get(field.type_name) if field.type == FD.TYPE_MESSAGE else None
        return bool(entry and entry.proto.options.map_entry)

    # ---- schemas
    def message_schema(self, type_name: str) -> Schema:
        key = type_name if type_name.startswith(".") else "." + type_name
        schema = self._schemas.get(key)
        if schema is None:
            entry = self.types.get(key)
            if entry is None or entry.kind != "message":
                schema = Schema(Loc("", "/" + key[1:]), {"type": "object"}, key.rsplit(".", 1)[-1])
            else:
                schema = MessageSchema(self, entry)
            self._schemas[key] = schema
        return schema

    def enum_schema(self, entry: TypeEntry) -> Schema:
        schema = self._schemas.get("." + entry.fqn)
        if schema is None:
            loc = entry.decl.loc if entry.decl else Loc(entry.file.display, "/" + entry.fqn)
            data = {"type": "string", "enum": [v.name for v in entry.proto.value],
                    "x-proto": {"kind": "enum", "fqn": entry.fqn}}
            if entry.decl and entry.decl.comment:
                data["description"] = entry.decl.comment
            schema = Schema(loc, data, _local_name(entry))
            self._schemas["." + entry.fqn] = schema
        return schema

    def element_data(self, field: Any) -> dict[str, Any]:
        """The JSON-Schema shape of one value of a field (an element, for repeated fields)."""
        if field.type == FD.TYPE_ENUM:
            entry = self.types.get(field.type_name)
            return {"type": "string", "enum": [v.name for v in entry.proto.value] if entry else []}
        if field.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
            return dict(WELL_KNOWN.get(field.type_name, {"type": "object"}))
        kind, fmt = _SCALARS.get(field.type, ("string", None))
        return {"type": kind, "format": fmt} if fmt else {"type": kind}


def _local_name(entry: TypeEntry) -> str:
    package = entry.file.proto.package
    return entry.fqn[len(package) + 1:] if package and entry.fqn.startswith(package + ".") else entry.fqn


class MessageSchema(Schema):
    """A message: an object whose properties are its fields, built on first use."""

    def __init__(self, workspace: ProtoWorkspace, entry: TypeEntry) -> None:
        self.ws, self.entry = workspace, entry
        self.loc = entry.decl.loc if entry.decl else Loc(entry.file.display, "/" + entry.fqn)
        self.name = _local_name(entry)
        self._data: dict[str, Any] | None = None
        self._props: dict[str, Schema] | None = None

    @property
    def data(self) -> dict[str, Any]:  # type: ignore[override]
        if self._data is None:
            self._build()
        return self._data  # type: ignore[return-value]

    def _build(self) -> None:
        props: dict[str, Schema] = {}
        required: list[str] = []
        node = self.entry.proto
        for field in node.field:
            schema, is_required = _field_schema(self.ws, self.entry, field)
            props[field.name] = schema
            if is_required:
                required.append(field.name)
        data: dict[str, Any] = {
            "type": "object", "properties": {name: s.data for name, s in props.items()},
            "x-proto": {"kind": "message", "fqn": self.entry.fqn,
                        "oneofs": [o.name for o in node.oneof_decl],
                        "resource": self.ws.options.resource(node) is not None}}
        if required:
            data["required"] = required
        if self.entry.decl and self.entry.decl.comment:
            data["description"] = self.entry.decl.comment
        self._props, self._data = props, data

    def properties(self) -> dict[str, Schema]:
        if self._props is None:
            self._build()
        return self._props  # type: ignore[return-value]


class FieldSchema(Schema):
    """A field. Message-typed fields expose the message's fields as properties (like a $ref)."""

    def __init__(self, workspace: ProtoWorkspace, loc: Loc, data: dict[str, Any], field: Any,
                 item: bool = False) -> None:
        super().__init__(loc, data, None)
        self.ws, self.field, self.is_item = workspace, field, item

    @property
    def key(self) -> tuple[str, str]:
        return (self.loc.file, self.loc.pointer + ("[]" if self.is_item else ""))

    def _message_type(self) -> str | None:
        field = self.field
        if field.type != FD.TYPE_MESSAGE or field.type_name in WELL_KNOWN or self.ws.is_map_field(field):
            return None
        return field.type_name

    def properties(self) -> dict[str, Schema]:
        type_name = self._message_type()
        if type_name is None or (self.data.get("type") == "array" and not self.is_item):
            return {}
        return self.ws.message_schema(type_name).properties()

    def items(self) -> Schema | None:
        if self.data.get("type") != "array" or self.is_item or self.ws.is_map_field(self.field):
            return None
        type_name = self._message_type()
        if type_name is not None:
            return self.ws.message_schema(type_name)
        return FieldSchema(self.ws, self.loc, self.data["items"], self.field, item=True)


def _field_schema(ws: ProtoWorkspace, owner: TypeEntry, field: Any) -> tuple[Schema, bool]:
    fqn = f"{owner.fqn}.{field.name}"
    decl = ws.by_fqn.get(fqn) if owner.decl else None
    loc = decl.loc if decl else Loc(owner.file.display, "/" + fqn)
    behaviors = ws.options.field_behavior(field)
    synthetic = field.proto3_optional
    oneof = (owner.proto.oneof_decl[field.oneof_index].name
             if field.HasField("oneof_index") and not synthetic else None)
    x_proto = {"type": FD.Type.Name(field.type), "type_name": field.type_name or None, "number": field.number,
               "label": FD.Label.Name(field.label), "optional": synthetic, "oneof": oneof,
               "field_behavior": behaviors}
    element = ws.element_data(field)
    if ws.is_map_field(field):
        value = ws.types[field.type_name].proto.field[1]
        data: dict[str, Any] = {"type": "object", "additionalProperties": ws.element_data(value), "x-proto": x_proto}
        x_proto["map"] = True
    elif field.label == FD.LABEL_REPEATED:
        data = {"type": "array", "items": element, "x-proto": x_proto}
    else:
        data = {**element, "x-proto": x_proto}
    if field.type == FD.TYPE_ENUM:
        entry = ws.types.get(field.type_name)
        if entry is not None:
            x_proto["enum_type"] = entry.fqn
    if decl and decl.comment:
        data["description"] = decl.comment
    if "OUTPUT_ONLY" in behaviors:
        data["readOnly"] = True
    if "INPUT_ONLY" in behaviors:
        data["writeOnly"] = True
    required = "REQUIRED" in behaviors
    rules = ws.options.validate_rules(field)
    if rules is not None:
        required = apply_rules(rules, data, data.get("items") if data.get("type") == "array" else None) or required
    return FieldSchema(ws, loc, data, field), required


def version_suffix(package: str) -> str | None:
    """``shop.v1`` -> ``v1``; ``google.cloud.tasks.v2beta3`` -> ``v2beta3``; else None."""
    import re

    last = package.rsplit(".", 1)[-1]
    return last if re.fullmatch(r"v\d+((alpha|beta|test|p\d+alpha|p\d+beta)\d*)?", last) else None


def build_proto(workspace: ProtoWorkspace, display: str) -> Api:
    operations = []
    for decl in workspace.of_kind("method"):
        operations.append(_operation(workspace, decl))
    schemas: dict[str, Schema] = {}
    for decl in workspace.decls:
        if decl.kind == "message":
            schemas[decl.fqn] = workspace.message_schema(decl.fqn)
        elif decl.kind == "enum":
            schemas[decl.fqn] = workspace.enum_schema(workspace.types["." + decl.fqn])
    targets = [f for f in workspace.files if f.target]
    with_service = [f for f in targets if f.proto.service] or targets
    package = with_service[0].proto.package if with_service else None
    syntax = (targets[0].proto.syntax or "proto2") if targets else "proto2"
    if syntax == "editions" and targets:
        syntax = f"edition {targets[0].proto.edition}"
    return Api(format="proto", spec_version=syntax, title=package or None,
               version=version_suffix(package) if package else None, file=display, operations=operations,
               schemas=schemas, raw=workspace.descriptors, workspace=workspace)


def _operation(ws: ProtoWorkspace, decl: Decl) -> Operation:
    method = decl.proto
    rule = ws.options.http_rule(method)
    http_method = path = None
    body = None
    if rule is not None:
        kind = rule.WhichOneof("pattern")
        if kind == "custom":
            http_method, path = rule.custom.kind.lower() or None, rule.custom.path or None
        elif kind:
            http_method, path = kind, getattr(rule, kind) or None
        body = rule.body or None
    request = ws.message_schema(method.input_type)
    response = ws.message_schema(method.output_type)
    service = decl.parent
    return Operation(
        name=method.name, loc=decl.loc, method=http_method, path=path, operation_id=method.name,
        description=decl.comment or None,
        request=Body(request.loc, {MEDIA_TYPE: request}, required=True),
        responses={"OK": Response("OK", decl.loc, None, Body(response.loc, {MEDIA_TYPE: response}))},
        deprecated=method.options.deprecated, tags=[service.name] if service else [],
        streaming=(method.client_streaming, method.server_streaming),
        raw={"service": service.fqn if service else None, "input_type": method.input_type[1:],
             "output_type": method.output_type[1:], "http_body": body})


def proto_workspace(api: Api) -> ProtoWorkspace | None:
    """The declaration index of a proto API (None for OpenAPI)."""
    return api.workspace if isinstance(api.workspace, ProtoWorkspace) else None


def short_name(type_name: str) -> str:
    """``.shop.v1.Order`` -> ``Order``."""
    return type_name.rsplit(".", 1)[-1]
