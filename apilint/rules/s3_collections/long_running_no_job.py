"""long-running-no-job: 202 Accepted without a job to follow (3.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import (
    is_path_param,
    rest_operations,
)
from apilint.rules._examples import spec

_JOB = spec("""
        /v1/exports:
          post:
            operationId: createExport
            parameters: [{{name: Idempotency-Key, in: header, schema: {{type: string}}}}]
            responses:
              '202':
                description: Export started{more}
    """)


@rule(id="long-running-no-job", title="202 Accepted without a job to follow", sections=("3.6",),
      reads_descriptions=False,
      severity="warning", rationale="""
A 202 says "accepted, not done". Without a job resource in the body or a `Location` header, the client
has no way to learn when the work finishes, whether it failed, or to cancel it, and falls back to
guessing or re-submitting (anti-pattern 3.6). Not flagged: a `Retry-After` header (poll the same
request later), a GET answering 202 ("still computing", polled at its own URL), and a DELETE of one
resource (the resource is its own handle until it is gone).""",
      fix="Return a job/operation resource (id, state, result or error) and its URL in `Location`; offer GET and "
          "cancel on it.",
      options={"headers": ["location", "operation-location", "content-location", "azure-asyncoperation",
                           "retry-after"]},
      examples=[Example("openapi", bad=_JOB.format(more=""),
                        good=_JOB.format(more="\n          headers:\n            Location: {description: The job, "
                                              "schema: {type: string}}"))])
def long_running_no_job(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    for op in rest_operations(api):
        accepted = op.responses.get("202")
        if accepted is None or set(accepted.headers) & headers or op.method == "get":
            continue  # a GET answering 202 "still computing" (GitHub's stats) is polled at its own URL
        if op.method in ("put", "patch", "delete") and op.path_segments and is_path_param(op.path_segments[-1]):
            continue  # the resource at this URL is its own handle: GET it until it is done (or gone)
        if op.raw.get("x-ms-long-running-operation"):
            continue  # Azure's documented LRO protocol (Azure-AsyncOperation / Location headers)
        if not (accepted.body and accepted.body.schema is not None):
            yield Issue(accepted.loc, f"{op.label} answers 202 with neither a job resource nor a Location header")
