"""safe-method-changes-state: GET or HEAD operation changes state (2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import is_path_param, rest_operations
from apilint.rules._examples import spec
from apilint.rules._inventory import cached_words, first_word, singular
from apilint.rules.s2_contract._http_verbs import STATE_CHANGING

# Path segments only: `/archive`, `/lock` name things; Rails' `GET .../edit` renders a form.
_NOUN_LIKE = {"archive", "lock", "post", "put", "patch", "set", "write", "save", "mark", "make", "clear", "edit"}


# ...and these head compound nouns: `StopPoints` (TfL), `updateSummary` (Azure), `startDates`.
_COMPOUND_HEADS = {"stop", "update", "start", "trigger", "send", "change", "publish"}


_NOT_OBJECTS = {"on", "ons", "count", "counts", "result", "results", "time", "at", "status", "history", "log",
                "logs", "info", "config", "settings"}  # restart_count, add-ons: nouns, not actions


_GET_SPEC = spec("""
        {path}:
          {method}:
            operationId: {op_id}
            responses: {{'{status}': {{description: OK}}}}
    """)


def _path_nouns(op: Operation) -> set[str]:
    """Singular words of the path: `postReplies` on /posts/{id}/replies names the post, it does not POST."""
    return {singular(w) for segment in op.path_segments if not is_path_param(segment) for w in cached_words(segment)}


@rule(id="safe-method-changes-state", title="GET or HEAD operation changes state", sections=("2.2",),
      reads_descriptions=False,
      severity="error", options={"verbs": STATE_CHANGING}, rationale="""
GET and HEAD are safe: crawlers, prefetchers, caches and retrying clients call them freely. A
`GET /reports/generate` that inserts a database record, or a `GET /users/{id}/reset` that resets
something, runs whenever anything on the way decides to (re)fetch the URL (anti-pattern 2.2).""",
      fix="Use POST for operations that create or change state (e.g. POST /v1/reports), PUT/PATCH to update, "
          "DELETE to delete.",
      examples=[Example("openapi", bad=_GET_SPEC.format(path="/v1/reports/generate", method="get",
                                                        op_id="generateReport", status="200"),
                        good=_GET_SPEC.format(path="/v1/reports", method="post", op_id="createReport",
                                              status="201"))])
def safe_method_changes_state(api: Api, ctx: Context) -> Iterator[Issue]:
    verbs = ctx.words("verbs")
    for op in rest_operations(api):
        if op.method not in ("get", "head"):
            continue
        verb = first_word(op)
        if verb in verbs and not (verb in _NOUN_LIKE and verb in _path_nouns(op)):
            yield Issue(op.loc, f"{op.label} is named '{op.operation_id}' but GET/HEAD must not change state",
                        hint="use POST (or PUT/PATCH/DELETE) for operations with side effects")
            continue
        for segment in op.path_segments:
            ws = cached_words(segment.split(":", 1)[0]) if not is_path_param(segment) else []
            if ws and ws[0] in verbs and ws[0] not in _NOUN_LIKE and (
                    len(ws) == 1 or (len(ws) == 2 and ws[1] not in _NOT_OBJECTS and (
                        ws[0] not in _COMPOUND_HEADS or ws[1].endswith("ing")))):
                yield Issue(op.loc, f"{op.label}: path segment '{segment}' says '{ws[0]}' but GET/HEAD must not "
                            "change state", hint="use POST (or PUT/PATCH/DELETE) for operations with side effects")
                break
