"""proto-enum-zero-unspecified: Enum zero value is not *_UNSPECIFIED (2.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.rules.s2_contract._proto_enums import ENUM, upper_snake


@rule(id="proto-enum-zero-unspecified", title="Enum zero value is not *_UNSPECIFIED", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
In proto3 the zero value is what a reader sees when the field was never set, by an old client or by
mistake. If zero means a real state (`ORDER_STATE_PENDING = 0`), "not set" and "pending" cannot be told
apart and a missing field silently becomes a business decision. The canonical vocabulary (anti-pattern
2.1) reserves zero for `<ENUM_NAME>_UNSPECIFIED`.""",
      fix="Make the first value `<ENUM_NAME>_UNSPECIFIED = 0` and renumber the real values from 1.",
      examples=[Example("proto", bad=ENUM.format(values="  ORDER_STATE_PENDING = 0;\n  ORDER_STATE_SHIPPED = 1;"),
                        good=ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  ORDER_STATE_PENDING = 1;\n"
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
