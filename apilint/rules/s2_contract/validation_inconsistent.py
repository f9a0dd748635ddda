"""validation-inconsistent: The same field is validated differently across operations (2.8)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation, Schema
from apilint.rules._examples import proto, spec
from apilint.rules._inventory import cached_words
from apilint.rules.s2_contract._request_fields import NUMBERS, request_fields

GENERIC_NAMES = ["name", "title", "description", "id", "type", "status", "state", "value", "key", "page",
                 "per_page", "limit", "offset", "cursor", "q", "query", "sort", "order", "direction", "filter",
                 "fields", "expand", "include", "body", "message", "data", "metadata", "tags", "labels", "content",
                 "text", "note", "notes", "comment", "label", "path", "ref", "version", "mode", "kind", "format",
                 "size", "count", "start", "end", "from", "to", "since", "before", "after", "search", "code",
                 "reason", "role", "scope", "source", "target", "config", "settings", "options", "items", "amount",
                 # page sizes: each collection has its own bound (YouTube: 1-50 here, 1-100 there)
                 "maxresults", "max_results", "pagesize", "page_size", "perpage", "maxitems", "max_items", "top"]


# An `identifier` or `Arn` names a different resource in each operation (a room here, a logging
# configuration there): their patterns differ by design; only a missing constraint is inconsistent.
_IDENTIFIER_WORDS = {"id", "ids", "arn", "arns", "identifier", "identifiers", "uuid"}


def _signature(schema: Schema) -> tuple[Any, ...] | None:
    data = schema.data
    if schema.type == "string":
        return ("string", data.get("maxLength"), data.get("minLength"), data.get("pattern"), schema.format)
    if schema.type in NUMBERS:
        return ("number", data.get("minimum"), data.get("maximum"))
    if schema.type == "array":
        return ("array", data.get("maxItems"))
    return None


def _describe(sig: tuple[Any, ...]) -> str:
    keys = {"string": ("maxLength", "minLength", "pattern", "format"), "number": ("minimum", "maximum"),
            "array": ("maxItems",)}[sig[0]]
    parts = [f"{k} {v}" for k, v in zip(keys, sig[1:], strict=True) if v is not None]
    return ", ".join(parts) or "no constraints"


_INCONSISTENT_SPEC = spec("""
        /v1/customers:
          post:
            operationId: createCustomer
            requestBody:
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      email: {{type: string, format: email, maxLength: 254}}
            responses: {{'201': {{description: Created}}}}
        /v1/newsletter-subscriptions:
          post:
            operationId: createNewsletterSubscription
            requestBody:
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      email: {{type: string{second}}}
            responses: {{'201': {{description: Created}}}}
    """)


_PROTO_EMAILS = proto("""
        service Orders {{
          rpc CreateOrder(CreateOrderRequest) returns (Order);
          rpc CreateRefund(CreateRefundRequest) returns (Order);
        }}
        message CreateOrderRequest {{ string contact_email = 1 [(validate.rules).string.max_len = {first}]; }}
        message CreateRefundRequest {{ string contact_email = 1 [(validate.rules).string.max_len = 255]; }}
        message Order {{ string name = 1; }}
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])



@rule(id="validation-inconsistent", title="The same field is validated differently across operations",
      reads_descriptions=False,
      sections=("2.8",), severity="warning", formats=("openapi", "proto"), presets=("strict",),
      options={"generic_names": GENERIC_NAMES}, rationale="""
When `email` has a pattern on one endpoint and none on another, or a maxLength of 50 here and 255 there,
the same value is accepted by one operation and rejected (or silently truncated) by the next: clients
cannot validate once, and data that entered through the lenient endpoint breaks the strict one
(anti-pattern 2.8). Generic names (`name`, `id`, `description`, ...) differ legitimately between
resources and are skipped; the list is an option.""",
      fix="Define the field once (a shared component or parameter) and reference it from every operation.",
      examples=[Example("proto", bad=_PROTO_EMAILS.format(first=50), good=_PROTO_EMAILS.format(first=255)),
                Example("openapi", bad=_INCONSISTENT_SPEC.format(second=""),
                        good=_INCONSISTENT_SPEC.format(second=", format: email, maxLength: 254"))])
def validation_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    generic = ctx.words("generic_names")
    by_name: dict[tuple[str, str, str], list[tuple[tuple[Any, ...], Operation, Schema, Loc]]] = defaultdict(list)
    for op, what, loc, path, schema in request_fields(api):
        name = path  # top-level fields and parameters only: nested names (address.city) have context
        if not name or "." in name or name.endswith("]") or name.lower() in generic:
            continue
        sig = _signature(schema)
        if sig is None:
            continue
        at = loc if what.startswith("parameter") else schema.loc
        by_name[(_package(op) if api.format == "proto" else "", name, sig[0])].append((sig, op, schema, at))
    for (_, name, _), entries in by_name.items():
        words_of_name = cached_words(name)
        compare = _constrained if words_of_name and words_of_name[-1] in _IDENTIFIER_WORDS else _same
        counts = Counter(compare(sig) for sig, *_ in entries)
        if len(counts) < 2:
            continue
        common, _count = counts.most_common(1)[0]
        first = next(e for e in entries if compare(e[0]) == common)
        for sig, op, _schema, at in entries:
            if compare(sig) != common and op is not first[1]:
                yield Issue(at, f"'{name}' in {op.label} has {_describe(sig)}, but in {first[1].label} "
                            f"{_describe(first[0])}", hint="define the field once and reference it everywhere")
                break


def _package(op: Operation) -> str:
    """A proto tree holds many APIs: fields are compared within their package (``/shop.v1.Orders.Get``)."""
    return op.loc.pointer.lstrip("/").rsplit(".", 2)[0]


def _same(sig: tuple[Any, ...]) -> tuple[Any, ...]:
    return sig


def _constrained(sig: tuple[Any, ...]) -> bool:
    return any(value is not None for value in sig[1:])
