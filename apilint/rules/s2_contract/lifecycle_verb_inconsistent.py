"""lifecycle-verb-inconsistent: Operations use different verbs for the same lifecycle step (2.1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api, Operation
from apilint.model.proto import proto_workspace
from apilint.model.query import words
from apilint.rules._examples import spec, unary_rpc
from apilint.rules._inventory import cached_words, first_word

SYNONYMS = {
    "create": ["create", "add", "make", "new", "register"],
    "get": ["get", "fetch", "retrieve", "read", "show", "lookup", "describe", "find", "obtain", "load"],
    "list": ["list", "enumerate"],
    "update": ["update", "modify", "edit", "change", "alter"],
    "delete": ["delete", "remove", "destroy", "erase", "drop"],
}


# Verbs that often name a different operation (add a member to a group, remove a label, read a
# discovery document): flagged only when the same object is also handled with the dominant verb (proto:
# when the object is a resource of the API).
SAME_OBJECT_ONLY = ["add", "register", "read", "show", "lookup", "describe", "find", "remove", "drop", "load"]


_SPEC = spec("""
        /v1/orders:
          post:
            operationId: createOrder
            responses: {{'201': {{description: Created}}}}
        /v1/customers:
          post:
            operationId: createCustomer
            responses: {{'201': {{description: Created}}}}
        /v1/invoices:
          post:
            operationId: {verb}Invoice
            responses: {{'201': {{description: Created}}}}
    """)


def _concept(verb: str, synonyms: dict[str, frozenset[str]]) -> str | None:
    for concept, verbs in synonyms.items():
        if verb in verbs:
            return concept
    return None


def _object(op: Operation) -> str:
    """What the operation acts on, as named: ``addTags`` -> tags, ``repos/add-tag`` -> tag.

    Number matters: GitHub's ``issues/add-labels`` attaches existing labels to an issue while
    ``issues/create-label`` makes one; EC2's ``CreateTags`` and ELB's ``AddTags`` do the same thing."""
    name = (op.operation_id or op.name).rsplit("/", 1)[-1]
    return "_".join(cached_words(name)[1:])


@rule(id="lifecycle-verb-inconsistent", title="Operations use different verbs for the same lifecycle step",
      reads_descriptions=False,
      sections=("2.1",), severity="warning", formats=("openapi",), options={
          "create": SYNONYMS["create"], "get": SYNONYMS["get"], "list": SYNONYMS["list"],
          "update": SYNONYMS["update"], "delete": SYNONYMS["delete"], "same_object_only": SAME_OBJECT_ONLY,
          "min_share": 0.6},
      option_formats={"min_share": ("openapi",)},  # proto is held to the fixed AIP vocabulary, not a majority
      rationale="""
EC2's CreateTags, ELB's AddTags, RDS's AddTagsToResource and Auto Scaling's CreateOrUpdateTags are four
verb shapes for one semantic: every client has to learn each one (anti-pattern 2.1). Establish a
canonical vocabulary before the first release: Create, Get, List, Update, Delete. This rule finds the
verb an API mostly uses for each lifecycle step and flags operations that use a synonym instead. Verbs
that often mean something else (`add`/`remove` a member, `read` a discovery document) are flagged only
when the same object is also handled with the dominant verb (createTag next to addTag).""",
      fix="Rename the operation with the API's dominant verb for that step (e.g. createInvoice, not makeInvoice).",
      examples=[Example("openapi", bad=_SPEC.format(verb="make"), good=_SPEC.format(verb="create"))])
def lifecycle_verb_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    synonyms = {concept: ctx.words(concept) for concept in SYNONYMS}
    same_object_only = ctx.words("same_object_only")
    min_share = float(ctx.option("min_share"))
    by_concept: dict[str, dict[str, list[Operation]]] = defaultdict(lambda: defaultdict(list))
    for op in api.operations:
        verb = first_word(op)
        concept = _concept(verb, synonyms)
        if concept is not None:
            by_concept[concept][verb].append(op)
    for concept, verbs in by_concept.items():
        if len(verbs) < 2:
            continue
        counts = Counter({verb: len(ops) for verb, ops in verbs.items()})
        dominant, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if count / total < min_share:
            continue
        dominant_objects = {_object(op) for op in verbs[dominant]}
        for verb, ops in verbs.items():
            if verb == dominant:
                continue
            for op in ops:
                ambiguous = verb in same_object_only or dominant in same_object_only
                if ambiguous and _object(op) not in dominant_objects:
                    continue
                yield Issue(op.loc, f"{op.label} uses '{verb}' where {count} of {total} {concept} operations "
                            f"in this API use '{dominant}'", hint=f"rename it to start with '{dominant}'")


# Verbs Google APIs use for their own methods, never a synonym in proto: DestroyCryptoKeyVersion (AIP-135
# soft delete), the streaming reads ReadObject and ReadRows
_AIP_VERBS = frozenset({"destroy", "read"})


@implements("lifecycle-verb-inconsistent", format="proto", examples=[Example("proto",
                        bad=unary_rpc("FetchOrder"),
                        good=unary_rpc("GetOrder"))])
def lifecycle_verb(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    canonical_of = {verb: concept.capitalize() for concept in SYNONYMS for verb in ctx.words(concept)
                    if verb != concept and verb not in _AIP_VERBS}
    same_object_only = ctx.words("same_object_only")
    resources = {m.name for m in ws.of_kind("message") if ws.options.resource(m.proto) is not None}
    resources |= {"".join(w.capitalize() for w in words(m.name)[1:]) for m in ws.of_kind("method")
                  if words(m.name)[:1] == ["get"]}
    for method in ws.of_kind("method"):
        parts = words(method.name)
        if len(parts) >= 2 and parts[:2] == ["look", "up"]:
            verb, rest = "lookup", parts[2:]
        else:
            verb, rest = (parts[0], parts[1:]) if parts else ("", [])
        canonical = canonical_of.get(verb)
        if canonical is None or not rest:
            continue
        if verb in same_object_only or canonical == "Update":  # ModifyAckDeadline: AIP-136 custom method
            noun = "".join(w.capitalize() for w in rest)
            if noun not in resources and noun.rstrip("s") not in resources:
                continue
        yield Issue(method.loc, f"RPC {method.name} uses the verb '{verb}' where the lifecycle vocabulary says "
                    f"{canonical}", hint=f"rename it {canonical}{''.join(w.capitalize() for w in rest)}")
