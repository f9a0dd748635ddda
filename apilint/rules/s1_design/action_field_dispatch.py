"""action-field-dispatch: One operation dispatches on an action field (execute pattern) (1.4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api, Schema
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import proto
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


_COMMON_INPUTS = {"name", "parent", "request_id", "client_token", "etag", "update_mask", "validate_only",
                  "page_size", "page_token", "namespace", "identity"}


_CONDITIONAL = ("only used when", "only used if", "only used for", "only valid when", "only valid for",
                "only valid if", "only applies", "only relevant", "required when", "required if",
                "ignored unless", "ignored when", "ignored if", "used only when", "used only for", "only when")


@implements("action-field-dispatch", format="proto", examples=[Example("proto",
                        bad=proto("""
        service OrderService {
          rpc ProcessOrder(ProcessOrderRequest) returns (ProcessOrderResponse);
        }
        message ProcessOrderRequest {
          string order_id = 1;
          string action = 2;  // "cancel", "ship", "refund"
          string cancel_reason = 3;  // only used when action = "cancel"
          string tracking_number = 4;  // only used when action = "ship"
          double refund_amount = 5;  // only used when action = "refund"
        }
        message ProcessOrderResponse { string order_id = 1; }
    """),
                        good=proto("""
        service OrderService {
          rpc UpdateOrder(UpdateOrderRequest) returns (UpdateOrderResponse);
        }
        message UpdateOrderRequest {
          string order_id = 1;
          oneof update {
            string cancel_reason = 2;
            string tracking_number = 3;
            double refund_amount = 4;
          }
        }
        message UpdateOrderResponse { string order_id = 1; }
    """))])
def execute_pattern(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    selectors, generic = ctx.words("selectors"), ctx.words("generic_verbs")
    rpcs: dict[str, list[str]] = {}
    for method in ws.of_kind("method"):
        rpcs.setdefault(method.proto.input_type[1:], []).append(method.name)
    for fqn in sorted(rpcs):
        message = ws.by_fqn.get(fqn)
        if message is None or message.kind != "message":
            continue
        fields = ws.fields(message)
        for disc in fields:
            name = disc.name
            if name not in selectors and not (name.endswith("_type") and name[:-5] in selectors):
                continue  # action, action_type
            if disc.proto.HasField("oneof_index") and not disc.proto.proto3_optional:
                continue
            loose = [f for f in fields if f is not disc and f.name not in _COMMON_INPUTS
                     and not (f.proto.HasField("oneof_index") and not f.proto.proto3_optional)]
            values = {v.lower() for v in re.findall(r'"([A-Za-z_]+)"', disc.comment)}
            conditional = [f for f in loose if any(p in f.comment.lower() for p in _CONDITIONAL)
                           or f"{name} =" in f.comment or f"{name} is" in f.comment
                           or (values and words(f.name)[:1] and words(f.name)[0] in values)]
            strong = name in _STRONG_SELECTORS or name[:-5] in _STRONG_SELECTORS
            generic_rpc = next((rpc for rpc in rpcs[fqn] if (words(rpc) or [""])[0] in generic), None)
            if len(conditional) >= 2:
                detail = f"while other fields ({', '.join(f.name for f in conditional[:3])}) only apply to some values"
            elif strong and generic_rpc and len(params := [f for f in loose if not f.name.endswith("_id")]) >= 2:
                # as on OpenAPI: execute(action, bag of params) behind a generic name
                detail = f"(the generic RPC name '{generic_rpc}', other fields {', '.join(f.name for f in params[:3])})"
            else:
                continue
            yield Issue(disc.loc, f"{message.name}.{name} selects what the RPC does {detail}",
                        hint="split into one RPC per action, or use a oneof for the exclusive parameters")
            break
