"""Edition features as protoc resolves them: the element's own setting, its messages', its file's, or
the syntax default; and the language features (Java UTF-8, C++ string type) read from raw bytes."""

from __future__ import annotations

from typing import Any

from apilint.diff.proto.tree import Element, Tree
from apilint.diff.proto.wire import extension_bytes, varint_field


def syntax(fd) -> str:
    return "editions" if fd.syntax == "editions" else (fd.syntax or "proto2")


_EDITION_DEFAULTS = {
    "proto2": {"enum_type": 2, "utf8_validation": 3, "json_format": 2, "field_presence": 1},
    "proto3": {"enum_type": 1, "utf8_validation": 2, "json_format": 1, "field_presence": 2},
    "editions": {"enum_type": 1, "utf8_validation": 2, "json_format": 1, "field_presence": 1},
}


def feature(fd, message_chain, element, name: str) -> int:
    """A resolved edition feature: the element's own setting, else its messages', else the file's, else the
    syntax default."""
    for holder in (element, *(message_chain or ()), fd):
        options = getattr(holder, "options", None)
        if options is not None and options.HasField("features") and options.features.HasField(name):
            return getattr(options.features, name)
    return _EDITION_DEFAULTS[syntax(fd)][name]


def _chain(tree: Tree, element: Element) -> list[Any]:
    chain, parent = [], element.parent
    while parent:
        message = tree.messages.get(parent)
        if message is None:
            break
        chain.append(message.proto)
        parent = message.parent
    return chain


def enum_closed(tree: Tree, element: Element) -> bool:
    return feature(element.file, _chain(tree, element), element.proto, "enum_type") == 2


def json_format(tree: Tree, element: Element) -> str:
    value = feature(element.file, _chain(tree, element), element.proto, "json_format")
    return {1: "ALLOW", 2: "LEGACY_BEST_EFFORT"}.get(value, str(value))


def utf8(tree: Tree, message: Element, f) -> int:
    return feature(message.file, [message.proto, *_chain(tree, message)], f, "utf8_validation")


def java_utf8(tree: Tree, message: Element, f) -> bool:
    fd = message.file
    if fd.options.java_string_check_utf8:
        return True
    for holder in (f, message.proto, *_chain(tree, message), fd):
        ext = _pb_java_utf8(holder)
        if ext is not None:
            return ext
    return False


def _pb_java_utf8(holder) -> bool | None:
    """(pb.java).utf8_validation from the raw features (unknown extension: read from serialized bytes)."""
    options = getattr(holder, "options", None)
    if options is None or not options.HasField("features"):
        return None
    raw = options.features.SerializeToString()
    # pb.java = extension 1001 of FeatureSet holding JavaFeatures; utf8_validation is its field 2 (1 DEFAULT,
    # 2 VERIFY). Decoding the nested message by hand avoids depending on java_features_pb2.
    inner = extension_bytes(raw, 1001)
    if inner is None:
        return None
    value = varint_field(inner, 2)
    return None if value is None else value == 2


def cpp_string_type(tree: Tree, message: Element, f) -> int:
    if f.options.HasField("ctype"):
        return {0: 0, 1: 1, 2: 2}.get(f.options.ctype, 0)  # STRING, CORD, STRING_PIECE (view)
    for holder in (f, message.proto, *_chain(tree, message), message.file):
        options = getattr(holder, "options", None)
        if options is not None and options.HasField("features"):
            inner = extension_bytes(options.features.SerializeToString(), 1000)  # pb.cpp
            if inner is not None:
                value = varint_field(inner, 3)  # string_type: 1 VIEW, 2 CORD, 3 STRING
                if value is not None:
                    return {3: 0, 2: 1, 1: 2}.get(value, 0)
    return 0
