"""Live validation of gRPC calls against the protos: request messages against their JSON Schema with PGV and
field_behavior REQUIRED bounds (``apilint.grpc.schema``), unknown fields on both sides, and one status
convention. Violations are records as for REST (docs/recording-format.md); messages name the field and the
rule, never the value.

The status convention: an RPC that answers NOT_FOUND to some requests the protos accept and
INVALID_ARGUMENT to others of the same shape (the same fields set) reports the same condition, "the thing
named does not exist", two ways; clients then cannot handle it. Once a writer has seen both for one RPC and
one shape, every further such answer carries a ``status_convention`` violation. Requests that break the
proto's constraints are left out: INVALID_ARGUMENT is the right answer to them.
"""

from __future__ import annotations

import json
from typing import Any

from apilint.grpc import codec
from apilint.grpc.descriptors import Method, Services
from apilint.grpc.schema import message_schema
from apilint.grpc.status import INVALID_ARGUMENT, NOT_FOUND
from apilint.recording.format import Violation

_MIXED = {NOT_FOUND, INVALID_ARGUMENT}
MAX_SHAPES = 10_000  # remembered (RPC, shape) pairs per writer; cleared when full


def _violation(side: str, kind: str, field: str | None, message: str) -> Violation:
    return {"side": side, "kind": kind, "field": field, "message": message}


def native(message: Any) -> dict[str, Any]:
    """A parsed message as proto3 JSON, with 64-bit integers as numbers (how ``message_schema`` reads them)."""
    return _ints(codec.to_json(message), message.DESCRIPTOR)


def _ints(value: Any, descriptor: Any) -> Any:
    if not isinstance(value, dict) or descriptor.full_name.startswith("google.protobuf."):
        return value
    for name, item in value.items():
        fd = descriptor.fields_by_name.get(name)
        if fd is None:
            continue
        if codec.is_int64(fd):
            if isinstance(item, list):
                value[name] = [int(v) if isinstance(v, str) else v for v in item]
            elif isinstance(item, str):
                value[name] = int(item)
        elif fd.message_type is not None and not fd.message_type.GetOptions().map_entry:
            if isinstance(item, list):
                value[name] = [_ints(v, fd.message_type) for v in item]
            else:
                value[name] = _ints(item, fd.message_type)
    return value


def _schema_violations(errors: Any, prefix: str) -> list[Violation]:
    out = []
    for err in errors:
        base = ".".join([prefix, *(str(p) for p in err.absolute_path)])
        if err.validator == "required" and isinstance(err.instance, dict):
            out += [_violation("request", "schema", f"{base}.{name}", "required field is missing")
                    for name in err.validator_value if name not in err.instance]
            continue
        rule = json.dumps(err.validator_value, default=str)
        rule = rule if len(rule) <= 120 else rule[:117] + "..."
        out.append(_violation("request", "schema", base, f"{err.validator} {rule}"))
    return out


class GrpcValidator:
    """One per thread or writer process: it remembers status codes per RPC."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._validators: dict[str, Any] = {}
        self._codes: dict[tuple[str, tuple[str, ...]], set[int]] = {}

    def _validator(self, full_name: str) -> tuple[Any, Any]:
        """(jsonschema validator, its jsonschema-rs pre-check or None) of a message type."""
        pair = self._validators.get(full_name)
        if pair is None:
            from jsonschema import Draft202012Validator

            schema = message_schema(self.services.pool.FindMessageTypeByName(full_name))
            validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
            pair = self._validators[full_name] = (validator, _pre_check(schema, validator))
        return pair

    def request(self, method: Method, messages: list[Any]) -> list[Violation]:
        """Violations of the request messages (parsed): PGV and REQUIRED bounds, unknown fields."""
        validator, fast = self._validator(method.input.full_name)
        out: list[Violation] = []
        for i, message in enumerate(messages):
            prefix = "body" if len(messages) == 1 else f"body.{i}"
            instance = native(message)
            if fast is None or not fast.is_valid(instance):
                out += _schema_violations(validator.iter_errors(instance), prefix)
            out += _unknown("request", message, prefix)
        return out

    def response(self, method: Method, request: list[Any], messages: list[Any], code: int | None,
                 request_ok: bool) -> list[Violation]:
        """Violations of the answer: unknown fields, and NOT_FOUND and INVALID_ARGUMENT mixed (module doc)."""
        out: list[Violation] = []
        for i, message in enumerate(messages):
            out += _unknown("response", message, "body" if len(messages) == 1 else f"body.{i}")
        if code in _MIXED and request_ok and len(request) == 1:
            shape = (method.path, tuple(sorted(codec.to_json(request[0]))))
            if len(self._codes) >= MAX_SHAPES:
                self._codes.clear()
            seen = self._codes.setdefault(shape, set())
            seen.add(code)
            if seen == _MIXED:
                out.append(_violation("response", "status_convention", "grpc.status",
                                      "this RPC answers both NOT_FOUND and INVALID_ARGUMENT to valid requests "
                                      "that set the same fields"))
        return out


def _pre_check(schema: dict[str, Any], validator: Any) -> Any:
    """A jsonschema-rs (Rust) validator that accepts only what ``validator`` accepts, so a valid message costs
    one Rust call (the Python one then only explains failures): formats call the Python checkers; a schema
    with a ``pattern`` (Rust and Python regular expressions differ at the edges) gets none."""
    if _has_key(schema, "pattern"):
        return None
    checker = validator.format_checker
    formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in checker.checkers}
    try:
        import jsonschema_rs

        return jsonschema_rs.Draft202012Validator(schema, formats=formats, validate_formats=True)
    except Exception:  # whatever jsonschema-rs refuses: Python alone, as correct and slower
        return None


def _has_key(node: Any, key: str) -> bool:
    if isinstance(node, dict):
        return key in node or any(_has_key(v, key) for v in node.values())
    return isinstance(node, list) and any(_has_key(v, key) for v in node)


def _unknown(side: str, message: Any, prefix: str) -> list[Violation]:
    return [_violation(side, "unknown_field", f"{prefix}.{where}", "field number not declared in the protos")
            for where in codec.unknown_fields(message)]
