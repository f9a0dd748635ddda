"""Compare one gRPC call's outcome with what a contract or recording expects (docs/replay.md, "gRPC").

The status code first: another code is breaking (``status_changed`` at ``grpc.code``); UNIMPLEMENTED where
the call used to work is ``rpc_missing``. Message bodies are compared by replay's JSON comparison
(``compare.Comparison``), a server stream as the ordered list of its messages (another count is a warning,
like an array's length).

Proto3 JSON leaves out a field that holds its default value (``0``, ``""``, ``false``, the first enum value,
an empty list), so a missing field is read with the message's descriptor (from ``--proto``):

- a field the protos no longer declare: ``field_removed``, "the protos no longer declare it";
- a repeated or map field: it is empty, and compared as ``[]`` / ``{}`` (a count changed: warning);
- a singular field the expectation saw set (its value was not the default, or it would not have been
  recorded): ``field_removed``, breaking, "no longer sent": whether the new build deleted it from its
  protos or stopped setting it, a client now reads the default where it read a value. An expected
  literal that *is* the default is satisfied by the field's absence.
"""

from __future__ import annotations

from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from apilint.grpc import status
from apilint.grpc.codec import is_int64, is_repeated
from apilint.grpc.descriptors import Method
from apilint.replay.compare import Comparison
from apilint.replay.model import BREAKING, WARNING, Difference, Expected

_NUMBERS = (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32, FieldDescriptor.CPPTYPE_DOUBLE,
            FieldDescriptor.CPPTYPE_FLOAT)


def compare_call(comparison: Comparison, method: Method, expected: Expected, code: int, message: str | None,
                 details: list[dict[str, Any]], body: Any) -> None:
    """Add the differences between the expected and the received outcome to ``comparison``; ``body``: the
    response message (unary) or the list of them (a server that streams)."""
    outcome = expected.grpc or {}
    want = outcome.get("code")
    if want is not None and want != code:
        if code == status.UNIMPLEMENTED:
            comparison.differences.append(Difference(
                BREAKING, "rpc_missing", "grpc.code", f"RPC {method.path} missing: the target answers UNIMPLEMENTED",
                status.code_name(want), "UNIMPLEMENTED"))
            return
        comparison.differences.append(Difference(BREAKING, "status_changed", "grpc.code", "gRPC status changed",
                                                 status.code_name(want), status.code_name(code)))
        if (want == status.OK) != (code == status.OK):
            return  # an error's body says nothing about an answer's, and the other way round
    if outcome.get("message") is not None:
        comparison.value(outcome["message"], message, "grpc.message", severity=WARNING)
    if outcome.get("details"):
        comparison.value(outcome["details"], details, "grpc.details")
    if expected.body is None:
        return
    notes: dict[str, str] = {}
    comparison.value(expected.body, _filled(expected.body, body, method.output, "body", notes), "body")
    for difference in comparison.differences:
        if difference.kind == "field_removed" and difference.where in notes:
            difference.message = notes[difference.where]


def _filled(want: Any, got: Any, message: Descriptor | None, where: str, notes: dict[str, str]) -> Any:
    """``got`` with the proto3 defaults of fields ``want`` names and ``got`` leaves out where absence means
    that default (see the module docstring); ``notes``: why each other missing field is missing."""
    if isinstance(want, list) and isinstance(got, list):
        return [_filled(w, g, message, f"{where}[{i}]", notes) for i, (w, g) in enumerate(zip(want, got, strict=False))
                ] + got[len(want):]
    if not (isinstance(want, dict) and isinstance(got, dict)) or message is None \
            or message.full_name.startswith("google.protobuf."):  # well-known types have their own JSON
        return got
    out = dict(got)
    for key, item in want.items():
        field = message.fields_by_name.get(key) or message.fields_by_camelcase_name.get(key)
        at = f"{where}.{key}"
        if key in got:
            if field is not None and field.message_type is not None and not _is_map(field):
                out[key] = _filled(item, got[key], field.message_type, at, notes)
        elif field is None:
            notes[at] = "field removed: the protos no longer declare it"
        elif is_repeated(field):
            out[key] = {} if _is_map(field) else []
        elif field.has_presence:
            notes[at] = "field no longer set"
        elif item == _default(field):
            out[key] = item
        else:
            notes[at] = (f"field no longer sent (proto3 JSON leaves out a field that holds its default "
                         f"{_default(field)!r}: the build stopped setting it, or dropped it)")
    return out


def _is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def _default(field: FieldDescriptor) -> Any:
    """A singular field's default as proto3 JSON writes it."""
    kind = field.cpp_type
    if is_int64(field):
        return "0"
    if kind in _NUMBERS:
        return 0
    if kind == FieldDescriptor.CPPTYPE_BOOL:
        return False
    if kind == FieldDescriptor.CPPTYPE_ENUM:
        first = field.enum_type.values_by_number.get(0)
        return first.name if first is not None else 0
    return ""
