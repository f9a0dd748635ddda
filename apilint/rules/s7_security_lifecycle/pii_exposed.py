"""pii-exposed: Personal data in a response or a URL (7.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import is_list_operation, response_schema, rest_operations, words
from apilint.rules._examples import proto
from apilint.rules._inventory import cached_words

PII = ["ssn", "social security number", "social insurance number", "national id", "national identifier",
       "tax id", "tax identification number", "passport number", "driver license number",
       "drivers license number", "card number", "credit card number", "credit card", "cvv", "cvc",
       "card verification", "pan", "password", "date of birth", "dob", "birth date", "birthdate",
       "bank account number", "iban",  # routing numbers identify banks, not people
       "social security", "passport no", "cc number", "card cvv", "national id number", "drivers license",
       "plaintext password"]


def _phrases(ctx: Context) -> set[tuple[str, ...]]:
    return {tuple(words(p.replace(" ", "_"))) for p in ctx.words("terms")}


def _by_length(phrases: set[tuple[str, ...]]) -> dict[int, set[tuple[str, ...]]]:
    """The phrases grouped by their number of words (empty ones dropped): a name's last n words are looked
    up in one set per length instead of compared with every phrase."""
    grouped: dict[int, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            grouped.setdefault(len(phrase), set()).add(phrase)
    return grouped


def _is_pii(name: str, phrases: dict[int, set[tuple[str, ...]]]) -> bool:
    """The whole name is a PII term, or ends with one (``customer_ssn``, ``cardNumber``); words that only
    start like one (``password_changed_at``, ``card_brand``) are not. ``phrases`` as `_by_length` groups them."""
    parts = cached_words(name)
    return any(parts[-size:] in same for size, same in phrases.items() if len(parts) >= size)


_PII_SPEC = """openapi: 3.0.3
info: {{title: People, version: 1.0.0}}
paths:
  /v1/customers/{{customer_id}}:
    get:
      operationId: getCustomer
      parameters: [{{name: customer_id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200':
          description: The customer
          content:
            application/json:
              schema:
                type: object
                properties:
                  customer_id: {{type: string}}
                  {field}: {{type: string}}
                  password_changed_at: {{type: string, format: date-time}}
"""


@rule(id="pii-exposed", title="Personal data in a response or a URL", sections=("7.2",), severity="warning",
      reads_descriptions=False,
      rationale="""
Full card numbers, SSNs, passport numbers, passwords and dates of birth returned by an API end up in
client logs, caches and screenshots; in a path or query string they also land in access logs, proxy
logs and browser history (anti-pattern 7.2). Return masked or tokenized values, and only to callers
that need them.""",
      fix="Return a masked value or a token (`card_last4`, `payment_method_token`), move sensitive inputs into "
          "the request body, and keep secrets such as passwords write-only.",
      options={"terms": PII},
      examples=[Example("openapi", bad=_PII_SPEC.format(field="ssn"), good=_PII_SPEC.format(field="ssn_last4"))])
def pii_exposed(api: Api, ctx: Context) -> Iterator[Issue]:
    phrases = _by_length(_phrases(ctx))
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        for param in op.parameters:
            if param.location in ("path", "query") and _is_pii(param.name, phrases):
                yield Issue(param.loc, f"{op.label} takes '{param.name}' in the {param.location}: it will be "
                            "logged by every proxy on the way", hint="send it in the request body")
        schema = response_schema(op)
        if schema is None:
            continue
        where = "a list" if is_list_operation(op) else "a response"
        for _, node in schema.walk(seen):
            for name, prop in node.properties().items():
                if prop.data.get("writeOnly") is True or prop.type == "boolean" or not _is_pii(name, phrases):
                    continue
                yield Issue(prop.loc, f"'{name}' is returned in {where} ({op.label})",
                            hint="return a masked value or a token, only to callers that need it")


_SAFE_WORDS = {"last4", "last", "masked", "hash", "hashed", "token", "redacted", "hint", "set", "required",
               "exists", "present", "policy", "reset", "expire", "expiry", "length", "type", "format"}


_CUSTOMER = proto("""
        service CustomerService {{
          rpc GetCustomer(GetCustomerRequest) returns (Customer);
        }}
        message GetCustomerRequest {{ string name = 1; }}
        message Customer {{
          string name = 1;
          string {field} = 2;
        }}
    """)


@implements("pii-exposed", format="proto", examples=[Example("proto",
                        bad=_CUSTOMER.format(field="credit_card_number"),
                        good=_CUSTOMER.format(field="card_last4"))])
def pii_field(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    terms = {"_".join(p) for p in _phrases(ctx)}
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        response = op.success.body.schema if op.success and op.success.body else None
        if response is None:
            continue
        for path, schema in response.walk(seen):
            name = path.rsplit(".", 1)[-1].rstrip("[]")
            parts = words(name)
            if not parts or "_".join(parts) not in terms or set(parts) & _SAFE_WORDS:
                continue
            x_proto = schema.data.get("x-proto", {})
            if "INPUT_ONLY" in x_proto.get("field_behavior", []):
                continue
            yield Issue(schema.loc, f"field {name} is returned by {op.name}: sensitive personal data in a "
                        "response", hint="return a masked or tokenised value, or mark it INPUT_ONLY")
