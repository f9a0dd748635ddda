"""Personal data stays out of responses, list items and URLs (7.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.model.query import collection_field, is_list_operation, response_schema, words
from apilint.rules._shared import spec

SENSITIVE = ["ssn", "social_security_number", "social_security", "card_number", "credit_card_number",
             "credit_card", "pan", "cvv", "cvc", "cvv2", "card_verification_value", "password", "passwd",
             "date_of_birth", "dob", "birth_date", "birthdate", "passport", "passport_number", "tax_id",
             "taxpayer_id", "tin", "national_id", "national_insurance_number", "driver_license",
             "drivers_license", "driving_licence", "bank_account_number", "iban", "pin"]
CONTACT_AND_LOCATION = ["email", "email_address", "phone", "phone_number", "mobile_number", "home_address",
                        "street_address", "latitude", "longitude", "lat", "lng", "geolocation"]


def _short(path: str) -> str:
    parts = path.split(".")
    return path if len(parts) <= 3 else "...." + ".".join(parts[-3:])


def _matcher(entries: frozenset[str]):
    patterns = [tuple(words(e)) for e in entries]

    def matches(name: str) -> str | None:
        parts = tuple(words(name))
        for pattern in patterns:
            if pattern and parts[-len(pattern):] == pattern:
                return "_".join(pattern)
        return None

    return matches


def _exposed(schema: Schema) -> bool:
    """A value the response really carries (not write-only, not a flag or a container)."""
    return schema.data.get("writeOnly") is not True and schema.type not in ("boolean", "object", "array")


_CUSTOMER = """
schemas:
  Customer:
    type: object
    properties:
      customer_id: {{type: string}}
      display_name: {{type: string}}{extra}
"""
_GET = """
/v1/customers/{customer_id}:
  get:
    operationId: getCustomer
    parameters:
      - {name: customer_id, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: The customer
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Customer'}
"""


@rule(id="pii-in-response", title="Response returns highly sensitive personal data", sections=("7.2",),
      severity="error", formats=("openapi", "proto"), rationale="""
Full card numbers, SSNs, passport numbers, passwords and dates of birth returned in responses end up
in client logs, caches, CDNs and screenshots (anti-pattern 7.2). Return them masked (last four digits),
tokenised (`payment_method_token`), or not at all; a dedicated, access-controlled operation can return
the clear value when a caller truly needs it. Write-only properties (`writeOnly: true`) are not
flagged. The word list is an option (`extra_words` extends it).""",
      fix="Remove the field from the response, or return a masked/tokenised form (`card_last4`, "
          "`payment_method_token`); mark input-only secrets `writeOnly: true`.",
      options={"words": SENSITIVE},
      examples=[Example("openapi", bad=spec(_GET, _CUSTOMER.format(extra="\n      ssn: {type: string}")),
                        good=spec(_GET, _CUSTOMER.format(extra="\n      ssn_last4: {type: string}")))])
def pii_in_response(api: Api, ctx: Context) -> Iterator[Issue]:
    matches = _matcher(ctx.words("words"))
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        for status, response in op.responses.items():
            if not (status[:1] == "2" or status == "OK") or response.body is None or response.body.schema is None:
                continue
            for path, schema in response.body.schema.walk(seen):
                leaf = path.rsplit(".", 1)[-1].rstrip("[]")
                term = matches(leaf) if leaf else None
                if term and _exposed(schema):
                    yield Issue(schema.loc, f"{op.label} returns '{_short(path)}' ({term}): return it masked or "
                                "tokenised, or not at all", hint="mask, tokenise or drop the field")


_LIST = """
/v1/customers:
  get:
    operationId: listCustomers
    parameters:
      - {name: page_size, in: query, schema: {type: integer, maximum: 100}}
      - {name: page_token, in: query, schema: {type: string}}
    responses:
      '200':
        description: A page of customers
        content:
          application/json:
            schema:
              type: object
              properties:
                customers: {type: array, items: {$ref: '#/components/schemas/Customer'}}
                next_page_token: {type: string}
"""


@rule(id="pii-in-list", title="List operation returns contact or location data for every item",
      sections=("7.2",), severity="warning", formats=("openapi", "proto"), presets=(), rationale="""
List operations return many people at once, are cached and logged more, and are the easiest way to
harvest personal data: "never returned in list operations; only in GetCustomer with explicit consent"
(anti-pattern 7.2). E-mail addresses, phone numbers, home addresses and precise locations belong in
the single-resource read, behind the permission that guards them. Strict preset only: whether such a
field is personal depends on the resource.""",
      fix="Return a summary item in lists (id, display name) and the contact fields only from the single-item GET.",
      options={"words": CONTACT_AND_LOCATION},
      examples=[Example("openapi", bad=spec(_LIST, _CUSTOMER.format(extra="\n      email: {type: string}")),
                        good=spec(_LIST, _CUSTOMER.format(extra="")))])
def pii_in_list(api: Api, ctx: Context) -> Iterator[Issue]:
    matches = _matcher(ctx.words("words"))
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        if not is_list_operation(op):
            continue
        found = collection_field(response_schema(op))
        item = found[1].items() if found else None
        if item is None:
            continue
        for path, schema in item.walk(seen):
            leaf = path.rsplit(".", 1)[-1].rstrip("[]")
            term = matches(leaf) if leaf else None
            if term and _exposed(schema):
                yield Issue(schema.loc, f"{op.label} returns '{_short(path)}' ({term}) for every listed item: keep it "
                            "to the single-item read", hint="return a summary in list items")


_URL = """
/v1/customers:
  get:
    operationId: listCustomers
    parameters:
      - {{name: {name}, in: query, schema: {{type: string}}}}
      - {{name: page_size, in: query, schema: {{type: integer, maximum: 100}}}}
      - {{name: page_token, in: query, schema: {{type: string}}}}
    responses:
      '200':
        description: A page of customers
        content:
          application/json:
            schema:
              type: object
              properties:
                customers: {{type: array, items: {{type: object}}}}
                next_page_token: {{type: string}}
"""


@rule(id="pii-in-url", title="Personal data in a path or query parameter", sections=("7.2",), severity="warning",
      rationale="""
URLs are written to access logs, proxy and CDN logs, browser history and Referer headers, and used as
cache keys: personal data in a path or query string (`?email=`, `/users/{ssn}`) leaks to everyone who
reads those (anti-pattern 7.2: "cache keys must never contain PII"). Send it in the body of a POST
search, or look people up by an opaque id.""",
      fix="Move the value into a request body (e.g. `POST /v1/customers:search`) or use an opaque id.",
      options={"words": [*SENSITIVE, *CONTACT_AND_LOCATION]},
      examples=[Example("openapi", bad=spec(_URL.format(name="email")),
                        good=spec(_URL.format(name="display_name")))])
def pii_in_url(api: Api, ctx: Context) -> Iterator[Issue]:
    matches = _matcher(ctx.words("words"))
    for op in api.operations:
        for param in op.parameters:
            if param.location not in ("path", "query"):
                continue
            term = matches(param.name)
            if term and (param.schema is None or param.schema.type not in ("boolean",)):
                yield Issue(param.loc, f"{op.label} takes '{param.name}' ({term}) in the {param.location}: URLs are "
                            "logged and cached; send it in a request body or use an opaque id",
                            hint="move it to a POST body")

