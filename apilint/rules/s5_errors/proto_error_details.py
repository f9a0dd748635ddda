"""proto-error-details: API defines its own error envelope instead of google.rpc.Status (5.1, 5.2)."""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.proto import proto_workspace, short_name
from apilint.model.query import words
from apilint.rules._examples import proto

_ERROR_SUFFIXES = ("Error", "Exception", "Fault", "ErrorResponse", "ErrorInfo")


_CODE_FIELDS = {"code", "error_code", "status_code", "err_code", "errno"}


_MESSAGE_FIELDS = {"message", "error_message", "msg", "err_msg", "description", "error_description", "detail",
                   "reason", "error"}


_STATUS = ".google.rpc.Status"


@rule(id="proto-error-details", title="API defines its own error envelope instead of google.rpc.Status",
      sections=("5.1", "5.2"), severity="warning", formats=("proto",), rationale="""
gRPC already has one error shape: a status code plus `google.rpc.Status` details (`ErrorInfo` with a
machine-readable reason and metadata, `BadRequest.FieldViolation`, `RetryInfo`...). A home-made
`OrderError { int32 code; string message; }`, or errors carried in a success response's `error` field,
is invisible to gRPC clients, interceptors and retries, and pushes clients to parse message strings
(anti-patterns 5.1 and 5.2).""",
      fix="Return errors as a gRPC status with `google.rpc.ErrorInfo` / `BadRequest` details; put "
          "domain-specific detail messages in Status.details, not in responses.",
      examples=[Example("proto",
                        bad=proto("""
        // An error.
        message OrderError {
          int32 code = 1;
          string message = 2;
        }
    """),
                        good=proto("""
        // One result of a batch.
        message BatchResult {
          string name = 1;
          google.rpc.Status status = 2;
        }
    """, imports=["google/rpc/status.proto"]))])
def error_details(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    outputs = {m.proto.output_type for m in ws.of_kind("method")}
    # error types stored as data of a resource (an instance's last_error) are records, not envelopes
    recorded = {f.proto.type_name for f in ws.of_kind("field")
                if f.parent is not None and "." + f.parent.fqn not in outputs}
    for message in ws.of_kind("message"):
        if not message.name.endswith(_ERROR_SUFFIXES) or "." + message.fqn in recorded:
            continue
        fields = message.proto.field
        if any(f.type_name == _STATUS for f in fields):
            continue
        names = {"_".join(words(f.name)) for f in fields}
        if names & _CODE_FIELDS and names & _MESSAGE_FIELDS:
            yield Issue(message.loc, f"message {message.name} is a home-made error envelope (code + message)",
                        hint="use a gRPC status with google.rpc.ErrorInfo details")
    for type_name in sorted(outputs):
        entry = ws.type(type_name)
        if entry is None or entry.decl is None or short_name(type_name) == "Operation":
            continue
        for field in ws.fields(entry.decl):
            if words(field.name)[-1:] in (["error"], ["errors"]) and field.proto.type == FD.TYPE_MESSAGE \
                    and field.proto.type_name != _STATUS:
                yield Issue(field.loc, f"response {short_name(type_name)} carries errors in-band in field "
                            f"{field.name} ({short_name(field.proto.type_name)})",
                            hint="fail the RPC with a gRPC status and google.rpc.ErrorInfo details")
