"""error-shape-inconsistent: Errors have different shapes across the API (5.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules._shared import by_shape
from apilint.rules.s5_errors._error_bodies import SPEC, _shape, distinct, error_bodies, note

_OAUTH = frozenset({"error", "error_description", "error_uri", "state"})


@rule(id="error-shape-inconsistent", title="Errors have different shapes across the API", sections=("5.1",),
      reads_descriptions=False,
      severity="warning", rationale="""
When every endpoint invents its own error body, clients need a parser per endpoint and generic
handling (retry, show the field violations, quote the request id) becomes impossible. One error
shape across the whole API is part of a consistent contract (anti-pattern 5.1). Copies of one differing
body are reported once.""",
      fix="Define one error schema (e.g. `components/schemas/Error` with code, message, request_id, details) "
          "and reference it from every error response.",
      examples=[Example("openapi", bad=SPEC.format(first="Error", second="Problem"),
                        good=SPEC.format(first="Error", second="Error"))])
def error_shape_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    shapes = {key: _shape(body) for key, body in distinct(api).items()}
    # OAuth endpoints must answer RFC 6749's {error, error_description, error_uri}: not the API's to choose
    shapes = {key: shape for key, shape in shapes.items()
              if shape and not (shape <= _OAUTH and {"error", "error_description"} <= shape)}
    if len(set(shapes.values())) < 2:
        return
    uses = Counter(shapes[schema.key] for _, _, schema, _ in error_bodies(api) if schema.key in shapes)
    dominant, _ = uses.most_common(1)[0]
    described = ", ".join(sorted(dominant))
    differing = []
    for key, body in distinct(api).items():
        # adding fields to an error is safe (5.4): a shape that keeps most of the dominant one is fine
        shape = shapes.get(key)
        if shape is not None and not (shape <= dominant or shape >= dominant) \
                and len(shape & dominant) * 2 < len(dominant):
            differing.append(body)
    for group in by_shape(differing, _shape):
        first = group[0]
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) has fields "
                    f"{', '.join(sorted(_shape(first)))}; most errors of this API have {described}{note(group)}")
