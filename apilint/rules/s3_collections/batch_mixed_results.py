"""batch-mixed-results: Batch response mixes successes and errors in one list (3.7)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.model.query import response_schema, words
from apilint.rules._examples import proto, spec
from apilint.rules._shared import snake

BATCH_WORDS = ["batch", "bulk"]


ERROR_FIELDS = ["error", "errors", "error_code", "error_message", "failure", "failure_reason", "exception",
                "fault"]


FAILURE_LISTS = ["failed", "failures", "errors", "failed_items", "unprocessed", "rejected"]


_PATHS = """
/v1/orders:batchCreate:
  post:
    operationId: batchCreateOrders
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              orders: {{type: array, maxItems: 100, items: {{type: object}}}}
    responses:
      '200':
        description: The outcome of every entry
        content:
          application/json:
            schema:
              type: object
              properties:{body}
"""


_MIXED = """
                results:
                  type: array
                  items:
                    type: object
                    properties:
                      order: {type: object}
                      error: {type: object, properties: {code: {type: string}, message: {type: string}}}"""


_SPLIT = """
                created_orders: {type: array, items: {type: object}}
                failed_orders:
                  type: array
                  items:
                    type: object
                    properties:
                      client_request_id: {type: string}
                      error_code: {type: string}
                      message: {type: string}"""


_PROTO = proto("""
        service OrderService {{
          rpc BatchCreateOrders(BatchCreateOrdersRequest) returns (BatchCreateOrdersResponse);
        }}
        message BatchCreateOrdersRequest {{ repeated Order orders = 1; }}
        message BatchCreateOrdersResponse {{
        {fields}
        }}
        message Order {{ string name = 1; }}
        message OrderResult {{
          Order order = 1;
          string error_code = 2;
        }}
        message OrderError {{
          string client_request_id = 1;
          string error_code = 2;
          string message = 3;
        }}
    """)


@rule(id="batch-mixed-results", title="Batch response mixes successes and errors in one list", sections=("3.7",),
      reads_descriptions=False,
      severity="warning", formats=("openapi", "proto"), rationale="""
When a batch operation returns one flat list where failures are told apart only by the presence of an
`error` field, every caller must inspect every entry to learn the outcome, and a caller that forgets
treats failures as successes (Firehose's PutRecordsBatch). Return the successes and the failures in
separate lists, each failure carrying the entry's client id and a machine-readable code
(anti-pattern 3.7).""",
      fix="Split the response into `created_<items>` and `failed_<items>` lists; a failure entry carries the "
          "request entry's id, an `error_code` and a message.",
      options={"words": BATCH_WORDS, "error_fields": ERROR_FIELDS, "failure_lists": FAILURE_LISTS},
      examples=[Example("openapi", bad=spec(_PATHS.format(body=_MIXED)), good=spec(_PATHS.format(body=_SPLIT))),
                Example("proto", bad=_PROTO.format(fields="  repeated OrderResult results = 1;"),
                        good=_PROTO.format(fields="  repeated Order created_orders = 1;\n"
                                                  "  repeated OrderError failed_orders = 2;"))])
def batch_mixed_results(api: Api, ctx: Context) -> Iterator[Issue]:
    batch = ctx.words("words")
    error_fields = {snake(w) for w in ctx.words("error_fields")}
    failure_lists = {snake(w) for w in ctx.words("failure_lists")}
    for op in api.operations:
        if op.method in ("get", "head"):
            continue  # listing jobs that carry their own `error` (Google's batchPredictionJobs) is no batch result
        name_words = set(words(op.operation_id or op.name)) | {w for s in op.path_segments for w in words(s)}
        if not name_words & batch:
            continue
        schema = response_schema(op)
        if schema is None:
            continue
        lists: list[tuple[str, Schema]] = [("", schema)] if schema.type == "array" else [
            (name, prop) for name, prop in schema.all_properties().items() if prop.type == "array"]
        names = [snake(name) for name, _ in lists if name]
        if any(set(n.split("_")) & failure_lists or n in failure_lists for n in names):
            continue
        for name, array in lists:
            item = array.items()
            if item is None:
                continue
            fields = {snake(f) for f in item.all_properties()}
            mixed = fields & error_fields
            if mixed and len(fields - error_fields) >= 1:
                where = f"the list '{name}'" if name else "the response list"
                yield Issue(array.loc, f"{op.label}: {where} mixes results and errors (entries carry "
                            f"'{sorted(mixed)[0]}'): return successes and failures in separate lists",
                            hint="split into created_<items> and failed_<items>")
