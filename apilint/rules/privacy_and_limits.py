"""Personal data kept out of responses and URLs (7.2); rate limits a client can see (7.6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc
from apilint.model.query import is_list_operation, per_api, response_schema, rest_operations, words
from apilint.rules._shared import error_fields

PII = ["ssn", "social security number", "social insurance number", "national id", "national identifier",
       "tax id", "tax identification number", "passport number", "driver license number",
       "drivers license number", "card number", "credit card number", "credit card", "cvv", "cvc",
       "card verification", "pan", "password", "date of birth", "dob", "birth date", "birthdate",
       "bank account number", "iban"]  # routing numbers identify banks, not people
RATE_HEADERS = ["retry-after", "ratelimit", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
                "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-rate-limit-reset"]


def _phrases(ctx: Context) -> set[tuple[str, ...]]:
    return {tuple(words(p.replace(" ", "_"))) for p in ctx.words("terms")}


def _is_pii(name: str, phrases: set[tuple[str, ...]]) -> bool:
    """The whole name is a PII term, or ends with one (``customer_ssn``, ``cardNumber``); words that only
    start like one (``password_changed_at``, ``card_brand``) are not."""
    parts = tuple(words(name))
    return any(parts[-len(p):] == p for p in phrases if p and len(parts) >= len(p))


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
    phrases = _phrases(ctx)
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


def _rate_headers(ctx: Context) -> frozenset[str]:
    return ctx.words("headers")


@per_api
def _responses_429(api: Api) -> list[tuple[str, Loc, set[str], set[str]]]:
    """(operation, location, header names, body field names) of each 429 response, once per location: a
    shared `components/responses/TooManyRequests` is one response, however many operations use it."""
    found: dict[tuple[str, str], tuple[str, Loc, set[str], set[str]]] = {}
    for op in rest_operations(api):
        response = op.responses.get("429")
        if response is None or (response.loc.file, response.loc.pointer) in found:
            continue
        schema = response.body.schema if response.body is not None else None
        fields = {name for name, prop in error_fields(schema).items() if prop.type != "boolean"} if schema else set()
        found[(response.loc.file, response.loc.pointer)] = (op.label, response.loc, set(response.headers), fields)
    return list(found.values())


_LIMIT_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      parameters: [{{name: page_token, in: query, schema: {{type: string}}}}]
      responses:
        '200': {{description: Orders}}
        '429':
          description: Too many requests{headers}
"""


@rule(id="rate-limit-no-retry-after", title="429 response without Retry-After", sections=("7.6", "6.2"),
      severity="warning", rationale="""
A client told "too many requests" without being told when to come back retries at once, in lock-step
with every other client, and the retry wave is as large as the spike (anti-patterns 7.6 and 6.2).
`Retry-After` (or the RateLimit headers, or a `retry_after` field in the body) lets clients back off to
the right moment. A shared 429 response is reported once.""",
      fix="Document a `Retry-After` header on every 429 response (and X-RateLimit-* on successful ones).",
      options={"headers": RATE_HEADERS},
      examples=[Example("openapi", bad=_LIMIT_SPEC.format(headers=""),
                        good=_LIMIT_SPEC.format(headers="\n          headers:\n            Retry-After: "
                                                        "{description: Seconds to wait, schema: {type: integer}}"))])
def rate_limit_no_retry_after(api: Api, ctx: Context) -> Iterator[Issue]:
    known = _rate_headers(ctx)
    for label, loc, headers, fields in _responses_429(api):
        # a body field saying when to retry (Discord's `retry_after`) tells the client as much as the header
        if not headers & known and not any("retry" in words(name) for name in fields):
            yield Issue(loc, f"{label}: the 429 response documents no Retry-After or rate-limit header")


_429 = re.compile(r"\b429\b")


def _429_in_prose(api: Api) -> bool:
    """The descriptions say how the API answers when limited (Asana: "You may receive a `429 Too Many
    Requests` response if you hit any of our rate limits"): in the info, a tag or an operation."""
    raw = api.raw if isinstance(api.raw, dict) else {}
    info = raw.get("info") if isinstance(raw.get("info"), dict) else {}
    texts = [info.get("description")]
    texts += [t.get("description") for t in raw.get("tags") or [] if isinstance(t, dict)]
    texts += [text for op in rest_operations(api) for text in (op.summary, op.description)]
    return any(isinstance(text, str) and _429.search(text) for text in texts)


@rule(id="rate-limit-undocumented", title="No operation documents a 429 response", sections=("7.6",),
      severity="info", presets=(), rationale="""
Every public API is rate limited somewhere; when the spec never mentions 429, clients are written as
if it could not happen and fail (or retry in a storm) the first time it does (anti-pattern 7.6). A 429
that the descriptions (info, tags, operations) promise in prose counts as documented.""",
      fix="Document the 429 response (with Retry-After) on the operations that are limited.",
      examples=[Example("openapi", bad=_LIMIT_SPEC.format(headers="").replace("        '429':\n"
                                                                               "          description: Too many "
                                                                               "requests\n", ""),
                        good=_LIMIT_SPEC.format(headers=""))])
def rate_limit_undocumented(api: Api, ctx: Context) -> Iterator[Issue]:
    if any(True for _ in rest_operations(api)) and not _responses_429(api) and not _429_in_prose(api):
        yield Issue(Loc(api.file, "/paths"), "no operation documents a 429 (Too Many Requests) response")
