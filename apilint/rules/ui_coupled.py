"""A small, composable surface instead of screen-shaped endpoints (1.2)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation
from apilint.model.query import is_path_param
from apilint.rules._inventory import cached_words

UI_TERMS = ["screen", "modal", "popup", "sidebar", "navbar", "viewmodel", "carousel", "tooltip", "dropdown"]
# Words that are domain nouns as often as UI (a Grafana dashboard, a Stripe Dashboard setting): UI-shaped
# only when followed by a payload word, as in CheckoutPageData or HomeDashboardData.
UI_CONTAINERS = ["page", "view", "dashboard", "widget", "tab", "panel", "homepage"]
UI_PAYLOADS = ["data", "model", "props", "state", "payload", "bundle"]

_UI_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/{path}:
    get:
      operationId: {op_id}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{schema}'}}
components:
  schemas:
    {schema}: {{type: object, properties: {{id: {{type: string}}}}}}
"""


# A screen that is hardware (TouchScreenDevice, ScreenSizeCriterion) or a thing (a well's Screen) is no UI.
_SCREEN_HARDWARE = {"size", "resolution", "width", "height", "density", "orientation", "brightness", "reader",
                    "lock", "time", "shot", "shots", "saver", "capture", "recording", "share", "sharing", "type",
                    "device", "devices"}


def _device_screen(ws: list[str], index: int) -> bool:
    return (len(ws) == 1 or (index > 0 and ws[index - 1] == "touch")
            or (index + 1 < len(ws) and ws[index + 1] in _SCREEN_HARDWARE))


def _ui_word(name: str, terms: frozenset[str], containers: frozenset[str], payloads: frozenset[str]) -> str | None:
    """The UI-shaped part of a name: a UI term, or a container followed by a payload word (PageData)."""
    ws = cached_words(name)
    for index, word in enumerate(ws):
        if word == "screen" and _device_screen(ws, index):
            continue
        if word in terms or (index + 1 < len(ws) and f"{word}{ws[index + 1]}" in terms):
            return word
        if word in containers and index > 0 and index + 1 < len(ws) and ws[index + 1] in payloads:
            return f"{word} {ws[index + 1]}"
    return None


@rule(id="ui-coupled-operation", title="Operation or payload is shaped after a UI screen", sections=("1.2",),
      severity="warning", formats=("openapi",), presets=("strict",), options={
          "terms": UI_TERMS, "containers": UI_CONTAINERS, "payloads": UI_PAYLOADS},
      rationale="""
`GetCheckoutPageData` returns customer, cart, inventory, shipping and payment because one screen needed
them: the API is built by the team building the UI, and every UI change adds an endpoint. The surface
bloats, near-duplicates proliferate (one per screen) and nobody can integrate without reading all of it
(anti-pattern 1.2). Core APIs expose composable resources; a BFF layer aggregates them for a screen.""",
      fix="Expose the underlying resources (GetCustomer, GetCart, ListShippingOptions) and aggregate per screen "
          "in a backend-for-frontend; use field masks for projections.",
      examples=[Example("openapi", bad=_UI_SPEC.format(path="checkout-page-data", op_id="getCheckoutPageData",
                                                       schema="CheckoutPageData"),
                        good=_UI_SPEC.format(path="carts/{cart_id}", op_id="getCart", schema="Cart")
                        .replace("      operationId: getCart\n",
                                 "      operationId: getCart\n      parameters:\n        - {name: cart_id, "
                                 "in: path, required: true, schema: {type: string}}\n"))])
def ui_coupled_operation(api: Api, ctx: Context) -> Iterator[Issue]:
    terms, containers, payloads = ctx.words("terms"), ctx.words("containers"), ctx.words("payloads")
    for op in api.operations:
        names = [op.operation_id or (op.name if op.method is None else "")]
        names += [s for s in op.path_segments if not is_path_param(s)]
        for name in names:
            found = _ui_word(name, terms, containers, payloads) if name else None
            if found:
                yield Issue(op.loc, f"{op.label}: '{name}' is shaped after a UI element ('{found}')",
                            hint="expose composable resources and aggregate per screen in a BFF")
                break
    for name, schema in api.schemas.items():
        found = _ui_word(name, terms, containers, payloads)
        if found:
            yield Issue(schema.loc, f"schema '{name}' is shaped after a UI element ('{found}')",
                        hint="return the underlying resources; let a BFF compose them per screen")


def _resource_root(op: Operation) -> str | None:
    segments = [s for s in op.path_segments if not is_path_param(s)]
    for index, segment in enumerate(segments):
        if re.fullmatch(r"v\d+([.\-_]?\w+)?|\d{4}-\d{2}-\d{2}", segment) and index + 1 < len(segments):
            return segments[index + 1]
    return segments[0] if segments else None


_SURFACE_SPEC = """openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
paths:
"""


def _surface(count: int) -> str:
    return _SURFACE_SPEC + "".join(f"  /v1/orders/{{order_id}}/report{i}: {{get: {{operationId: getOrderReport{i}, "
                                   "responses: {'200': {description: OK}}}}\n" for i in range(count))


@rule(id="api-surface-oversized", title="API surface is too large to understand", sections=("1.2",),
      severity="info", presets=("strict",), options={"max_operations": 400, "max_per_resource": 100},
      rationale="""
A surface should be small enough that a competent developer understands its structure in 30 minutes.
Hundreds of purpose-built endpoints (one per feature or screen) make integration without documentation
impossible and let near-duplicates proliferate (anti-pattern 1.2). Thresholds are options: the
defaults only flag very large surfaces.""",
      fix="Generalise purpose-built endpoints into composable operations on fewer resources (filters, field masks), "
          "or split the API along resource boundaries.",
      examples=[Example("openapi", bad=_surface(101), good=_surface(3))])
def api_surface_oversized(api: Api, ctx: Context) -> Iterator[Issue]:
    max_ops, max_per = int(ctx.option("max_operations")), int(ctx.option("max_per_resource"))
    if len(api.operations) > max_ops:
        yield Issue(Loc(api.file, "/paths"), f"the API has {len(api.operations)} operations (more than "
                    f"{max_ops}); a surface this large cannot be understood without reading all of it")
    roots = Counter(root for root in map(_resource_root, api.operations) if root)
    first: dict[str, Operation] = {}
    for op in api.operations:
        first.setdefault(_resource_root(op) or "", op)
    for root, count in roots.most_common():
        if count <= max_per:
            break
        yield Issue(first[root].loc, f"{count} operations under '/{root}' (more than {max_per})",
                    hint="generalise purpose-built endpoints, or split the resource")


def _normal_path(path: str) -> str:
    parts = []
    for segment in (s for s in path.split("/") if s):
        parts.append("{}" if is_path_param(segment) else "".join(cached_words(segment)))
    return "/" + "/".join(parts)


# Singular and plural are deliberately not merged: /user (the caller) and /users, /account and
# /accounts are distinct resources in GitHub's and Stripe's APIs.
_DUP_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'200': {{description: OK}}}}
  {second}:
    get:
      operationId: getOrderDetails
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'200': {{description: OK}}}}
"""


@rule(id="endpoint-near-duplicate", title="Two endpoints differ only in spelling", sections=("1.2", "1.3"),
      severity="warning", rationale="""
`GET /orders/{order_id}` and `GET /orders/{id}` (or `/order_items` and `/orderItems`) do the same thing
under two spellings: typically each was built for a different screen or team without awareness of the
other. Clients cannot tell which to use, and both become contracts (anti-patterns 1.2 and 1.3).""",
      fix="Keep one endpoint (plural nouns, one casing), deprecate the other.",
      examples=[Example("openapi", bad=_DUP_SPEC.format(second="/v1/Orders/{id}"),
                        good=_DUP_SPEC.format(second="/v1/orders/{id}/details"))])
def endpoint_near_duplicate(api: Api, ctx: Context) -> Iterator[Issue]:
    groups: dict[tuple[str, str], list[Operation]] = defaultdict(list)
    for op in api.operations:
        if op.method and op.path:
            groups[(op.method, _normal_path(op.path))].append(op)
    for ops in groups.values():
        paths = {op.path for op in ops}
        if len(paths) < 2:
            continue
        first = ops[0]
        for op in ops[1:]:
            if op.path != first.path:
                yield Issue(op.loc, f"{op.label} duplicates {first.label} (same path up to spelling)",
                            hint="keep one spelling and deprecate the other")
