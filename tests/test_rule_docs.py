"""docs/rules/ is generated from the rules' metadata and must not drift from it."""

from __future__ import annotations

from apilint.engine.rule_docs import generated_docs

from .conftest import ROOT


def test_committed_rule_docs_are_up_to_date():
    folder = ROOT / "docs" / "rules"
    stale = [name for name, text in generated_docs().items()
             if not (folder / name).exists() or (folder / name).read_text() != text]
    assert stale == [], f"regenerate with `python -m apilint.engine.rule_docs`: {stale[:5]}"
