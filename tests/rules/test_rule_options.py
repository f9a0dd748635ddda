"""Every option a rule documents changes its result on every format the rule claims for it (all its formats
unless the docs say "openapi only"), and a list option's ``extra_<name>`` extends it there too (table-driven
over the registry)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apilint.engine.config import Config
from apilint.engine.rule import all_rules
from apilint.rules._examples import ORDER_MESSAGE, proto, spec

from ..conftest import lint_text


def _ops(*operation_ids: str) -> str:
    """OpenAPI paths with one GET per operationId."""
    return spec("".join(f"/v1/{i}:\n  get:\n    operationId: {op}\n    responses: {{'200': {{description: OK}}}}\n"
                        for i, op in enumerate(operation_ids)))


def _rpcs(*names: str) -> str:
    """A proto service with one RPC per name, each returning the Order resource."""
    rpcs = "".join(f"  rpc {n}({n}Request) returns (Order);\n" for n in names)
    messages = "".join(f"message {n}Request {{ string name = 1; }}\n" for n in names)
    return proto(f"service OrderService {{\n{rpcs}}}\n{messages}message Order {{ string name = 1; }}\n")


# (rule, option, format) -> (spec, override) where the rule's own examples do not show the option at work
SPECS: dict[tuple[str, str, str], tuple[str, Any]] = {
    ("action-field-dispatch", "generic_verbs", "openapi"): (spec("""
        /v1/orders/{order_id}:process:
          post:
            operationId: processOrder
            parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
            requestBody:
              content:
                application/json:
                  schema:
                    type: object
                    properties: {action: {type: string}, note: {type: string}, amount: {type: number}}
            responses: {'200': {description: OK}}"""), []),
    ("action-field-dispatch", "generic_verbs", "proto"): (proto("""
        service OrderService {
          rpc ProcessOrder(ProcessOrderRequest) returns (Order);
        }
        message ProcessOrderRequest { string name = 1; string action = 2; string note = 3; double amount = 4; }
        message Order { string name = 1; }
        """), []),
    ("error-request-id-missing", "headers", "openapi"): (spec("""
        /v1/orders:
          get:
            operationId: listOrders
            responses:
              '200': {description: OK}
              '404':
                description: Not found
                headers: {traceparent: {schema: {type: string}}}
                content:
                  application/json:
                    schema: {type: object, properties: {code: {type: string}, message: {type: string}}}"""), []),
    ("lifecycle-verb-inconsistent", "get", "openapi"): (_ops("getOrder", "getCustomer", "fetchInvoice"), []),
    ("lifecycle-verb-inconsistent", "list", "openapi"): (_ops("listOrders", "listCustomers", "enumerateInvoices"),
                                                         []),
    ("lifecycle-verb-inconsistent", "update", "openapi"): (_ops("updateOrder", "updateCustomer", "modifyOrder"),
                                                           []),
    ("lifecycle-verb-inconsistent", "delete", "openapi"): (_ops("deleteOrder", "deleteCustomer", "destroyInvoice"),
                                                           []),
    ("lifecycle-verb-inconsistent", "same_object_only", "openapi"): (
        _ops("createOrder", "createCustomer", "addInvoice"), []),
    ("lifecycle-verb-inconsistent", "create", "proto"): (_rpcs("MakeOrder"), []),
    ("lifecycle-verb-inconsistent", "list", "proto"): (_rpcs("EnumerateOrders"), []),
    ("lifecycle-verb-inconsistent", "update", "proto"): (_rpcs("GetOrder", "ModifyOrder"), []),
    ("lifecycle-verb-inconsistent", "delete", "proto"): (_rpcs("EraseOrder"), []),
    ("lifecycle-verb-inconsistent", "same_object_only", "proto"): (_rpcs("GetOrder", "AddLabel"), []),
    ("pagination-not-opaque", "marker_inputs", "proto"): (proto("""
        service InvoiceService {
          rpc ListInvoices(ListInvoicesRequest) returns (ListInvoicesResponse);
        }
        message ListInvoicesRequest {
          int32 page_size = 1;
          string starting_after = 2;
        }
        message ListInvoicesResponse { repeated Invoice invoices = 1; }
        message Invoice { string name = 1; }
        """), []),
    ("polling-endpoint", "feed_words", "proto"): (proto("""
        service OrderService {
          rpc GetOrderEvents(GetOrderEventsRequest) returns (GetOrderEventsResponse);
        }
        message GetOrderEventsRequest { string since = 1; }
        message GetOrderEventsResponse { repeated string events = 1; }
        """), []),
    ("timestamp-untyped", "duration_words", "openapi"): (spec("""
        /v1/jobs:
          get:
            operationId: listJobs
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema:
                      type: object
                      properties: {run_time: {type: string, description: An RFC 3339 timestamp}}"""), []),
    ("timestamp-untyped", "duration_words", "proto"): (proto("""
        // A job.
        message Job {
          string name = 1;
          int64 execution_time = 2;
        }
        """), []),
}

_CASES = [(rule_id, name, format_) for rule_id, rule_ in all_rules().items()
          for name in rule_.options for format_ in rule_.option_format_names(name)]


def _lint(tmp_path, rule_id: str, format_: str, text: str, options: dict[str, Any] | None = None) -> list[str]:
    name = "api.proto" if format_ == "proto" else "openapi.yaml"
    rules = {rule_id: {"severity": None, "options": options}} if options else {}
    result = lint_text(tmp_path / str(abs(hash((text, repr(options))))), text, name=name,
                       config=Config(preset="strict", rules=rules), only_rules=(rule_id,))
    assert result.error is None, result.error
    return sorted(f"{f.pointer}: {f.message}" for f in result.findings if f.rule == rule_id)


def _overrides(default: Any, text: str) -> list[Any]:
    """Values that should change what a rule with this option default reports on ``text``: a list emptied,
    or grown by the names in the text (an exemption list then exempts them)."""
    if isinstance(default, list):
        names = sorted({n.lower() for n in re.findall(r"[A-Za-z][A-Za-z0-9_-]*", text)} - set(default))
        return [[], default + names]
    if isinstance(default, dict):
        return [{}]
    if isinstance(default, bool):
        return [not default]
    if isinstance(default, (int, float)):
        return [type(default)(0), type(default)(10 ** 6), type(default)(1)]
    raise AssertionError(f"no override for {default!r}")


@pytest.mark.parametrize(("rule_id", "option", "format_"), _CASES, ids=["/".join(c) for c in _CASES])
def test_option_changes_result(tmp_path, rule_id, option, format_):
    rule_ = all_rules()[rule_id]
    if (rule_id, option, format_) in SPECS:
        text, value = SPECS[rule_id, option, format_]
        trials = [(text, value)]
    else:
        texts = [t for e in rule_.examples if e.format == format_ for t in (e.bad, e.good)]
        trials = [(text, value) for text in texts for value in _overrides(rule_.options[option], text)]
    for text, value in trials:
        default = _lint(tmp_path, rule_id, format_, text)
        changed = _lint(tmp_path, rule_id, format_, text, {option: value})
        if changed != default:
            if isinstance(value, list):  # the same list given as extra_<name> to an empty <name>
                extended = _lint(tmp_path, rule_id, format_, text,
                                 {option: [], f"extra_{option}": value or rule_.options[option]})
                assert extended == (changed if value else default), f"{rule_id} on {format_} ignores extra_{option}"
            return
    pytest.fail(f"option {option} of {rule_id} changes nothing on {format_}")


def test_a_users_value_overrides_a_formats_own_default(tmp_path):
    # state-free-string checks only status/state strings in proto by default; a user's list applies there too
    text = proto(ORDER_MESSAGE.format(field="string kind = 2;"))
    assert _lint(tmp_path, "state-free-string", "proto", text) == []
    assert _lint(tmp_path, "state-free-string", "proto", text, {"extra_suffixes": ["kind"]}) != []
    assert _lint(tmp_path, "state-free-string", "proto", text, {"suffixes": ["kind"]}) != []
