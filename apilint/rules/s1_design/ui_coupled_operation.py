"""ui-coupled-operation: Operation or payload is shaped after a UI screen (1.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace
from apilint.model.query import is_path_param
from apilint.rules._examples import spec, unary_rpc
from apilint.rules._inventory import cached_words

UI_TERMS = ["screen", "modal", "popup", "sidebar", "navbar", "viewmodel", "carousel", "tooltip", "dropdown"]


# Words that are domain nouns as often as UI (a Grafana dashboard, a Stripe Dashboard setting): UI-shaped
# only when followed by a payload word, as in CheckoutPageData or HomeDashboardData.
UI_CONTAINERS = ["page", "view", "dashboard", "widget", "tab", "panel", "homepage"]


UI_PAYLOADS = ["data", "model", "props", "state", "payload", "bundle"]


_UI_SPEC = spec("""
        /v1/{path}:
          get:
            operationId: {op_id}
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/{schema}'}}
    """, """
        schemas:
          {schema}: {{type: object, properties: {{id: {{type: string}}}}}}
    """)


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
      reads_descriptions=False,
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


def _for_container(name: str, containers: frozenset[str]) -> str | None:
    """An RPC named for a place in the UI: GetOrdersForDashboard, ListItemsForPage."""
    ws = cached_words(name)
    return next((f"for {ws[i + 1]}" for i in range(len(ws) - 1) if ws[i] == "for" and ws[i + 1] in containers),
                None)


@implements("ui-coupled-operation", format="proto", examples=[Example("proto",
                        bad=unary_rpc("GetCheckoutPageData", returns="GetCheckoutPageDataResponse",
                                      request="string customer = 1;", resource="string cart = 1;",
                                      service="CheckoutService"),
                        good=unary_rpc("GetCart", returns="Cart", service="CheckoutService"))])
def ui_screen_rpc(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    terms, containers, payloads = ctx.words("terms"), ctx.words("containers"), ctx.words("payloads")
    for method in ws.of_kind("method") if ws else ():
        word = _ui_word(method.name, terms, containers, payloads) or _for_container(method.name, terms | containers)
        if word:
            yield Issue(method.loc, f"RPC {method.name} looks built for one UI screen ('{word}')",
                        hint="expose composable resource RPCs and aggregate per screen in a BFF layer")


