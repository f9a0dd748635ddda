"""proto-field-name-case: Field name is not lower_snake_case (2.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import proto

_LOWER_SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


_MSG = proto("""
        // An order.
        message Order {{
          string name = 1;
          string {field} = 2;
        }}
    """)


@rule(id="proto-field-name-case", title="Field name is not lower_snake_case", sections=("2.1",),
      severity="warning", formats=("proto",), rationale="""
Protobuf derives JSON names (`orderId`) and every language's accessors from lower_snake_case field
names; a `customerId` or `Customer_ID` field yields surprising JSON names and accessors, and mixing
styles across messages is exactly the inconsistent naming of anti-pattern 2.1.""",
      fix="Rename the field to lower_snake_case (`customer_id`); the wire format uses numbers, but JSON "
          "clients see the name, so reserve the old name if it was released.",
      examples=[Example("proto", bad=_MSG.format(field="customerId"), good=_MSG.format(field="customer_id"))])
def field_name_case(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for field in ws.of_kind("field") if ws else ():
        if not _LOWER_SNAKE.fullmatch(field.name):
            yield Issue(field.loc, f"field {field.name} is not lower_snake_case",
                        hint=f"rename it {'_'.join(words(field.name))}")
