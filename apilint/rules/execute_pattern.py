"""One operation per action, not execute(action, bag of params) (1.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.rules._inventory import cached_words, first_word

SELECTORS = ["action", "operation", "op", "command", "cmd", "verb", "method", "type", "kind", "mode"]
GENERIC_VERBS = ["process", "execute", "handle", "perform", "do", "run", "dispatch", "invoke", "apply", "call"]
_STRONG_SELECTORS = {"action", "operation", "op", "command", "cmd", "verb"}

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:{path_suffix}
    post:
      operationId: {op_id}
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
{fields}
      responses: {{'200': {{description: OK}}}}
"""
_BAD_FIELDS = """                action: {type: string, enum: [cancel, ship, refund]}
                cancel_reason: {type: string, description: Only used when action is cancel.}
                tracking_number: {type: string, description: Only used when action is ship.}
                refund_amount: {type: number}"""
_GOOD_FIELDS = """                reason: {type: string, maxLength: 200}"""


def _conditional(prop: Schema, selector: str, values: set[str]) -> bool:
    """A field documented or named as valid for only some selector values."""
    text = str(prop.data.get("description") or "").lower()
    if not text or not re.search(r"\b(only|required|ignored|used|valid|applies)\b.*\b(when|if|for)\b", text):
        return False
    return selector in cached_words(text) or bool(values & set(cached_words(text)))


@rule(id="action-field-dispatch", title="One operation dispatches on an action field (execute pattern)",
      sections=("1.4",), severity="warning", formats=("openapi",), options={
          "selectors": SELECTORS, "generic_verbs": GENERIC_VERBS},
      rationale="""
`ProcessOrder(order_id, action, cancel_reason, tracking_number, refund_amount, ...)` is
execute(action, bag of params): callers cannot understand the operation without documentation of every
variant, validation becomes a conditional maze (cancel_reason required when action = "cancel", ignored
otherwise), generated SDKs lose all type information and tests multiply (anti-pattern 1.4).""",
      fix="Split it into one operation per action (CancelOrder, ShipOrder, RefundOrder), each with its own "
          "always-relevant fields; for a genuinely polymorphic input use oneOf with a discriminator (proto: oneof).",
      examples=[Example("openapi", bad=_SPEC.format(path_suffix="", op_id="processOrder", fields=_BAD_FIELDS),
                        good=_SPEC.format(path_suffix="", op_id="cancelOrder", fields=_GOOD_FIELDS)
                        .replace("/v1/orders/{order_id}:", "/v1/orders/{order_id}:cancel:"))])
def action_field_dispatch(api: Api, ctx: Context) -> Iterator[Issue]:
    selectors, generic = ctx.words("selectors"), ctx.words("generic_verbs")
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        if op.request is None or op.request.schema is None or op.request.schema.key in seen:
            continue
        schema = op.request.schema
        seen.add(schema.key)
        if "discriminator" in schema.data:
            continue
        props = schema.all_properties()
        for name, prop in props.items():
            if name.lower() not in selectors or prop.type != "string":
                continue
            values = {str(v).lower() for v in prop.enum or []}
            value_words = {w for v in values for w in cached_words(v)}
            others = {n: p for n, p in props.items() if n != name and n not in schema.required}
            by_name = [n for n in others if (cached_words(n) or [""])[0] in value_words]
            by_doc = [n for n, p in others.items() if _conditional(p, name.lower(), value_words)]
            conditional = sorted(set(by_name) | set(by_doc))
            strong = name.lower() in _STRONG_SELECTORS
            if len(conditional) >= 2 or (strong and first_word(op) in generic and len(others) >= 2):
                detail = (f"fields valid only for some values: {', '.join(conditional)}" if conditional
                          else f"the generic operation name '{op.operation_id or op.name}'")
                if strong:
                    yield Issue(prop.loc, f"{op.label}: the request field '{name}' selects what the operation does "
                                f"({detail})", hint="split into one operation per action, or use oneOf/oneof")
                else:  # a `type` / `kind`: a polymorphic input left unmodelled
                    yield Issue(prop.loc, f"{op.label}: the request field '{name}' decides which other fields "
                                f"apply ({detail})", hint="model each variant as a oneOf branch with a "
                                "discriminator on '" + name + "', or split the operation")
                break
