"""The card's six categories are caught by the default preset (docs/presets.md).

tests/rules/planted/ holds one OpenAPI and one proto spec with one planted defect per category; each
category must have a rule in `recommended` that finds its defect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.engine.config import Config
from apilint.engine.rule import all_rules
from apilint.engine.runner import LintOptions, lint_target

PLANTED = Path(__file__).parent / "planted"

CATEGORIES = {
    "naming": {"naming-case-inconsistent", "timestamp-untyped", "id-name-misuse", "state-free-string",
               "proto-field-name-case", "proto-type-name-case", "proto-enum-value-prefix",
               "proto-enum-zero-unspecified", "proto-rpc-message-names"},
    "pagination": {"pagination-missing", "pagination-not-opaque", "page-size-unbounded", "page-token-readable",
                   "pagination-style-inconsistent", "list-bare-array"},
    "idempotency": {"idempotency-key-missing"},
    "verbs": {"verb-in-path", "safe-method-changes-state", "request-body-on-safe-method", "post-for-read",
              "patch-replaces-resource", "patch-without-merge-semantics", "lifecycle-verb-inconsistent",
              "proto-delete-response"},
    "versioning": {"version-missing", "version-mixed", "version-not-semver"},
    "error shape": {"error-code-missing", "error-message-only", "error-shape-inconsistent", "error-schema-missing",
                    "error-request-id-missing", "error-responses-missing", "proto-error-details"},
}

# category -> what the planted defect's finding names, per spec
PLANTED_DEFECTS = {
    "openapi.yaml": {"naming": "'placed_at' is an epoch number", "pagination": "paginates by 'page'",
                     "idempotency": "POST /v1/orders", "verbs": "/v1/orders/{order_id}/cancel",
                     "versioning": "/orders-legacy/{order_id}", "error shape": "GET /v1/orders/{order_id} (404)"},
    "shop.proto": {"naming": "create_time holds a time as an integer", "pagination": "ListOrders",
                   "idempotency": "CreateOrder", "verbs": "FetchCustomer", "versioning": "package shop ",
                   "error shape": "OrderError"},
}


@pytest.fixture(scope="module")
def default_findings() -> dict[str, list]:
    found = {}
    for name in PLANTED_DEFECTS:
        result = lint_target(str(PLANTED / name), LintOptions(config=Config(), use_cache=False))
        assert result.error is None, result.error
        found[name] = result.findings
    return found


@pytest.mark.parametrize("spec", sorted(PLANTED_DEFECTS))
@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_each_category_is_caught_by_the_default_preset(default_findings, spec, category):
    marker = PLANTED_DEFECTS[spec][category]
    hits = [f.rule for f in default_findings[spec] if f.rule in CATEGORIES[category] and marker in f.message]
    assert hits, f"no recommended {category} rule finds '{marker}' in {spec}"
    assert all("recommended" in all_rules()[rule_id].preset_names for rule_id in hits)


def test_categories_name_real_rules():
    assert set().union(*CATEGORIES.values()) <= set(all_rules())
