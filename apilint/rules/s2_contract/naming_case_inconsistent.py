"""naming-case-inconsistent: Names of one kind mix casing styles (2.1, 2.5)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc
from apilint.model.query import case_style, is_path_param, rest_operations
from apilint.rules._examples import spec
from apilint.rules._inventory import inventory

_STYLE_NAMES = {"snake": "snake_case", "camel": "camelCase", "pascal": "PascalCase", "kebab": "kebab-case"}


_SPEC = spec("""
        /v1/orders:
          get:
            operationId: listOrders
            parameters:
              - {{name: page_size, in: query, schema: {{type: integer, maximum: 100}}}}
            responses:
              '200':
                description: A page of orders
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/Order'}}
    """, """
        schemas:
          Order:
            type: object
            properties:
              order_id: {{type: string}}
              customer_name: {{type: string}}
              created_at: {{type: string, format: date-time}}
              {last}: {{type: string}}
    """)


# Names fixed by standards, not chosen by the API's designer (OAuth 2.0, RFC 6749 / 6750 / 7636, OIDC).
STANDARD_NAMES = ["access_token", "refresh_token", "id_token", "token_type", "expires_in", "grant_type",
                  "client_id", "client_secret", "redirect_uri", "response_type", "response_mode",
                  "code_verifier", "code_challenge", "code_challenge_method", "oauth_token", "error_description",
                  "error_uri"]


_MIN_DOMINANT = 3  # "2 of 3 names" is too little evidence of a house style


_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*")


def _names_by_kind(api: Api) -> dict[str, dict[str, Loc]]:
    kinds: dict[str, dict[str, Loc]] = {"property": {}, "query parameter": {}, "path segment": {}}
    properties = kinds["property"]
    for prop in inventory(api).props:
        if prop.name not in properties:
            properties[prop.name] = prop.loc
    for op in api.operations:
        for param in op.parameters:
            if param.location == "query":
                kinds["query parameter"].setdefault(param.name, param.loc)
    for op in rest_operations(api):
        for segment in op.path_segments:
            segment = segment.split(":", 1)[0]
            if segment and not is_path_param(segment):
                kinds["path segment"].setdefault(segment, op.loc)
    return kinds


@rule(id="naming-case-inconsistent", title="Names of one kind mix casing styles", sections=("2.1", "2.5"),
      reads_descriptions=False,
      severity="warning", formats=("openapi",), rationale="""
An API whose property names mix `order_id` and `customerName` forces every client to look up each name,
breaks generated models, and invites the collision the reference describes: a new field `orderType`
next to a legacy `order_type` (anti-patterns 2.1 and 2.5). Establish one vocabulary and one casing per
kind of name (properties, query parameters, path segments) before the first release.""",
      fix="Rename the minority names to the API's dominant style for that kind (e.g. snake_case properties).",
      options={"min_share": 0.6, "standard_names": STANDARD_NAMES},
      examples=[Example("openapi", bad=_SPEC.format(last="shippingStatus"), good=_SPEC.format(last="shipping_status"))])
def naming_case_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    min_share = float(ctx.option("min_share"))
    standard = ctx.words("standard_names")
    for kind, names in _names_by_kind(api).items():
        # Extension-like keys (x-kubernetes-*), date segments (2010-04-01), '-1', 'self-harm/intent'
        # are not names the API designer styled.
        styles = {name: case_style(name) for name in names
                  if _IDENTIFIER.fullmatch(name) and not name.lower().startswith("x-") and name.lower() not in standard}
        counts = Counter(style for style in styles.values() if style is not None)
        if len(counts) < 2:
            continue
        dominant, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if count / total < min_share or count < _MIN_DOMINANT:
            continue
        example = next(n for n, s in styles.items() if s == dominant)
        for name, style in styles.items():
            if style is not None and style != dominant:
                yield Issue(names[name], f"{kind} '{name}' is {_STYLE_NAMES[style]} but {count} of {total} "
                            f"{kind} names in this API are {_STYLE_NAMES[dominant]} (e.g. '{example}')",
                            hint=f"rename it in {_STYLE_NAMES[dominant]}")
