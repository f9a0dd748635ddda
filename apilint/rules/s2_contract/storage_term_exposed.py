"""storage-term-exposed: Storage or infrastructure term in the API surface (2.7)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api, Loc
from apilint.model.proto import proto_workspace
from apilint.model.query import is_path_param, rest_operations, words
from apilint.rules._examples import GET_ORDER, ORDER, ORDER_MESSAGE, proto, spec
from apilint.rules._inventory import cached_words, inventory

STORAGE_TERMS = ["db", "sql", "shard", "shards", "sharding", "orm", "rowid", "row_id", "dynamodb", "mysql",
                 "postgres", "postgresql", "mongo", "mongodb", "redis", "cassandra", "memcached", "internal_ip",
                 "foreign_key", "table_name", "tablename", "partition_key", "hash_key", "db_name", "pk", "fk",
                 "dynamo", "hibernate", "jpa"]


_LEAK_SPEC = spec(GET_ORDER, ORDER + "      {field}: {{type: string}}\n")


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
      reads_descriptions=False,
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


@implements("storage-term-exposed", format="proto", examples=[Example("proto",
                        bad=proto(ORDER_MESSAGE.format(field="int64 db_row_id = 2;")),
                        good=proto(ORDER_MESSAGE.format(field="string order_id = 2;")))])
def leaky_name(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    terms = frozenset("_".join(words(t)) for t in ctx.words("terms"))
    for decl in ws.decls if ws else ():
        if decl.kind not in ("field", "message"):
            continue
        parts = words(decl.name)
        leaked = set(_terms_in(decl.name, terms))
        if len(parts) == 1:
            leaked -= {"pk", "fk"}  # a lone `pk` is as often a Platform Key as a primary key
        if "sql" in leaked and "cloud" in parts:
            leaked.discard("sql")  # the Cloud SQL product, not a query language leak
        if leaked or (decl.kind == "field" and decl.name.startswith("_")):
            what = sorted(leaked)[0] if leaked else decl.name
            yield Issue(decl.loc, f"{decl.kind} {decl.name} exposes a storage/infrastructure detail ('{what}')",
                        hint="name the domain concept instead")
