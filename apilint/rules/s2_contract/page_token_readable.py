"""page-token-readable: Pagination token is readable or constructible (2.7, 3.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Schema
from apilint.model.query import response_schema, words
from apilint.rules._examples import LIST_ORDERS, NEXT_PAGE_TOKEN, proto, spec
from apilint.rules._inventory import cached_words

TOKEN_NAMES = ["page_token", "next_page_token", "cursor", "next_cursor", "continuation_token", "next_token",
               "pagination_token", "continuation", "page_cursor", "next_page_cursor"]


_OPAQUE_FORMATS = ("byte", "bytes", "binary", "password", "base64")  # encodings, not structures


_READABLE_DOC = re.compile(r"base64[- ]?(encoded )?json|json.{0,30}base64|\b(encodes|contains) (the )?(offset|"
                           r"timestamp|row|id|key)|is the (offset|row number|id of the last|key of the last)", re.I)


def _token_spec(kind: str, doc: str) -> str:
    params = ("\n      - {name: page_size, in: query, schema: {type: integer, minimum: 1, maximum: 100}}"
              f"\n      - name: page_token\n        in: query\n        description: {doc}"
              f"\n        schema: {{type: {kind}}}")
    return spec(LIST_ORDERS.format(params=params, page=NEXT_PAGE_TOKEN))


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


_PROTO_TOKEN = proto("""
        service Products {{
          rpc ListProducts(ListProductsRequest) returns (ListProductsResponse);
        }}
        message ListProductsRequest {{
          int32 page_size = 1 [(validate.rules).int32.lte = 100];
          {kind} page_token = 2;
        }}
        message ListProductsResponse {{
          repeated Product products = 1;
          string next_page_token = 2;
        }}
        message Product {{ string name = 1; }}
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])



@rule(id="page-token-readable", title="Pagination token is readable or constructible", sections=("2.7", "3.3"),
      severity="warning", formats=("openapi", "proto"), options={"names": TOKEN_NAMES}, rationale="""
A page token that is an integer offset, has a documented structure, or is "base64 JSON" with your
database cursor inside leaks the implementation: clients construct tokens to jump to arbitrary offsets
(bypassing access checks), and the token format becomes a public contract you cannot change when the
database changes (anti-patterns 2.7 and 3.3). Tokens are opaque strings, encrypted and versioned by
the server.""",
      fix="Make the token an opaque string (type: string, no format or pattern) and document only that clients "
          "pass it back unchanged.",
      examples=[Example("proto", bad=_PROTO_TOKEN.format(kind="int32"), good=_PROTO_TOKEN.format(kind="string")),
                Example("openapi", bad=_token_spec("integer", "Offset of the first order"),
                        good=_token_spec("string", "Opaque token from next_page_token"))])
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
