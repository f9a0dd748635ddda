"""A big real diff stays readable: Stripe's description with `customer.phone` removed, `customer.balance`
retyped and one operation removed (thousands of changes, `customer` being reachable almost everywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.report.markdown import LIMIT, bounded

from .conftest import shared_dir

STRIPE = shared_dir() / "corpus" / "openapi" / "stripe" / "spec3.json"
REMOVED = "DELETE /v1/customers/{customer}"


def stripe_pair(folder: Path) -> tuple[str, str]:
    """Write Stripe's spec as old.json and the edited copy as new.json (skips when the corpus is absent)."""
    if not STRIPE.is_file():
        pytest.skip(f"{STRIPE} not present")
    spec = json.loads(STRIPE.read_text(encoding="utf-8"))
    old = folder / "old.json"
    old.write_text(json.dumps(spec))
    customer = spec["components"]["schemas"]["customer"]["properties"]
    del customer["phone"]
    customer["balance"]["type"] = "string"
    del spec["paths"]["/v1/customers/{customer}"]["delete"]
    new = folder / "new.json"
    new.write_text(json.dumps(spec))
    return str(old), str(new)


def test_markdown_of_a_big_diff_is_bounded_and_keeps_the_operation_break(cli, tmp_path):
    done = cli("diff", "-f", "markdown", *stripe_pair(tmp_path))
    assert done.returncode == 1
    markdown = done.stdout
    assert len(markdown) <= 60_000
    assert f"- {REMOVED} removed without deprecation (`operation-removed`" in markdown
    assert markdown.index("operation-removed") < markdown.index("customer/phone")  # the operation break on top
    assert markdown.rstrip().endswith("more, see the JSON artifact")


def test_bounded_counts_what_it_leaves_out():
    lines = ["## API changes", "", *(f"- change {n}" for n in range(100)), ""]
    cut = bounded(lines, limit=300, more="… {n} more")
    assert len("\n".join(cut)) <= 300 and cut[-2].startswith("… ")
    left = int(cut[-2].split()[1])
    assert left == 100 - sum(1 for line in cut if line.startswith("- "))
    assert bounded(lines[:5]) == lines[:5] and LIMIT == 60_000
