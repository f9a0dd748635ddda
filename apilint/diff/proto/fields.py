"""A field's type and cardinality as buf compares them, and which changes keep the wire (and JSON)
encoding readable."""

from __future__ import annotations

from apilint.diff.proto.features import feature, syntax
from apilint.diff.proto.tree import Tree

_TYPE_NAMES = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32", 8: "bool",
               9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum", 15: "sfixed32",
               16: "sfixed64", 17: "sint32", 18: "sint64"}


def field_type(f) -> str:
    if _kind(f) == "group":  # a group, or a DELIMITED-encoded message in editions
        return "group " + f.type_name.lstrip(".")
    if f.type in (11, 14):
        return f.type_name.lstrip(".")
    return _TYPE_NAMES.get(f.type, str(f.type))


# scalar kinds that read each other's encoding; message and enum fields only stay compatible with their
# own type (a different message type is a different contract; a group is encoded differently)
_WIRE_GROUPS = [{"int32", "uint32", "int64", "uint64", "bool"}, {"sint32", "sint64"},
                {"fixed32", "sfixed32"}, {"fixed64", "sfixed64"}]
_WIRE_JSON_GROUPS = [{"int32", "uint32"}, {"int64", "uint64"}, {"fixed32", "sfixed32"}, {"fixed64", "sfixed64"}]


def _kind(f) -> str:
    if f.type == 11 and f.options.HasField("features") and f.options.features.message_encoding == 2:
        return "group"  # DELIMITED encoding (editions) is the group wire format
    return {11: "message", 10: "group", 14: "enum"}.get(f.type, _TYPE_NAMES.get(f.type, ""))


def wire_compatible(old, new) -> bool:
    a, b = _kind(old), _kind(new)
    if a == b == "enum":  # enums are varints whatever their name
        return True
    if a in ("message", "group", "enum") or b in ("message", "group", "enum"):
        return a == b and old.type_name == new.type_name
    if (a, b) == ("string", "bytes"):  # every string is valid bytes; not every bytes value is UTF-8
        return True
    return a == b or any(a in g and b in g for g in _WIRE_GROUPS)


def wire_json_compatible(old, new) -> bool:
    a, b = _kind(old), _kind(new)
    if a == b == "enum":
        return True
    if a in ("message", "group", "enum") or b in ("message", "group", "enum"):
        return a == b and old.type_name == new.type_name
    return a == b or any(a in g and b in g for g in _WIRE_JSON_GROUPS)


def cardinality(fd, f) -> str:
    if f.label == 3:
        return "repeated"
    if f.label == 2:
        return "required"
    if f.proto3_optional:
        return "optional"
    if syntax(fd) == "proto3":
        return "implicit" if f.type not in (11, 10) and not f.HasField("oneof_index") else "optional"
    if syntax(fd) == "editions":
        presence = feature(fd, None, f, "field_presence")
        if presence == 3:  # LEGACY_REQUIRED
            return "required"
        if presence == 2 and f.type not in (11, 10) and not f.HasField("oneof_index"):  # IMPLICIT
            return "implicit"
    return "optional"


def map_or(tree: Tree, fd, f) -> str:
    """The cardinality, with map fields (repeated map-entry messages) told apart from plain repeated ones."""
    if f.label == 3 and f.type == 11:
        target = tree.messages.get(f.type_name.lstrip("."))
        if target is not None and target.proto.options.map_entry:
            return "map"
    return cardinality(fd, f)


def cardinality_wire_compatible(a: str, b: str, old, new) -> bool:
    """Optional and implicit presence encode alike; repeated does not, and a required field makes parsing
    fail when it is missing."""
    if {a, b} == {"map", "repeated"}:  # a map is a repeated entry message on the wire
        return True
    return not {a, b} & {"repeated", "map", "required"}


def cardinality_wire_json_compatible(a: str, b: str, old, new) -> bool:
    return not {a, b} & {"repeated", "map", "required"}


def required(fd, message, f) -> bool:
    return cardinality(fd, f) == "required"


def synthetic_oneof(message, index: int) -> bool:
    return any(f.HasField("oneof_index") and f.oneof_index == index and f.proto3_optional for f in message.field)
