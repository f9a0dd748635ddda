"""idempotency-key-missing: Create operation has no idempotency key (4.2, 6.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import header_names, input_fields, is_create_operation, words
from apilint.rules._examples import proto, spec

HEADERS = ["idempotency-key", "x-idempotency-key", "x-request-id", "request-id", "x-client-token"]


FIELDS = ["request_id", "client_token", "idempotency_key", "client_request_id", "request_token"]


_SPEC = spec("""
        /v1/orders:
          post:
            operationId: createOrder
            parameters:{params}
            requestBody:
              required: true
              content:
                application/json:
                  schema: {{type: object, properties: {{customer_id: {{type: string}}}}}}
            responses: {{'201': {{description: Created}}}}
    """)


_PROTO = proto("""
        service OrderService {{
          rpc CreateOrder(CreateOrderRequest) returns (Order);
        }}
        message CreateOrderRequest {{
          Order order = 1;{field}
        }}
        message Order {{ string name = 1; }}
    """)


def _client_named(op) -> bool:
    """The client chooses the new resource's id, so a retry collides instead of duplicating: an AIP-133
    `?order_id=` parameter, or a Kubernetes-style `metadata.name` in the body."""
    segments = [s for s in op.path_segments if not s.startswith("{")]
    if segments:
        singular = words(segments[-1])[-1:]
        singular = [singular[0][:-1]] if singular and singular[0].endswith("s") else singular
        wanted = "_".join([*singular, "id"])
        if any(p.location == "query" and "_".join(words(p.name)) == wanted for p in op.parameters):
            return True
    body = op.request.schema if op.request is not None else None
    metadata = body.all_properties().get("metadata") if body is not None else None
    return metadata is not None and "name" in metadata.all_properties()


@rule(id="idempotency-key-missing", title="Create operation has no idempotency key", sections=("4.2", "6.1"),
      reads_descriptions=False,
      severity="warning", formats=("openapi", "proto"), rationale="""
A create that times out is retried by clients and SDKs; without an idempotency token the retry creates
a second order, charge or message. A client-generated key (the `Idempotency-Key` header, or a
`request_id` / `client_token` field) lets the service recognise and deduplicate the retry, and makes
POST safe to retry at all (anti-patterns 4.2 and 6.1).""",
      fix="Accept an `Idempotency-Key` header (REST) or a `request_id` field (gRPC) and return the original "
          "result when the same key is seen again.",
      options={"headers": HEADERS, "fields": FIELDS}, option_formats={"headers": ("openapi",)},
      examples=[
          Example("openapi", bad=_SPEC.format(params=" []"),
                  good=_SPEC.format(params="\n        - {name: Idempotency-Key, in: header, required: true, "
                                           "schema: {type: string, maxLength: 64}}")),
          Example("proto", bad=_PROTO.format(field=""), good=_PROTO.format(field="\n  string request_id = 2;")),
      ])
def idempotency_key_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    fields = {"_".join(words(f)) for f in ctx.words("fields")}
    for op in api.operations:
        if not is_create_operation(op):
            continue
        if header_names(op) & headers:
            continue
        if any("_".join(words(name)) in fields for name in input_fields(op)):
            continue
        if op.method == "put" or _client_named(op):
            continue

        yield Issue(op.loc, f"{op.label} creates a resource but takes no idempotency key",
                    hint="accept an Idempotency-Key header or a request_id field")
