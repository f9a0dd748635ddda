"""A fuzz run's outcome as replay-style result dicts, so replay's report, writers and shard merging apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apilint.fuzz.checks import SECTIONS

if TYPE_CHECKING:
    from apilint.fuzz.runner import FuzzRun


def fuzz_results(outcome: FuzzRun, sections: dict[str, str] = SECTIONS) -> list[dict[str, Any]]:
    """One result per (operation, check) that ran, then one per transport error."""
    results = []
    for operation, names in sorted(outcome.checked.items()):
        method, _, path = operation.partition(" ")
        for name in sorted(names):
            failure = outcome.failures.get((operation, name))
            result = {"id": f"{operation}::{name}", "name": name, "source": sections.get(name, "schemathesis"),
                      "method": method, "path": path, "outcome": failure.severity if failure else "pass",
                      "differences": [], "noise": 0}
            if failure:
                result["differences"] = [{"severity": failure.severity, "kind": name, "where": operation,
                                          "message": failure.message, "expected": failure.expected,
                                          "actual": failure.actual}]
                result["curl"] = failure.curl
                if failure.example is not None:
                    result["example"] = failure.example
            results.append(result)
    for error in outcome.errors:
        results.append({"id": f"error::{error}", "name": "transport", "source": "", "method": "", "path": "",
                        "outcome": "breaking", "noise": 0, "differences": [
                            {"severity": "breaking", "kind": "transport_error", "where": "request",
                             "message": error, "expected": None, "actual": None}]})
    return results
