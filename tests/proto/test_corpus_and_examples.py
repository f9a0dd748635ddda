"""The real proto corpus, the shipped examples and the rule listing, through the real CLI."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from apilint.engine.rule import all_rules
from tests.conftest import CORPUS, ROOT, run_cli

_CORPUS = CORPUS / "proto"
PROTO_RULES = sorted(rule_id for rule_id, rule_ in all_rules().items() if "proto" in rule_.formats)


@pytest.mark.slow
def test_corpus_lints_without_bad_input_or_crash():
    corpus = _CORPUS
    if not corpus.is_dir():
        pytest.skip("shared corpus not present")
    result = run_cli("check", "--no-cache", "--preset", "strict", "-f", "json", str(corpus))
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["line"] >= 1 and f["column"] >= 1 for f in findings)
    # imports bundled with apilint are never linted; every finding is inside the corpus
    assert all("corpus/proto/" in f["file"] for f in findings)
    assert all(f["pointer"].startswith("/") and "." in f["pointer"] for f in findings)


def test_good_example_has_no_findings_with_the_default_preset():
    result = run_cli("check", "--no-cache", "--fail-on", "hint", str(ROOT / "examples" / "proto" / "good"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_example_shows_every_proto_rule():
    result = run_cli("check", "--no-cache", "--preset", "strict", "-f", "json",
                     str(ROOT / "examples" / "proto" / "bad"))
    assert result.returncode == 1, result.stderr
    fired = Counter(f["rule"] for f in json.loads(result.stdout)["findings"])
    assert [rule_id for rule_id in PROTO_RULES if rule_id not in fired] == []


def test_rules_listing_includes_proto_rules_with_metadata():
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    rules = listed if isinstance(listed, list) else listed["rules"]
    proto = {r["id"]: r for r in rules if "proto" in r["formats"]}
    assert len([r for r in proto if r.startswith("proto-")]) >= 10  # proto-only ideas
    assert len(proto) >= 25  # with the cross-format rules that have a proto implementation
    assert {"pagination-missing", "idempotency-key-missing", "version-missing"} <= set(proto)
    for rule_id, data in proto.items():
        assert data["sections"] and data["rationale"] and data["fix"], rule_id
        assert any(e["format"] == "proto" for e in data["examples"]), rule_id
