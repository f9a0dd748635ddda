"""job-operations-missing: Job resource has no status or cancel operation (3.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Schema
from apilint.model.query import is_path_param, words
from apilint.rules._examples import proto, spec
from apilint.rules._shared import snake

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


_PROTO = proto("""
        service ExportService {{
          rpc StartExport(StartExportRequest) returns (ExportJob);
          rpc GetExportJob(GetExportJobRequest) returns (ExportJob);{cancel}
        }}
        message StartExportRequest {{ string client_token = 1; }}
        message GetExportJobRequest {{ string name = 1; }}
        message CancelExportJobRequest {{ string name = 1; }}
        message ExportJob {{
          string name = 1;
          JobStatus status = 2;
        }}
        enum JobStatus {{
          JOB_STATUS_UNSPECIFIED = 0;
          JOB_STATUS_RUNNING = 1;
          JOB_STATUS_CANCELLED = 2;
        }}
    """)


@rule(id="job-operations-missing", title="Job resource has no status or cancel operation", sections=("3.6",),
      reads_descriptions=False,
      severity="warning", formats=("openapi", "proto"), rationale="""
A long-running operation returns a job, and a job needs its lifecycle: a GET to poll its status (else
the only signal is silence until a webhook fires) and a cancel operation (else a misconfigured job
consuming resources cannot be stopped without operator intervention). See anti-pattern 3.6:
`StartExport` returns a `Job`, with `GetJob` and an idempotent `CancelJob`. A job resource is a named
schema whose name ends in Job or Operation, has a status/state field, and is returned by some operation.""",
      fix="Add `GET /v1/jobs/{job_id}` and `POST /v1/jobs/{job_id}:cancel` (gRPC: `GetJob`, `CancelJob`) "
          "returning the job.",
      options={"names": JOB_WORDS, "status_fields": STATUS_FIELDS},
      examples=[Example("openapi", bad=spec(_JOB_PATHS, _JOB_SCHEMA), good=spec(_JOB_PATHS + _CANCEL, _JOB_SCHEMA)),
                Example("proto", bad=_PROTO.format(cancel=""),
                        good=_PROTO.format(cancel="\n  rpc CancelExportJob(CancelExportJobRequest) "
                                                  "returns (ExportJob);"))])
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
