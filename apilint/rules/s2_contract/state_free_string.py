"""state-free-string: Status, state or type field is a free string instead of an enum (2.1)."""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import ORDER_MESSAGE, proto
from apilint.rules._inventory import cached_words, inventory
from apilint.rules.s2_contract._field_types import SPEC, _type, by_name
from apilint.rules.s2_contract._proto_fields import fields, is_string


@rule(id="state-free-string", title="Status, state or type field is a free string instead of an enum",
      reads_descriptions=False,
      sections=("2.1",), severity="info", formats=("openapi",), presets=("strict",), options={
          "suffixes": ["status", "state", "type", "kind"],
          "exempt": ["content_type", "media_type", "mime_type", "mimetype", "contenttype", "mediatype",
                     "file_type", "token_type", "grant_type", "response_type", "event_type", "object_type"]},
      # proto: a `kind` or `*_type` string is a type tag or a resource name (Compute's "compute#instance",
      # machine_type URLs), states are what go unenumerated
      format_defaults={"proto": {"suffixes": ["status", "state"]}},
      rationale="""
A `status` declared as a free string lets every value through: clients cannot know the possible
states, generated SDKs get `str` instead of a type, and a typo (`"canceled"` vs `"cancelled"`) becomes a
new state. States and kinds are enums (proto: an enum with an `_UNSPECIFIED` zero value), documented
and validated at the boundary (anti-pattern 2.1).""",
      fix="List the values with `enum` (proto: an enum type); for open-ended sets use a documented enum with "
          "an explicit rule for unknown values.",
      examples=[Example("openapi", bad=SPEC.format(field="status: {type: string}"),
                        good=SPEC.format(field="status: {type: string, enum: [pending, shipped, cancelled]}"))])
def state_free_string(api: Api, ctx: Context) -> Iterator[Issue]:
    suffixes, exempt = ctx.words("suffixes"), ctx.words("exempt")
    for name, props in by_name(inventory(api).props).items():
        ws = cached_words(name)
        if not ws or not name[:1].isalpha() or ws[-1] not in suffixes:
            continue
        if "_".join(ws) in exempt or "".join(ws) in exempt:
            continue
        wrong = []
        for prop in props:
            data = prop.data(api)
            if _type(data) != "string" or data.get("format"):
                continue
            if any(k in data for k in ("enum", "const", "x-extensible-enum", "oneOf", "anyOf", "allOf",
                                       "pattern")):
                continue
            wrong.append(prop)
        if wrong:
            more = f" (and {len(wrong) - 1} more definitions)" if len(wrong) > 1 else ""
            yield Issue(wrong[0].loc, f"'{name}' is a free string{more}; declare its values with enum",
                        hint="enum: [...] (proto: an enum type with an _UNSPECIFIED zero value)")


_ADDRESS_WORDS = {"address", "city", "postal", "zip", "country", "region", "locality", "province"}


@implements("state-free-string", format="proto", examples=[
    Example("proto", bad=proto(ORDER_MESSAGE.format(field="string status = 2;")),
                        good=proto("""
        // An order.
        message Order {
          string name = 1;
          OrderState state = 2;
        }
        // Order states.
        enum OrderState {
          ORDER_STATE_UNSPECIFIED = 0;
          ORDER_STATE_PLACED = 1;
        }
    """))])
def status_not_enum(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    suffixes, exempt = ctx.words("suffixes"), ctx.words("exempt")
    for field in fields(ws):
        parts = words(field.name)
        if not parts or parts[-1] not in suffixes or "_".join(parts) in exempt or not is_string(field.proto):
            continue
        if field.proto.label == FD.LABEL_REPEATED:
            continue
        message = field.parent
        siblings = {w for f in message.proto.field for w in words(f.name)} | set(words(message.name))
        if parts[-1] == "state" and siblings & _ADDRESS_WORDS:
            continue  # a postal address's state / province
        yield Issue(field.loc, f"field {field.name} is a free-form string; its values are not part of the "
                    "contract", hint="declare an enum of the states (zero value *_UNSPECIFIED)")
