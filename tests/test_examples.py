"""The shipped example specs: the well-designed API is clean, the anti-pattern API shows the rules."""

from __future__ import annotations

import json

from .conftest import ROOT, run_cli

EXAMPLES = ROOT / "examples" / "openapi"

# What examples/openapi/bad.yaml is written to show (each rule at least once, under `strict`).
BAD_SHOWS = {
    "action-field-dispatch", "api-key-in-query", "component-unused", "error-responses-missing", "id-name-misuse",
    "idempotency-key-missing", "input-unbounded", "naming-case-inconsistent", "operation-id-missing",
    "pagination-missing", "patch-replaces-resource", "path-params-mismatch", "polling-endpoint",
    "request-body-on-safe-method", "safe-method-changes-state", "server-not-https", "state-free-string",
    "storage-term-exposed", "timestamp-untyped", "verb-in-path", "version-missing", "version-not-semver",
    "description-missing", "error-code-missing", "error-leaks-internals", "error-message-only",
    "error-shape-inconsistent", "health-check-shallow", "list-bare-array", "long-running-no-job",
    "page-size-unbounded", "pagination-style-inconsistent", "patch-without-merge-semantics", "pii-exposed",
    "rate-limit-undocumented", "update-without-concurrency-control",
    "batch-mixed-results", "error-request-id-missing", "filter-shape-inconsistent", "job-operations-missing",
    "pagination-not-opaque", "schema-description-missing",
}


def findings(path, preset):
    result = run_cli("check", "--no-cache", "--preset", preset, "-f", "json", str(path))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_good_apis_are_clean_even_under_strict():
    assert findings(EXAMPLES / "good.yaml", "strict") == []
    assert findings(ROOT / "examples" / "proto" / "good", "strict") == []


def test_bad_api_shows_the_anti_patterns():
    fired = {f["rule"] for f in findings(EXAMPLES / "bad.yaml", "strict")}
    assert BAD_SHOWS - fired == set()
    assert run_cli("check", "--no-cache", str(EXAMPLES / "bad.yaml")).returncode == 1
