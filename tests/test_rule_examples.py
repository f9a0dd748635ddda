"""Every rule's documented bad example triggers it, and its good example does not."""

from __future__ import annotations

import pytest

from apilint.engine.config import Config
from apilint.engine.rule import all_rules

from .conftest import lint_text

_CASES = [(rule_id, index, example) for rule_id, rule_ in all_rules().items()
          for index, example in enumerate(rule_.examples)]


def test_every_rule_has_examples_and_cites_a_section():
    for rule_id, rule_ in all_rules().items():
        assert rule_.examples, f"{rule_id} has no bad/good example"
        assert rule_.sections, f"{rule_id} cites no anti-pattern section"
        assert all(s.count(".") == 1 and s.split(".")[0] in "1234567" for s in rule_.sections), rule_id
        for example in rule_.examples:
            assert example.format in rule_.formats, f"{rule_id}: {example.format} example for a rule not on it"


def _lint_example(tmp_path, rule_id: str, format_: str, text: str):
    name = "api.proto" if format_ == "proto" else "openapi.yaml"
    config = Config(preset="strict")
    result = lint_text(tmp_path, text, name=name, config=config, only_rules=(rule_id,))
    assert result.error is None, result.error
    return [f for f in result.findings if f.rule == rule_id]


@pytest.mark.parametrize(("rule_id", "index", "example"), _CASES, ids=[f"{c[0]}-{c[1]}-{c[2].format}" for c in _CASES])
def test_bad_example_triggers_rule(tmp_path, rule_id, index, example):
    assert _lint_example(tmp_path, rule_id, example.format, example.bad), f"{rule_id}: bad example not flagged"


@pytest.mark.parametrize(("rule_id", "index", "example"), _CASES, ids=[f"{c[0]}-{c[1]}-{c[2].format}" for c in _CASES])
def test_good_example_passes_rule(tmp_path, rule_id, index, example):
    found = _lint_example(tmp_path, rule_id, example.format, example.good)
    assert not found, f"{rule_id}: good example flagged: {[f.message for f in found]}"
