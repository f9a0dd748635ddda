"""Proto versions of ideas that hold for REST too (typed times, status enums, execute pattern, UI RPCs,
polling, lifecycle verbs, optimistic concurrency, leaky names, PII, error shape).

Written proto-only so they can ship now; their ids carry a ``proto-`` prefix so they can be folded into
the cross-format rules of the rule pack without two rules for one idea.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FD

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api
from apilint.model.proto import Decl, ProtoWorkspace, proto_workspace, short_name
from apilint.model.query import words

_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'
_TS_IMPORT = 'import "google/protobuf/timestamp.proto";\n'

_INTEGERS = {FD.TYPE_INT64, FD.TYPE_UINT64, FD.TYPE_INT32, FD.TYPE_UINT32, FD.TYPE_SINT64, FD.TYPE_SINT32,
             FD.TYPE_FIXED64, FD.TYPE_FIXED32, FD.TYPE_SFIXED64, FD.TYPE_SFIXED32, FD.TYPE_DOUBLE, FD.TYPE_FLOAT}
_WRAPPED_INTEGERS = {".google.protobuf.Int64Value", ".google.protobuf.UInt64Value", ".google.protobuf.Int32Value",
                     ".google.protobuf.UInt32Value", ".google.protobuf.DoubleValue"}
_STRINGS = {".google.protobuf.StringValue"}


def _is_integer(field) -> bool:
    return field.type in _INTEGERS or field.type_name in _WRAPPED_INTEGERS


def _is_string(field) -> bool:
    return field.type == FD.TYPE_STRING or field.type_name in _STRINGS


def _fields(ws: ProtoWorkspace) -> Iterator[Decl]:
    return ws.of_kind("field") if ws else iter(())


# ---------------------------------------------------------------- times
_TIME_LAST = {"time", "at", "timestamp", "datetime", "ts"}
_EPOCH_UNITS = {"ms", "millis", "msec", "msecs", "milliseconds", "seconds", "secs", "sec", "nanos", "ns", "us",
                "usec", "micros", "epoch", "unix"}


_RELATIVE = {"since", "until", "before", "after", "ago", "elapsed", "remaining"}
_COUNTS = {"days", "hours", "minutes", "seconds", "weeks", "months", "years", "num", "count", "number", "max", "min"}


def _time_kind(name: str) -> str | None:
    """'instant' for created_at / update_time / expire_timestamp, 'epoch' for created_at_ms, else None."""
    parts = words(name)
    if not parts or set(parts) & _RELATIVE or parts[0] in _COUNTS:
        return None  # days_since_custom_time, num_updates_at: counts or durations, not instants
    if parts[-1] in _TIME_LAST and not (len(parts) == 1 and parts[0] == "at"):
        return "instant"
    if len(parts) >= 2 and parts[-1] in _EPOCH_UNITS and parts[-2] in {"at", "time", "timestamp", "epoch"}:
        return "epoch"
    if parts[-1] in {"epoch", "unix"}:
        return "epoch"
    return None


@implements("timestamp-untyped", format="proto", examples=[
    Example("proto", bad=_HEAD + "// An order.\nmessage Order {\n  string name = 1;\n"
                        "  int64 created_at = 2;\n}\n",
                        good=_HEAD + _TS_IMPORT + "// An order.\nmessage Order {\n  string name = 1;\n"
                        "  google.protobuf.Timestamp create_time = 2;\n}\n")])
def time_not_timestamp(api: Api, ctx: Context) -> Iterator[Issue]:
    for field in _fields(proto_workspace(api)):
        kind = _time_kind(field.name)
        if kind is None:
            continue
        proto = field.proto
        if _is_integer(proto) or (_is_string(proto) and kind == "instant"):
            what = "an integer" if _is_integer(proto) else "a string"
            yield Issue(field.loc, f"field {field.name} holds a time as {what}",
                        hint="use google.protobuf.Timestamp")


# ---------------------------------------------------------------- status as string
_ADDRESS_WORDS = {"address", "city", "postal", "zip", "country", "region", "locality", "province"}


@implements("state-free-string", format="proto", examples=[
    Example("proto", bad=_HEAD + "// An order.\nmessage Order {\n  string name = 1;\n"
                        "  string status = 2;\n}\n",
                        good=_HEAD + "// An order.\nmessage Order {\n  string name = 1;\n  OrderState state = 2;\n}\n"
                        "// Order states.\nenum OrderState {\n  ORDER_STATE_UNSPECIFIED = 0;\n"
                        "  ORDER_STATE_PLACED = 1;\n}\n")])
def status_not_enum(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for field in _fields(ws):
        parts = words(field.name)
        if not parts or parts[-1] not in {"status", "state"} or not _is_string(field.proto):
            continue
        if field.proto.label == FD.LABEL_REPEATED:
            continue
        message = field.parent
        siblings = {w for f in message.proto.field for w in words(f.name)} | set(words(message.name))
        if parts[-1] == "state" and siblings & _ADDRESS_WORDS:
            continue  # a postal address's state / province
        yield Issue(field.loc, f"field {field.name} is a free-form string; its values are not part of the "
                    "contract", hint="declare an enum of the states (zero value *_UNSPECIFIED)")


# ---------------------------------------------------------------- execute pattern
_DISCRIMINATORS = {"action", "command", "operation", "op", "verb", "action_type", "operation_type",
                   "command_type", "request_type"}
_TYPE_NAMES = {"type", "kind", "mode"}
_COMMON_INPUTS = {"name", "parent", "request_id", "client_token", "etag", "update_mask", "validate_only",
                  "page_size", "page_token", "namespace", "identity"}
_CONDITIONAL = ("only used when", "only used if", "only used for", "only valid when", "only valid for",
                "only valid if", "only applies", "only relevant", "required when", "required if",
                "ignored unless", "ignored when", "ignored if", "used only when", "used only for", "only when")


@implements("action-field-dispatch", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service OrderService {\n  rpc ProcessOrder(ProcessOrderRequest) returns "
                        "(ProcessOrderResponse);\n}\nmessage ProcessOrderRequest {\n  string order_id = 1;\n"
                        "  string action = 2;  // \"cancel\", \"ship\", \"refund\"\n"
                        "  string cancel_reason = 3;  // only used when action = \"cancel\"\n"
                        "  string tracking_number = 4;  // only used when action = \"ship\"\n"
                        "  double refund_amount = 5;  // only used when action = \"refund\"\n}\n"
                        "message ProcessOrderResponse { string order_id = 1; }\n",
                        good=_HEAD + "service OrderService {\n  rpc UpdateOrder(UpdateOrderRequest) returns "
                        "(UpdateOrderResponse);\n}\nmessage UpdateOrderRequest {\n  string order_id = 1;\n"
                        "  oneof update {\n    string cancel_reason = 2;\n    string tracking_number = 3;\n"
                        "    double refund_amount = 4;\n  }\n}\n"
                        "message UpdateOrderResponse { string order_id = 1; }\n")])
def execute_pattern(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    requests = {m.proto.input_type[1:] for m in ws.of_kind("method")}
    for fqn in sorted(requests):
        message = ws.by_fqn.get(fqn)
        if message is None or message.kind != "message":
            continue
        fields = ws.fields(message)
        for disc in fields:
            name = disc.name
            if name not in _DISCRIMINATORS and name not in _TYPE_NAMES:
                continue
            if disc.proto.HasField("oneof_index") and not disc.proto.proto3_optional:
                continue
            loose = [f for f in fields if f is not disc and f.name not in _COMMON_INPUTS
                     and not (f.proto.HasField("oneof_index") and not f.proto.proto3_optional)]
            values = {v.lower() for v in re.findall(r'"([A-Za-z_]+)"', disc.comment)}
            conditional = [f for f in loose if any(p in f.comment.lower() for p in _CONDITIONAL)
                           or f"{name} =" in f.comment or f"{name} is" in f.comment
                           or (values and words(f.name)[:1] and words(f.name)[0] in values)]
            if len(conditional) >= 2:
                which = ", ".join(f.name for f in (conditional or loose)[:3])
                yield Issue(disc.loc, f"{message.name}.{name} selects what the RPC does while other fields "
                            f"({which}) only apply to some values", hint="split into one RPC per action, or use "
                            "a oneof for the exclusive parameters")
                break


# ---------------------------------------------------------------- UI-screen RPCs
_SCREEN_WORDS = {"screen", "ui", "viewmodel"}
_VIEW_SUFFIX = {"data", "model", "state", "content", "info"}


def _screen_word(name: str) -> str | None:
    parts = words(name)
    for index, part in enumerate(parts):
        if part in _SCREEN_WORDS:
            return part
        if part in {"page", "view", "screen"} and index >= 1 and index + 1 < len(parts) \
                and parts[index + 1] in _VIEW_SUFFIX and parts[0] != "list":
            return f"{part} {parts[index + 1]}"
        if part == "for" and index + 1 < len(parts) and parts[index + 1] in {"page", "view", "screen", "home",
                                                                               "dashboard", "widget"}:
            return f"for {parts[index + 1]}"
    return None


@implements("ui-coupled-operation", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service CheckoutService {\n  rpc GetCheckoutPageData(GetCheckoutPageDataRequest) "
                        "returns (GetCheckoutPageDataResponse);\n}\nmessage GetCheckoutPageDataRequest { string "
                        "customer = 1; }\nmessage GetCheckoutPageDataResponse { string cart = 1; }\n",
                        good=_HEAD + "service CheckoutService {\n  rpc GetCart(GetCartRequest) returns (Cart);\n}\n"
                        "message GetCartRequest { string name = 1; }\nmessage Cart { string name = 1; }\n")])
def ui_screen_rpc(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for method in ws.of_kind("method") if ws else ():
        word = _screen_word(method.name)
        if word:
            yield Issue(method.loc, f"RPC {method.name} looks built for one UI screen ('{word}')",
                        hint="expose composable resource RPCs and aggregate per screen in a BFF layer")


# ---------------------------------------------------------------- polling
_SINCE = {"since", "after", "watermark", "last_seen", "last_event_id", "since_time", "since_id",
          "changed_since", "updated_since", "modified_since", "updated_after", "changed_after", "after_time",
          "last_poll_time", "from_event_id"}
_POLL_NOUNS = {"changes", "updates", "events", "notifications", "messages", "deltas"}


@implements("polling-endpoint", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service OrderService {\n  rpc PollOrderEvents(PollOrderEventsRequest) returns "
                        "(PollOrderEventsResponse);\n}\nmessage PollOrderEventsRequest { string since = 1; }\n"
                        "message PollOrderEventsResponse { repeated string events = 1; }\n",
                        good=_HEAD + "service OrderService {\n  rpc WatchOrderEvents(WatchOrderEventsRequest) "
                        "returns (stream OrderEvent);\n}\nmessage WatchOrderEventsRequest { string since = 1; }\n"
                        "message OrderEvent { string name = 1; }\n")])
def polling_rpc(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for method in ws.of_kind("method") if ws else ():
        if method.proto.server_streaming:
            continue
        parts = words(method.name)
        if not parts or not (parts[0] in {"poll", "watch"} or (parts[0] in {"get", "fetch"} and parts[-1] in
                                                                 _POLL_NOUNS)):
            continue
        request = ws.type(method.proto.input_type)
        since = [f.name for f in request.proto.field if "_".join(words(f.name)) in _SINCE] if request else []
        if since:
            yield Issue(method.loc, f"RPC {method.name} is unary and takes '{since[0]}': clients must poll it",
                        hint="make it server streaming (returns (stream ...))")


# ---------------------------------------------------------------- lifecycle verbs
_SYNONYMS = {"fetch": "Get", "retrieve": "Get", "lookup": "Get", "obtain": "Get", "load": "Get",
             "make": "Create", "new": "Create", "insert": "Create", "add": "Create",
             "modify": "Update", "edit": "Update", "change": "Update", "alter": "Update", "remove": "Delete"}
# fine for custom methods on part of a resource (AddAccessConfig, ModifyAckDeadline, AIP-144): flagged only
# when the noun is itself a resource of the API
_CONDITIONAL_VERBS = {"add", "remove", "load", "change", "modify", "edit", "alter"}


@implements("lifecycle-verb-inconsistent", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service OrderService {\n  rpc FetchOrder(FetchOrderRequest) returns (Order);\n}\n"
                        "message FetchOrderRequest { string name = 1; }\nmessage Order { string name = 1; }\n",
                        good=_HEAD + "service OrderService {\n  rpc GetOrder(GetOrderRequest) returns (Order);\n}\n"
                        "message GetOrderRequest { string name = 1; }\nmessage Order { string name = 1; }\n")])
def lifecycle_verb(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    resources = {m.name for m in ws.of_kind("message") if ws.options.resource(m.proto) is not None}
    resources |= {"".join(w.capitalize() for w in words(m.name)[1:]) for m in ws.of_kind("method")
                  if words(m.name)[:1] == ["get"]}
    for method in ws.of_kind("method"):
        parts = words(method.name)
        if len(parts) >= 2 and parts[:2] == ["look", "up"]:
            verb, rest = "lookup", parts[2:]
        else:
            verb, rest = (parts[0], parts[1:]) if parts else ("", [])
        canonical = _SYNONYMS.get(verb)
        if canonical is None or not rest:
            continue
        if verb in _CONDITIONAL_VERBS:
            noun = "".join(w.capitalize() for w in rest)
            if noun not in resources and noun.rstrip("s") not in resources:
                continue
        yield Issue(method.loc, f"RPC {method.name} uses the verb '{verb}' where the lifecycle vocabulary says "
                    f"{canonical}", hint=f"rename it {canonical}{''.join(w.capitalize() for w in rest)}")


# ---------------------------------------------------------------- optimistic concurrency
_VERSION_FIELDS = {"etag", "version", "revision", "resource_version", "expected_version", "generation",
                   "if_match", "expected_etag", "if_generation_match", "if_metageneration_match", "fingerprint",
                   "conflict_token"}


def _has_version_field(ws: ProtoWorkspace, type_name: str, depth: int = 0) -> bool:
    entry = ws.type(type_name)
    if entry is None or entry.kind != "message":
        return False
    for field in entry.proto.field:
        parts = words(field.name)
        if "_".join(parts) in _VERSION_FIELDS or "etag" in parts or field.type_name.endswith("Precondition"):
            return True  # Firestore: Precondition current_document (update_time must match)
        if depth == 0 and field.type == FD.TYPE_MESSAGE and _has_version_field(ws, field.type_name, 1):
            return True
    return False


@implements("update-without-concurrency-control", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service OrderService {\n  rpc UpdateOrder(UpdateOrderRequest) returns (Order);\n"
                        "}\nmessage UpdateOrderRequest { Order order = 1; }\nmessage Order { string name = 1; }\n",
                        good=_HEAD + "service OrderService {\n  rpc UpdateOrder(UpdateOrderRequest) returns (Order);\n"
                        "}\nmessage UpdateOrderRequest { Order order = 1; }\n"
                        "message Order { string name = 1; string etag = 2; }\n")])
def update_etag_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for method in ws.of_kind("method") if ws else ():
        if method.proto.client_streaming or ws.updated_resource(method.proto) is None:
            continue
        if not _has_version_field(ws, method.proto.input_type):
            yield Issue(method.loc, f"RPC {method.name}: neither the request nor the resource carries an etag, so "
                        "concurrent updates overwrite each other", hint="add string etag to the resource")


# ---------------------------------------------------------------- leaky names
_STORAGE_WORDS = {"db", "sql", "orm", "pk", "fk", "mongo", "mongodb", "dynamo", "dynamodb", "postgres", "mysql",
                  "redis", "cassandra", "rowid", "shard", "hibernate", "jpa"}


@implements("storage-term-exposed", format="proto", examples=[Example("proto",
                        bad=_HEAD + "// An order.\nmessage Order {\n  string name = 1;\n  int64 db_row_id = 2;\n}\n",
                        good=_HEAD + "// An order.\nmessage Order {\n  string name = 1;\n  string order_id = 2;\n}\n")])
def leaky_name(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    for decl in ws.decls if ws else ():
        if decl.kind not in ("field", "message"):
            continue
        parts = words(decl.name)
        leaked = set(parts) & _STORAGE_WORDS
        if len(parts) == 1:
            leaked -= {"pk", "fk"}  # a lone `pk` is as often a Platform Key as a primary key
        if "sql" in leaked and "cloud" in parts:
            leaked.discard("sql")  # the Cloud SQL product, not a query language leak
        if leaked or (decl.kind == "field" and decl.name.startswith("_")):
            what = sorted(leaked)[0] if leaked else decl.name
            yield Issue(decl.loc, f"{decl.kind} {decl.name} exposes a storage/infrastructure detail ('{what}')",
                        hint="name the domain concept instead")


# ---------------------------------------------------------------- PII in responses
_PII = {"ssn", "social_security_number", "social_security", "passport_number", "passport_no", "credit_card_number",
        "card_number", "cc_number", "cvv", "cvc", "card_cvv", "tax_id", "national_id", "national_id_number",
        "drivers_license", "drivers_license_number", "driver_license_number", "bank_account_number", "iban",
        "date_of_birth", "dob", "birth_date", "password", "plaintext_password"}
_SAFE_WORDS = {"last4", "last", "masked", "hash", "hashed", "token", "redacted", "hint", "set", "required",
               "exists", "present", "policy", "reset", "expire", "expiry", "length", "type", "format"}


@implements("pii-exposed", format="proto", examples=[Example("proto",
                        bad=_HEAD + "service CustomerService {\n  rpc GetCustomer(GetCustomerRequest) returns "
                        "(Customer);\n}\nmessage GetCustomerRequest { string name = 1; }\n"
                        "message Customer {\n  string name = 1;\n  string credit_card_number = 2;\n}\n",
                        good=_HEAD + "service CustomerService {\n  rpc GetCustomer(GetCustomerRequest) returns "
                        "(Customer);\n}\nmessage GetCustomerRequest { string name = 1; }\n"
                        "message Customer {\n  string name = 1;\n  string card_last4 = 2;\n}\n")])
def pii_field(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    if ws is None:
        return
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        response = op.success.body.schema if op.success and op.success.body else None
        if response is None:
            continue
        for path, schema in response.walk(seen):
            name = path.rsplit(".", 1)[-1].rstrip("[]")
            parts = words(name)
            if not parts or "_".join(parts) not in _PII or set(parts) & _SAFE_WORDS:
                continue
            x_proto = schema.data.get("x-proto", {})
            if "INPUT_ONLY" in x_proto.get("field_behavior", []):
                continue
            yield Issue(schema.loc, f"field {name} is returned by {op.name}: sensitive personal data in a "
                        "response", hint="return a masked or tokenised value, or mark it INPUT_ONLY")


# ---------------------------------------------------------------- error shape
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
                        bad=_HEAD + "// An error.\nmessage OrderError {\n  int32 code = 1;\n  string message = 2;\n}\n",
                        good=_HEAD + 'import "google/rpc/status.proto";\n'
                        "// One result of a batch.\nmessage BatchResult {\n"
                        "  string name = 1;\n  google.rpc.Status status = 2;\n}\n")])
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
