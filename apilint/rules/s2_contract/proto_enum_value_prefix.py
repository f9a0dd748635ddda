"""proto-enum-value-prefix: Package-level enum value is not prefixed with the enum name (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.rules.s2_contract._proto_enums import ENUM, upper_snake


@rule(id="proto-enum-value-prefix", title="Package-level enum value is not prefixed with the enum name",
      sections=("2.1",), severity="warning", formats=("proto",), rationale="""
Enum values live in the scope that contains the enum, not inside it (C++ scoping rules, which protoc
enforces for every language): two package-level enums cannot both have `ACTIVE`, and adding one later
breaks the build. Prefixing every value with the enum name in UPPER_SNAKE_CASE (`ORDER_STATE_ACTIVE`)
keeps the vocabulary unambiguous and consistent (anti-pattern 2.1). Enums nested in a message are
scoped by the message and exempt, as in Google's AIP-126.""",
      fix="Rename the values to `<ENUM_NAME>_<VALUE>` (reserve the old names if already released).",
      examples=[Example("proto", bad=ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  PENDING = 1;"),
                        good=ENUM.format(values="  ORDER_STATE_UNSPECIFIED = 0;\n  ORDER_STATE_PENDING = 1;"))])
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
