"""A rule is found by its id: rule `foo-bar` citing section 3.x lives in `apilint/rules/s3_<topic>/foo_bar.py`,
both formats' halves in that one file, and its behaviour tests in `tests/rules/test_foo_bar.py`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apilint.engine.rule import all_rules

RULES = Path(__file__).resolve().parents[2] / "apilint" / "rules"
TESTS = Path(__file__).resolve().parent


def expected_module(rule_id: str) -> Path:
    """Where a rule lives: the folder of its first reference section, a module named after its id."""
    major = all_rules()[rule_id].sections[0].split(".")[0]
    folders = list(RULES.glob(f"s{major}_*"))
    assert len(folders) == 1, f"one folder per reference section, found {folders}"
    return folders[0] / f"{rule_id.replace('-', '_')}.py"


def _defined_ids(path: Path) -> list[str]:
    """Rule ids a module registers: `@rule(id=...)` and `@implements("...")` (a second format's half)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "rule":
            found += [k.value.value for k in node.keywords if k.arg == "id"]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "implements":
            found.append(node.args[0].value)
    return found


_MODULES = {path: _defined_ids(path) for path in RULES.rglob("*.py")}


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_rule_lives_in_the_module_named_after_its_id(rule_id):
    homes = sorted(str(path.relative_to(RULES)) for path, ids in _MODULES.items() if rule_id in ids)
    assert homes == [str(expected_module(rule_id).relative_to(RULES))], f"{rule_id} is defined in {homes}"


def test_a_rule_module_defines_one_rule_and_helpers_are_private():
    for path, ids in _MODULES.items():
        if path.name.startswith("_"):
            assert ids == [], f"{path.name}: private helper modules register no rules"
        else:
            assert len(set(ids)) == 1, f"{path.relative_to(RULES)} defines {ids}"


def test_behaviour_tests_are_named_after_their_rule():
    cross_cutting = {"test_rule_layout.py", "test_rule_options.py", "test_error_body_rules.py",
                     "test_preset_categories.py"}
    for path in TESTS.glob("test_*.py"):
        rule_id = path.stem[len("test_"):].replace("_", "-")
        assert path.name in cross_cutting or rule_id in all_rules(), f"{path.name} names no rule"


def test_the_registry_refuses_a_second_format_half_outside_the_rules_module(monkeypatch):
    from apilint.engine import rule as registry

    base = all_rules()["pii-exposed"]

    def elsewhere(api, ctx):
        return iter(())

    elsewhere.__module__ = "apilint.rules.s2_contract.somewhere_else"
    monkeypatch.setattr(registry, "_REGISTRY", {"pii-exposed": base})
    monkeypatch.setattr(registry, "_IMPLEMENTATIONS", [("pii-exposed", "proto", elsewhere, ())])
    with pytest.raises(ValueError, match="proto half of pii-exposed"):
        registry._with_implementations()
