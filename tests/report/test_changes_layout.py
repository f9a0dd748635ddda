"""How text and markdown lay out diff changes: operation-level first within a level, and a change at a shared
definition (a grouped entry carrying the operations it reaches) shown once with its count."""

from __future__ import annotations

from apilint.diff.change import Change
from apilint.diff.report import diff_report, operation_level
from apilint.diff.result import DiffResult
from apilint.report import render


def _result() -> DiffResult:
    shared = Change("response-property-removed", "breaking", "schema `customer`: property `phone` removed",
                    element="#/components/schemas/customer")
    shared.extra["affected_operations"] = ["GET /v1/customers/{customer}", "POST /v1/customers"]
    removed = Change("operation-removed", "breaking", "DELETE /v1/customers/{customer} removed",
                     operation="DELETE /v1/customers/{customer}")
    added = Change("response-property-added", "info", "GET /a: property `x` added", operation="GET /a")
    return DiffResult("openapi", [added, shared, removed])


def test_operation_level_kinds():
    assert operation_level("operation-removed") and operation_level("request-parameter-became-required")
    assert operation_level("request-parameter-max-length-decreased") and operation_level("RPC_NO_DELETE")
    assert not operation_level("response-property-removed") and not operation_level("request-body-type-changed")
    assert not operation_level("FIELD_NO_DELETE")


def test_text_puts_operation_breaks_on_top_and_counts_affected_operations():
    lines = render(diff_report(_result()), "text").splitlines()
    assert lines[0] == "2 breaking, 0 warning, 1 info change(s)"
    assert lines[1] == "breaking: DELETE /v1/customers/{customer} removed [operation-removed]"
    assert lines[2] == ("breaking: schema `customer`: property `phone` removed (affects 2 operations) "
                        "[response-property-removed]")
    assert lines[3].startswith("info: ") and len(lines) == 4


def test_markdown_counts_affected_operations():
    markdown = render(diff_report(_result()), "markdown")
    assert "- schema `customer`: property `phone` removed (affects 2 operations) (`response-property-removed`" in markdown
    assert markdown.index("operation-removed") < markdown.index("response-property-removed")
