"""Contract values made to fit a message's field types.

``apilint contracts build`` generalises what a record holds, the proto3 JSON: an int64 is a string there
(``"1250"``), so values that vary become ``{{string}}``, whose sample (``"apilint"``) an int64 field refuses.
``answer`` turns every matcher of a response into one whose generated value its field accepts; ``request``
writes 64-bit integer literals as the strings a decoded request holds (a hand-written ``total_cents: 1250``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from apilint.contract.matchers import parse
from apilint.grpc.codec import is_int64, is_repeated

_F = FieldDescriptor
_INTEGER = frozenset({_F.TYPE_INT64, _F.TYPE_UINT64, _F.TYPE_SINT64, _F.TYPE_FIXED64, _F.TYPE_SFIXED64,
                      _F.TYPE_INT32, _F.TYPE_UINT32, _F.TYPE_SINT32, _F.TYPE_FIXED32, _F.TYPE_SFIXED32})
_FLOAT = frozenset({_F.TYPE_DOUBLE, _F.TYPE_FLOAT})
_NUMERIC = frozenset({"integer", "positive_integer", "number"})
_ANY_TYPE = frozenset({"var", "redacted", "any"})  # values decided elsewhere (echoes, state) or anything
Leaf = Callable[[FieldDescriptor, Any], Any]


def answer(value: Any, message: Descriptor) -> Any:
    """A response message (JSON, may hold matchers) whose matchers generate values of their fields' types."""
    return _walk(value, message, _answer_leaf)


def request(value: Any, message: Descriptor) -> Any:
    """A request message (JSON, may hold matchers) with 64-bit integer literals as strings."""
    return _walk(value, message, _request_leaf)


def _walk(value: Any, message: Descriptor, leaf: Leaf) -> Any:
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        fd = message.fields_by_name.get(key) or message.fields_by_camelcase_name.get(key)
        out[key] = item if fd is None else _field(fd, item, leaf)
    return out


def _field(fd: FieldDescriptor, value: Any, leaf: Leaf) -> Any:
    entry = fd.message_type
    if entry is not None and entry.GetOptions().map_entry:
        inner = entry.fields_by_name["value"]
        return {k: _one(inner, v, leaf) for k, v in value.items()} if isinstance(value, dict) else value
    if is_repeated(fd) and isinstance(value, list):
        return [_one(fd, v, leaf) for v in value]
    return _one(fd, value, leaf)


def _one(fd: FieldDescriptor, value: Any, leaf: Leaf) -> Any:
    if fd.message_type is not None and not fd.message_type.full_name.startswith("google.protobuf."):
        return _walk(value, fd.message_type, leaf)
    return leaf(fd, value)


def _answer_leaf(fd: FieldDescriptor, value: Any) -> Any:
    matcher = parse(value)
    if matcher is None or matcher[0] in _ANY_TYPE:
        return value
    name = matcher[0]
    if fd.message_type is not None:
        full = fd.message_type.full_name
        return "{{iso_timestamp}}" if full == "google.protobuf.Timestamp" and name != "iso_timestamp" else value
    if fd.enum_type is not None:
        names = [v.name for v in fd.enum_type.values]
        names = names[1:] + names[:1]  # the zero value last: a generated state is a real one
        return value if name == "one_of" else "{{one_of:%s}}" % "|".join(names)
    if fd.type in _INTEGER:
        return value if name in ("integer", "positive_integer") else "{{positive_integer}}"
    if fd.type in _FLOAT:
        return value if name in _NUMERIC else "{{number}}"
    if fd.type == _F.TYPE_BOOL:
        return value if name == "boolean" else "{{boolean}}"
    if fd.type == _F.TYPE_STRING and (name in _NUMERIC or name == "boolean"):
        return "{{non_empty_string}}"
    return value


def _request_leaf(fd: FieldDescriptor, value: Any) -> Any:
    if is_int64(fd) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
