"""Long-running operations return a job handle with status and cancel operations (3.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Schema
from apilint.model.query import is_path_param, rest_operations, words
from apilint.rules._shared import snake, spec

LOCATION_HEADERS = ["location", "operation-location", "content-location", "azure-asyncoperation", "retry-after"]
HANDLE_FIELDS = ["id", "job_id", "operation_id", "task_id", "name", "self", "self_link", "href", "links",
                 "_links", "status_url", "url", "operation", "job", "request_id", "status", "state", "metadata"]


def _field_names(schema: Schema) -> set[str]:
    """Top-level field names, and those one level down (`{"action": {"id": ...}}`)."""
    names = set()
    for name, prop in schema.all_properties().items():
        names.add(snake(name))
        if prop.type in ("object", None):  # allOf-composed objects carry no `type`
            names.update(snake(n) for n in prop.all_properties())
    return names

_ACCEPTED = """
/v1/exports:
  post:
    operationId: startExport
    responses:
      '202':
        description: The export job was accepted{handle}
"""
_HANDLE = """
        headers:
          Location: {description: URL of the export job, schema: {type: string, format: uri}}
        content:
          application/json:
            schema:
              type: object
              properties:
                job_id: {type: string}
                status: {type: string, enum: [QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED]}"""


@rule(id="accepted-without-handle", title="202 Accepted without a job handle or Location", sections=("3.6",),
      severity="warning", rationale="""
A 202 Accepted with no body and no `Location` header gives the caller no handle on the work it started:
it cannot poll for completion, cancel it, quote it in a support ticket, or tell whether a retry would
start a second copy (anti-pattern 3.6). The 202 response must carry the job (its id and a link to poll)
and the standard `Location` header so HTTP clients' polling helpers work.""",
      fix="Return the job resource in the 202 body (`job_id`, `status`, `self_link`) and a `Location` header "
          "pointing at it.",
      options={"headers": LOCATION_HEADERS, "fields": HANDLE_FIELDS},
      examples=[Example("openapi", bad=spec(_ACCEPTED.format(handle="")), good=spec(_ACCEPTED.format(handle=_HANDLE)))])
def accepted_without_handle(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    fields = {snake(f) for f in ctx.words("fields")}
    for op in rest_operations(api):
        response = op.responses.get("202")
        if response is None or set(response.headers) & headers or op.method == "get":
            continue  # a GET answering 202 "not ready yet" is polled at its own URL
        if op.method == "delete" and op.path_segments and is_path_param(op.path_segments[-1]):
            continue  # the resource being deleted is its own handle
        schema = response.body.schema if response.body else None
        if schema is not None and (_field_names(schema) & fields or schema.type == "string"):
            continue
        what = "no body" if schema is None else "a body without a job id or link"
        yield Issue(response.loc, f"{op.label} answers 202 with {what} and no Location header: return the job "
                    "(job_id, status, self link) and a Location header to poll it",
                    hint="add a Location header and a job body to the 202 response")


JOB_WORDS = ["job", "operation", "long_running_operation", "lro"]
STATUS_FIELDS = ["status", "state", "done", "phase", "progress"]


def _returns(op: Operation, schema: Schema) -> bool:
    for status, response in op.responses.items():
        if (status[:1] == "2" or status == "OK") and response.body is not None:
            body = response.body.schema
            if body is not None and body.key == schema.key:
                return True
    return False


def _is_item_get(op: Operation) -> bool:
    if op.method == "get":
        return bool(op.path_segments) and is_path_param(op.path_segments[-1].split(":")[0])
    return op.method is None and words(op.name)[:1] == ["get"]


def _cancels(op: Operation, job: Schema, job_words: list[str], item_paths: list[str]) -> bool:
    if op.method == "delete" and op.path in item_paths:
        return True
    name_words = words(op.operation_id or op.name) + [w for s in op.path_segments for w in words(s)]
    if "cancel" not in name_words and "abort" not in name_words and "stop" not in name_words:
        return False
    if _returns(op, job) or any(op.path and op.path.startswith(p) for p in item_paths):
        return True
    # the job belongs to a larger cancellable unit under the same parent (GitHub: a job is cancelled with its run)
    parents = ["/".join(p.split("/")[:-2]) + "/" for p in item_paths if p.count("/") > 2]
    if any(op.path and op.path.startswith(parent) for parent in parents):
        return True
    return name_words[-len(job_words):] == job_words or all(w in name_words for w in job_words)


_JOB_PATHS = """
/v1/exports:
  post:
    operationId: startExport
    responses:
      '202':
        description: Accepted
        headers:
          Location: {description: The job, schema: {type: string}}
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ExportJob'}
/v1/export-jobs/{job_id}:
  get:
    operationId: getExportJob
    parameters:
      - {name: job_id, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: The job
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ExportJob'}
"""
_CANCEL = """
/v1/export-jobs/{job_id}:cancel:
  post:
    operationId: cancelExportJob
    parameters:
      - {name: job_id, in: path, required: true, schema: {type: string}}
    responses:
      '200':
        description: The job, cancelling
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ExportJob'}
"""
_JOB_SCHEMA = """
schemas:
  ExportJob:
    type: object
    properties:
      job_id: {type: string}
      status: {type: string, enum: [QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED]}
"""


@rule(id="job-operations-missing", title="Job resource has no status or cancel operation", sections=("3.6",),
      severity="warning", formats=("openapi", "proto"), rationale="""
A long-running operation returns a job, and a job needs its lifecycle: a GET to poll its status (else
the only signal is silence until a webhook fires) and a cancel operation (else a misconfigured job
consuming resources cannot be stopped without operator intervention). See anti-pattern 3.6:
`StartExport` returns a `Job`, with `GetJob` and an idempotent `CancelJob`. A job resource is a named
schema whose name ends in Job or Operation, has a status/state field, and is returned by some operation.""",
      fix="Add `GET /v1/jobs/{job_id}` and `POST /v1/jobs/{job_id}:cancel` (gRPC: `GetJob`, `CancelJob`) "
          "returning the job.",
      options={"names": JOB_WORDS, "status_fields": STATUS_FIELDS},
      examples=[Example("openapi", bad=spec(_JOB_PATHS, _JOB_SCHEMA), good=spec(_JOB_PATHS + _CANCEL, _JOB_SCHEMA))])
def job_operations_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    names = {snake(w) for w in ctx.words("names")}
    status_fields = ctx.words("status_fields")
    for name, schema in api.schemas.items():
        short = name.rsplit(".", 1)[-1]
        job_words = words(short)
        if not job_words or not (job_words[-1] in names or snake(short) in names):
            continue
        if not {snake(p) for p in schema.properties()} & status_fields:
            continue
        returning = [op for op in api.operations if _returns(op, schema)]
        if not returning:
            continue
        getters = [op for op in returning if _is_item_get(op)]
        item_paths = [op.path for op in getters if op.path]
        missing = []
        if not getters:
            missing.append("GET to poll its status")
        if not any(_cancels(op, schema, job_words, item_paths) for op in api.operations):
            missing.append("cancel operation")
        if missing:
            yield Issue(schema.loc, f"job resource '{short}' (returned by {returning[0].label}) has no "
                        f"{' and no '.join(missing)}: add GET .../{{job_id}} and POST .../{{job_id}}:cancel",
                        hint="give the job a status GET and an idempotent cancel")
