"""Proto enums: an explicit unknown zero value, and values scoped by their enum's name (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words

_ENUM = """syntax = "proto3";
package shop.v1;
// The lifecycle of an order.
enum OrderState {{
{values}
}}
"""


def upper_snake(name: str) -> str:
    """``OrderState`` -> ``ORDER_STATE``."""
    return "_".join(w.upper() for w in words(name))


@rule(id="proto-enum-zero-unspecified", title="Enum zero value is not *_UNSPECIFIED", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
In proto3 the zero value is what a reader sees when the field was never set, by an old client or by
mistake. If zero means a real state (`ORDER_STATE_PENDING = 0`), "not set" and "pending" cannot be told
apart and a missing field silently becomes a business decision. The canonical vocabulary (anti-pattern
2.1) reserves zero for `<ENUM_NAME>_UNSPECIFIED`.""",
      fix="Make the first value `<ENUM_NAME>_UNSPECIFIED = 0` and renumber the real values from 1.",
      examples=[Example("proto", bad=_ENUM.format(values="  ORDER_STATE_PENDING = 0;\n  ORDER_STATE_SHIPPED = 1;"),
                        good=_ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  ORDER_STATE_PENDING = 1;\n"
                                                 "  ORDER_STATE_SHIPPED = 2;"))])
def enum_zero_unspecified(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for enum in ws.of_kind("enum") if ws else ():
        values = list(enum.proto.value)
        if not values:
            continue
        zero = next((v for v in values if v.number == 0), values[0])
        if not zero.name.endswith("_UNSPECIFIED"):
            decl = ws.by_fqn.get(f"{enum.fqn}.{zero.name}", enum)
            yield Issue(decl.loc, f"enum {enum.name}: the zero value {zero.name} is not "
                        f"{upper_snake(enum.name)}_UNSPECIFIED",
                        hint=f"add {upper_snake(enum.name)}_UNSPECIFIED = 0 and renumber the others from 1")


@rule(id="proto-enum-value-prefix", title="Package-level enum value is not prefixed with the enum name",
      sections=("2.1",), severity="warning", formats=("proto",), rationale="""
Enum values live in the scope that contains the enum, not inside it (C++ scoping rules, which protoc
enforces for every language): two package-level enums cannot both have `ACTIVE`, and adding one later
breaks the build. Prefixing every value with the enum name in UPPER_SNAKE_CASE (`ORDER_STATE_ACTIVE`)
keeps the vocabulary unambiguous and consistent (anti-pattern 2.1). Enums nested in a message are
scoped by the message and exempt, as in Google's AIP-126.""",
      fix="Rename the values to `<ENUM_NAME>_<VALUE>` (reserve the old names if already released).",
      examples=[Example("proto", bad=_ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  PENDING = 1;"),
                        good=_ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  ORDER_STATE_PENDING = 1;"))])
def enum_value_prefix(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for enum in ws.of_kind("enum") if ws else ():
        if enum.parent is not None:
            continue
        prefix = upper_snake(enum.name) + "_"
        for value in enum.proto.value:
            if not re.sub(r"_+", "_", value.name).startswith(prefix):
                decl = ws.by_fqn.get(f"{enum.fqn}.{value.name}", enum)
                yield Issue(decl.loc, f"enum value {value.name} is not prefixed with {prefix}",
                            hint=f"rename it {prefix}{value.name}")
