"""timestamp-untyped: Timestamp is a plain string or an epoch number (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import ORDER_MESSAGE, proto
from apilint.rules._inventory import Prop, cached_words, inventory
from apilint.rules.s2_contract._field_types import SPEC, _type, by_name
from apilint.rules.s2_contract._proto_fields import fields, is_string

_POINT_IN_TIME = re.compile(r"timestamp|iso ?8601|rfc ?3339|epoch|unix|date", re.I)


_NOT_POINT = re.compile(r"time of day|hh:mm|duration|how long|\d+[smh]\b|clock", re.I)


_ISO_EXAMPLE = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _point_in_time(data: dict[str, Any]) -> bool:
    """For ambiguous ``*_time`` names: does the schema say it is a date and time (not a duration or a
    time of day)?"""
    text = f"{data.get('description') or ''} {data.get('title') or ''}"
    example = str(data.get("example") or "")
    if _NOT_POINT.search(text) or _NOT_POINT.search(example):
        return False
    return bool(_POINT_IN_TIME.search(text) or _ISO_EXAMPLE.match(example))


def _timestamp_name(ws: list[str], name: str) -> str | None:
    """'strong' for names that are always points in time, 'weak' for *_time (may be a duration)."""
    if not ws:
        return None
    if ws[-1] in ("at", "timestamp") or name.lower() in ("created", "updated", "modified", "deleted"):
        return "strong"
    if len(ws) >= 2 and ws[-1] == "on" and ws[-2] in ("created", "updated", "modified", "deleted"):
        return "strong"
    if ws[-1] == "time" and len(ws) >= 2:
        return "weak"
    return None


@rule(id="timestamp-untyped", title="Timestamp is a plain string or an epoch number", sections=("2.1",),
      severity="warning", formats=("openapi",), options={
          "duration_words": ["elapsed", "execution", "response", "run", "wait", "processing", "lead", "up",
                             "down", "cpu", "total", "idle", "compute", "billable", "average", "avg", "max", "min",
                             "real", "user", "system", "build", "queue", "queued", "ttl", "time"]},
      rationale="""
Time values need one canonical type: an RFC 3339 string (`type: string, format: date-time`) in JSON,
`google.protobuf.Timestamp` in protobuf. Untyped strings leave the format (and the time zone) to
guessing, and epoch integers silently disagree on seconds vs milliseconds; neither can be validated at
the boundary (anti-pattern 2.1: "never strings, never epoch integers").""",
      fix="Declare the field as `type: string, format: date-time` (proto: google.protobuf.Timestamp).",
      examples=[Example("openapi", bad=SPEC.format(field="created_at: {type: integer, format: int64}"),
                        good=SPEC.format(field="created_at: {type: string, format: date-time}"))])
def timestamp_untyped(api: Api, ctx: Context) -> Iterator[Issue]:
    durations = ctx.words("duration_words")
    for name, props in by_name(inventory(api).props).items():
        ws = cached_words(name)
        strength = _timestamp_name(ws, name)
        if strength is None or (strength == "weak" and ws[-2] in durations):
            continue
        wrong: list[tuple[Prop, str]] = []
        for prop in props:
            data = prop.data(api)
            kind, fmt = _type(data), data.get("format")
            if strength == "weak" and not _point_in_time(data):
                continue
            if kind == "string":
                fmt_ok = isinstance(fmt, str) and ("date" in fmt or "time" in fmt) and fmt != "unix-time"
                if not fmt_ok and "pattern" not in data and "enum" not in data:
                    wrong.append((prop, "a string without format: date-time"))
            elif kind in ("integer", "number") and (strength == "strong" or fmt == "unix-time"):
                wrong.append((prop, "an epoch number"))
        if wrong:
            prop, what = wrong[0]
            more = f" (and {len(wrong) - 1} more definitions)" if len(wrong) > 1 else ""
            yield Issue(prop.loc, f"timestamp '{name}' is {what}{more}; use type: string, format: date-time",
                        hint="RFC 3339 date-time strings (proto: google.protobuf.Timestamp)")




_INTEGERS = {FD.TYPE_INT64, FD.TYPE_UINT64, FD.TYPE_INT32, FD.TYPE_UINT32, FD.TYPE_SINT64, FD.TYPE_SINT32,
             FD.TYPE_FIXED64, FD.TYPE_FIXED32, FD.TYPE_SFIXED64, FD.TYPE_SFIXED32, FD.TYPE_DOUBLE, FD.TYPE_FLOAT}


_WRAPPED_INTEGERS = {".google.protobuf.Int64Value", ".google.protobuf.UInt64Value", ".google.protobuf.Int32Value",
                     ".google.protobuf.UInt32Value", ".google.protobuf.DoubleValue"}


def _is_integer(field) -> bool:
    return field.type in _INTEGERS or field.type_name in _WRAPPED_INTEGERS


_TIME_LAST = {"time", "at", "timestamp", "datetime", "ts"}


_EPOCH_UNITS = {"ms", "millis", "msec", "msecs", "milliseconds", "seconds", "secs", "sec", "nanos", "ns", "us",
                "usec", "micros", "epoch", "unix"}


_RELATIVE = {"since", "until", "before", "after", "ago", "elapsed", "remaining"}


_COUNTS = {"days", "hours", "minutes", "seconds", "weeks", "months", "years", "num", "count", "number", "max", "min"}


def _time_kind(name: str, durations: frozenset[str]) -> str | None:
    """'instant' for created_at / update_time / expire_timestamp, 'epoch' for created_at_ms, else None."""
    parts = words(name)
    if not parts or set(parts) & _RELATIVE or parts[0] in _COUNTS:
        return None  # days_since_custom_time, num_updates_at: counts or durations, not instants
    if len(parts) >= 2 and parts[-1] == "time" and parts[-2] in durations:
        return None  # execution_time, wait_time: durations
    if parts[-1] in _TIME_LAST and not (len(parts) == 1 and parts[0] == "at"):
        return "instant"
    if len(parts) >= 2 and parts[-1] in _EPOCH_UNITS and parts[-2] in {"at", "time", "timestamp", "epoch"}:
        return "epoch"
    if parts[-1] in {"epoch", "unix"}:
        return "epoch"
    return None


@implements("timestamp-untyped", format="proto", examples=[
    Example("proto", bad=proto(ORDER_MESSAGE.format(field="int64 created_at = 2;")),
            good=proto(ORDER_MESSAGE.format(field="google.protobuf.Timestamp create_time = 2;"),
                       imports=["google/protobuf/timestamp.proto"]))])
def time_not_timestamp(api: Api, ctx: Context) -> Iterator[Issue]:
    durations = ctx.words("duration_words")
    for field in fields(proto_workspace(api)):
        kind = _time_kind(field.name, durations)
        if kind is None:
            continue
        proto = field.proto
        if _is_integer(proto) or (is_string(proto) and kind == "instant"):
            what = "an integer" if _is_integer(proto) else "a string"
            yield Issue(field.loc, f"field {field.name} holds a time as {what}",
                        hint="use google.protobuf.Timestamp")
