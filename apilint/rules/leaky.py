"""The API shows the domain, not the storage and infrastructure behind it (2.7)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Schema
from apilint.model.query import is_path_param, response_schema, rest_operations, words
from apilint.rules._inventory import cached_words, inventory

STORAGE_TERMS = ["db", "sql", "shard", "shards", "sharding", "orm", "rowid", "row_id", "dynamodb", "mysql",
                 "postgres", "postgresql", "mongo", "mongodb", "redis", "cassandra", "memcached", "internal_ip",
                 "foreign_key", "table_name", "tablename", "partition_key", "hash_key", "db_name"]
TOKEN_NAMES = ["page_token", "next_page_token", "cursor", "next_cursor", "continuation_token", "next_token",
               "pagination_token", "continuation", "page_cursor", "next_page_cursor"]

_LEAK_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string, maxLength: 64}}}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema:
                type: object
                properties:
                  order_id: {{type: string}}
                  {field}: {{type: string}}
"""


def _terms_in(name: str, terms: frozenset[str]) -> list[str]:
    """The storage terms a name contains, as a word or as consecutive words (``table_name``)."""
    ws = cached_words(name)
    return [candidate for size in (1, 2) for index in range(len(ws) - size + 1)
            if (candidate := "_".join(ws[index:index + size])) in terms]


_DOMAIN_SHARE = 0.2


def _domain_terms(api: Api, terms: frozenset[str]) -> set[str]:
    """Storage terms the API is about. Azure SQL's `Microsoft.Sql`, Neptune's `CreateDBCluster`: for a
    database product they name what it sells. Such a term is in the title or a server host, or in the
    paths or operationIds of at least a fifth of the operations."""
    domain = {t for text in (api.title or "", *api.servers) for t in _terms_in(text, terms)}
    per_term: Counter[str] = Counter()
    for op in api.operations:
        names = [s for s in op.path_segments if not is_path_param(s)] + [op.operation_id or ""]
        per_term.update({t for name in names for t in _terms_in(name, terms)})
    floor = max(3, _DOMAIN_SHARE * len(api.operations))
    return domain | {t for t, count in per_term.items() if count >= floor}


@rule(id="storage-term-exposed", title="Storage or infrastructure term in the API surface", sections=("2.7",),
      severity="info", formats=("openapi",), presets=("strict",), options={"terms": STORAGE_TERMS},
      rationale="""
Names such as `db_shard`, `sql_filter`, `table_name` or `hostname` expose how the service is built, not
what it offers. Clients start to depend on the implementation (Hyrum's law), infrastructure topology
becomes inferable, and a storage migration turns into a breaking API change (anti-pattern 2.7: map your
domain model to your API, not your implementation). Where such a word is your domain (a database
product) it is no leak: a term in the API's title or server host, or in the paths or operationIds of at
least a fifth of its operations, is skipped; otherwise remove it from the `terms` option.""",
      fix="Name fields, parameters and paths after domain concepts; keep storage, shards and hosts behind the API.",
      examples=[Example("openapi", bad=_LEAK_SPEC.format(field="db_shard"), good=_LEAK_SPEC.format(field="region"))])
def storage_term_exposed(api: Api, ctx: Context) -> Iterator[Issue]:
    terms = frozenset("_".join(words(t)) for t in ctx.words("terms"))
    terms -= _domain_terms(api, terms)
    checked: set[tuple[str, str]] = set()

    def check(kind: str, name: str, loc: Loc) -> Iterator[Issue]:
        if (kind, name) in checked:
            return
        checked.add((kind, name))
        term = next(iter(_terms_in(name, terms)), None)
        if term:
            yield Issue(loc, f"{kind} '{name}' exposes an implementation detail ('{term}')",
                        hint="name it after the domain concept, not the storage or infrastructure")

    for op in rest_operations(api):
        for segment in op.path_segments:
            if not is_path_param(segment):
                yield from check("path segment", segment, op.loc)
    for op in api.operations:
        for param in op.parameters:
            if param.location in ("query", "path"):
                yield from check("parameter", param.name, param.loc)
    for prop in inventory(api).props:
        if ("property", prop.name) not in checked:
            yield from check("property", prop.name, prop.loc)


_OPAQUE_FORMATS = ("byte", "bytes", "binary", "password", "base64")  # encodings, not structures
_READABLE_DOC = re.compile(r"base64[- ]?(encoded )?json|json.{0,30}base64|\b(encodes|contains) (the )?(offset|"
                           r"timestamp|row|id|key)|is the (offset|row number|id of the last|key of the last)", re.I)
_TOKEN_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      parameters:
        - {{name: page_size, in: query, schema: {{type: integer, minimum: 1, maximum: 100}}}}
        - name: page_token
          in: query
          description: {doc}
          schema: {{type: {kind}}}
      responses:
        '200':
          description: A page of orders
          content:
            application/json:
              schema:
                type: object
                properties:
                  orders: {{type: array, items: {{type: object}}}}
                  next_page_token: {{type: string}}
"""


def _readable(schema: Schema | None, doc: str | None) -> str | None:
    if schema is not None:
        if schema.type in ("integer", "number"):
            return f"it is typed {schema.type} (an offset or row number)"
        fmt = schema.format
        if schema.type == "string" and (schema.data.get("pattern") or (fmt and fmt not in _OPAQUE_FORMATS)):
            return "its format/pattern describes a structure clients can construct"
    text = doc or (str(schema.data.get("description")) if schema is not None and schema.data.get("description")
                   else "")
    if text and _READABLE_DOC.search(text):
        return "its description reveals what it encodes"
    return None


_PROTO_PAGE_TOKEN_READABLE_BAD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Products {
  rpc ListProducts(ListProductsRequest) returns (ListProductsResponse);
}
message ListProductsRequest {
  int32 page_size = 1 [(validate.rules).int32.lte = 100];
  int32 page_token = 2;
}
message ListProductsResponse {
  repeated Product products = 1;
  string next_page_token = 2;
}
message Product { string name = 1; }
"""
_PROTO_PAGE_TOKEN_READABLE_GOOD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Products {
  rpc ListProducts(ListProductsRequest) returns (ListProductsResponse);
}
message ListProductsRequest {
  int32 page_size = 1 [(validate.rules).int32.lte = 100];
  string page_token = 2;
}
message ListProductsResponse {
  repeated Product products = 1;
  string next_page_token = 2;
}
message Product { string name = 1; }
"""

@rule(id="page-token-readable", title="Pagination token is readable or constructible", sections=("2.7", "3.3"),
      severity="warning", formats=("openapi", "proto"), options={"names": TOKEN_NAMES}, rationale="""
A page token that is an integer offset, has a documented structure, or is "base64 JSON" with your
database cursor inside leaks the implementation: clients construct tokens to jump to arbitrary offsets
(bypassing access checks), and the token format becomes a public contract you cannot change when the
database changes (anti-patterns 2.7 and 3.3). Tokens are opaque strings, encrypted and versioned by
the server.""",
      fix="Make the token an opaque string (type: string, no format or pattern) and document only that clients "
          "pass it back unchanged.",
      examples=[Example("proto", bad=_PROTO_PAGE_TOKEN_READABLE_BAD, good=_PROTO_PAGE_TOKEN_READABLE_GOOD),
                Example("openapi", bad=_TOKEN_SPEC.format(kind="integer", doc="Offset of the first order"),
                        good=_TOKEN_SPEC.format(kind="string", doc="Opaque token from next_page_token"))])
def page_token_readable(api: Api, ctx: Context) -> Iterator[Issue]:
    names = {"_".join(words(n)) for n in ctx.words("names")}
    reported: set[tuple[str, str]] = set()
    for op in api.operations:
        candidates: list[tuple[str, Schema | None, str | None, Loc]] = []
        for param in op.parameters:
            if "_".join(cached_words(param.name)) in names:
                candidates.append((param.name, param.schema, param.description, param.loc))
        bodies = [op.request.schema if op.request is not None else None, response_schema(op)]
        for body in bodies:
            raw = body.data.get("properties") if body is not None else None
            if isinstance(raw, dict) and any("_".join(cached_words(str(n))) in names for n in raw):
                candidates += [(n, s, None, s.loc) for n, s in body.properties().items()]
        for name, schema, doc, loc in candidates:
            if "_".join(cached_words(name)) not in names or (loc.file, loc.pointer) in reported:
                continue
            why = _readable(schema, doc)
            if why:
                reported.add((loc.file, loc.pointer))
                yield Issue(loc, f"{op.label}: page token '{name}' is not opaque: {why}",
                            hint="make it an opaque, server-encrypted string")
