"""Big real diffs stay readable, each change once where it is defined (issue 17): Stripe's description with
nine edits (five operation-level breaks, four edits of `customer`, a schema reachable almost everywhere) and
Kubernetes' with one optional `PodSpec` property removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.report.markdown import LIMIT, bounded

from .conftest import shared_dir

STRIPE = shared_dir() / "corpus" / "openapi" / "stripe" / "spec3.json"
KUBERNETES = shared_dir() / "corpus" / "openapi" / "kubernetes" / "swagger.json"
CUSTOMER = "#/components/schemas/customer/properties"
OPERATION_BREAKS = [  # (id, message start), in the order text shows them
    ("operation-removed", "DELETE /v1/customers/{customer} removed"),
    ("request-parameter-added-required", "GET /v1/charges: required query parameter `region` added"),
    ("request-parameter-became-required", "GET /v1/customers: query parameter `email` became required"),
    ("request-parameter-max-length-decreased", "GET /v1/customers: query parameter `ending_before`: maxLength"),
    ("request-parameter-enum-value-removed", "GET /v1/files: query parameter `purpose`: enum value removed"),
]
CUSTOMER_EDITS = {  # property -> (id, level)
    "balance": ("response-property-type-changed", "breaking"),
    "phone": ("response-property-removed", "breaking"),
    "tax_exempt": ("response-property-enum-value-added", "warning"),
    "nickname": ("response-property-added", "info"),
}


def _load(path: Path) -> dict:
    if not path.is_file():
        pytest.skip(f"{path} not present (the shared corpus is beside the checkout in CI)")
    return json.loads(path.read_text(encoding="utf-8"))


def _write(folder: Path, old: dict, new: dict) -> tuple[str, str]:
    (folder / "old.json").write_text(json.dumps(old))
    (folder / "new.json").write_text(json.dumps(new))
    return str(folder / "old.json"), str(folder / "new.json")


def stripe_pair(folder: Path) -> tuple[str, str]:
    """Stripe's spec as old.json and a copy with nine edits as new.json (skips when the corpus is absent)."""
    spec = _load(STRIPE)
    old = json.loads(json.dumps(spec))
    paths = spec["paths"]
    del paths["/v1/customers/{customer}"]["delete"]
    listing = {p["name"]: p for p in paths["/v1/customers"]["get"]["parameters"]}
    listing["email"]["required"] = True
    listing["ending_before"]["schema"]["maxLength"] = 100
    purpose = next(p for p in paths["/v1/files"]["get"]["parameters"] if p["name"] == "purpose")
    purpose["schema"]["enum"].remove("selfie")
    paths["/v1/charges"]["get"]["parameters"].append(
        {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}})
    customer = spec["components"]["schemas"]["customer"]["properties"]
    del customer["phone"]
    customer["balance"]["type"] = "string"
    customer["tax_exempt"]["enum"].append("partial")
    customer["nickname"] = {"type": "string", "nullable": True}
    return _write(folder, old, spec)


def _entries(text: str) -> list[str]:
    """The change lines of text output (the counts and notes left out)."""
    return [line for line in text.splitlines() if line.endswith("]") and ": " in line]


def test_stripe_text_lists_each_change_once_with_the_operation_breaks_on_top(cli, tmp_path):
    done = cli("diff", *stripe_pair(tmp_path))
    assert done.returncode == 1, done.stderr
    entries = _entries(done.stdout)
    assert len(entries) <= 20, done.stdout
    assert done.stdout.splitlines()[0] == "7 breaking, 1 warning, 1 info change(s)"
    for line, (change_id, start) in zip(entries, OPERATION_BREAKS, strict=False):
        assert f"breaking: {start}" in line and line.endswith(f"[{change_id}]"), line
    for name, (change_id, level) in CUSTOMER_EDITS.items():
        lines = [e for e in entries if f"{CUSTOMER}/{name}:" in e]
        assert len(lines) == 1, (name, lines)
        assert f": {level}: {CUSTOMER}/{name}:" in lines[0] and lines[0].endswith(f"[{change_id}]"), lines[0]
        assert "(affects 416 operations)" in lines[0]
    assert len(entries) == len(OPERATION_BREAKS) + len(CUSTOMER_EDITS)


def test_stripe_json_lists_every_operation_a_customer_edit_reaches(cli, tmp_path):
    done = cli("diff", "-f", "json", *stripe_pair(tmp_path))
    changes = json.loads(done.stdout)["changes"]
    phone = next(c for c in changes if c.get("element") == f"{CUSTOMER}/phone")
    assert "operation" not in phone and len(phone["operations"]) == len(set(phone["operations"])) == 416
    assert "GET /v1/customers/{customer}" in phone["operations"] and "DELETE /v1/account" in phone["operations"]
    assert phone["location"]["side"] == "old" and phone["location"]["pointer"] == "/components/schemas/customer" \
        "/properties/phone"


def test_stripe_markdown_is_bounded_and_keeps_the_operation_breaks_on_top(cli, tmp_path):
    done = cli("diff", "-f", "markdown", *stripe_pair(tmp_path))
    assert done.returncode == 1
    markdown = done.stdout
    assert len(markdown) <= 60_000
    assert "- DELETE /v1/customers/{customer} removed without deprecation (`operation-removed`" in markdown
    assert markdown.index("operation-removed") < markdown.index(f"{CUSTOMER}/phone")
    assert markdown.count(f"{CUSTOMER}/phone") == 1
    assert f"- {CUSTOMER}/phone: optional property removed" in markdown and "and 411 more" in markdown


def test_kubernetes_optional_pod_spec_property_removed_is_one_entry(cli, tmp_path):
    spec = _load(KUBERNETES)
    old = json.loads(json.dumps(spec))
    del spec["definitions"]["io.k8s.api.core.v1.PodSpec"]["properties"]["hostname"]
    done = cli("diff", *_write(tmp_path, old, spec))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == "1 breaking, 0 warning, 0 info change(s)"
    entries = _entries(done.stdout)
    assert len(entries) == 1, done.stdout
    # used in requests (a warning there) and responses (a break): the worst of the places it reaches
    assert ": breaking: #/definitions/io.k8s.api.core.v1.PodSpec/properties/hostname: optional property removed" \
        in entries[0] and entries[0].endswith("operations) [response-property-removed]")


def test_bounded_counts_what_it_leaves_out():
    lines = ["## API changes", "", *(f"- change {n}" for n in range(100)), ""]
    cut = bounded(lines, limit=300, more="… {n} more")
    assert len("\n".join(cut)) <= 300 and cut[-2].startswith("… ")
    left = int(cut[-2].split()[1])
    assert left == 100 - sum(1 for line in cut if line.startswith("- "))
    assert bounded(lines[:5]) == lines[:5] and LIMIT == 60_000
