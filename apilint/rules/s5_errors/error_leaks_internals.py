"""error-leaks-internals: Error body exposes internal details (5.3)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.rules._leaks import leak_in, media_example_leaks
from apilint.rules._shared import by_shape
from apilint.rules.s5_errors._error_bodies import (
    SPEC,
    Body,
    _shape,
    distinct,
    levels,
    norm,
    note,
)

LEAK_FIELDS = ["stack", "stack_trace", "stacktrace", "callstack", "call_stack", "trace", "backtrace", "exception",
               "exception_type", "exception_class", "sql", "sql_state", "query_plan", "hostname", "host",
               "server_name", "internal_message", "debug"]


@rule(id="error-leaks-internals", title="Error body exposes internal details", sections=("5.3",),
      severity="error", rationale="""
Stack traces, exception class names, SQL fragments and host names in errors tell an attacker how the
service is built and which dependencies it has, and make internals part of the contract
(anti-pattern 5.3). Return only what applies to the request, plus a request id for support.
Error examples (schema and media-type examples) that show a stack trace, an exception name, SQL, an
internal hostname or a private IP address are reported too: they document the leak. A field is reported once
per body shape, however many responses copy the body.""",
      fix="Remove the field from the error schema; log the details server-side under the request id.",
      options={"fields": LEAK_FIELDS},
      examples=[Example("openapi", bad=SPEC.format(first="Error", second="Leaky"),
                        good=SPEC.format(first="Error", second="Error"))])
def error_leaks_internals(api: Api, ctx: Context) -> Iterator[Issue]:
    leaks = {norm(f) for f in ctx.words("fields")}
    exposed: list[tuple[Body, str, Schema]] = []
    for body in distinct(api).values():
        op, status = body.op, body.status
        for level in levels(body.schema):  # the error's own fields, not the domain objects it may embed
            exposed.extend((body, name, prop) for name, prop in level.all_properties().items()
                           if norm(name) in leaks)
            for node in (level, *level.all_properties().values()):
                for key in ("example", "examples", "default"):
                    what = leak_in(node.data[key]) if key in node.data else None
                    if what:
                        yield Issue(node.loc.child(key), f"the error example of {op.label} ({status}) shows {what}")
    # one finding per leaked field and body shape: Slack copies {ok, error, callstack} into each method
    for group in by_shape(exposed, lambda item: _shape(item[0]) | {"/" + norm(item[1])}):
        body, name, prop = group[0]
        yield Issue(prop.loc, f"the error body of {body.op.label} ({body.status}) exposes "
                    f"'{name}'{note([b for b, _, _ in group])}")
    yield from media_example_leaks(api)
