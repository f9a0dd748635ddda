"""The configuration's shape is checked once at load (config.schema.json plus each rule's option
types): every wrong type is one line with file, position and key, exit 2, never a traceback or an
"internal error in rule"."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, run_cli
from .test_check_hardening import one_line_error
from .test_engine import write

YAML_CASES = [
    ("rules: [a, b]", "apilint.yaml:1:", "rules: expected a mapping of rule ids to settings, got a list"),
    ("rules: verb-in-path", "apilint.yaml:1:", "got 'verb-in-path'"),
    ("ignore:\n  - files: 5", "apilint.yaml:2:", "ignore[0].files: expected a glob pattern (a string), got 5"),
    ("ignore: 5", "apilint.yaml:1:", "ignore: expected a list"),
    ("ignore:\n  - rules: [verb-in-path]", "apilint.yaml:2:", "ignore[0]: expected a mapping with files and/or paths"),
    ("ignore:\n  - paths: /x\n    rule: [verb-in-path]", "apilint.yaml:3:", "ignore[0]: unknown key 'rule'"),
    ("ignore:\n  - paths: /x\n    rules: [verb-in-pat]", "apilint.yaml:3:", "did you mean verb-in-path?"),
    ("rules:\n  verb-in-path:\n    options: {verbs: 5}", "apilint.yaml:3:",
     "rules.verb-in-path.options.verbs: expected a list of strings, got 5"),
    ("rules:\n  verb-in-path:\n    options: {extra_verbs: frobnicate}", "apilint.yaml:3:",
     "rules.verb-in-path.options.extra_verbs: expected a list of strings, got 'frobnicate'"),
    ("rules:\n  verb-in-path:\n    options: {verbz: [a]}", "apilint.yaml:3:",
     "rules.verb-in-path.options: unknown key 'verbz'"),
    ("rules:\n  naming-case-inconsistent:\n    options: {min_share: high}", "apilint.yaml:3:",
     "options.min_share: expected a number, got 'high'"),
    ("rules:\n  verb-in-path: {severity: loud}", "apilint.yaml:2:", "got 'loud'"),
    ("rules:\n  verb-in-path: {level: error}", "apilint.yaml:2:", "unknown key 'level'"),
    ("rules:\n  verb-in-pth: off", "apilint.yaml:2:", "unknown rule id 'verb-in-pth' (did you mean verb-in-path?)"),
    ("extends: {strict: 1}", "apilint.yaml:1:", "extends: expected one of minimal, recommended, strict, got a mapping"),
    ("fail-on: {x: 1}", "apilint.yaml:1:", "fail-on: expected one of hint, info, warning, error, got a mapping"),
    ("rules: &a\n  verb-in-path: *a", "apilint.yaml:2:", "recursive alias"),  # the YAML reader refuses it
    ("- 1\n- 2", "apilint.yaml:1:1", "config: expected a mapping"),
    ("extends: strict\nrule: {}", "apilint.yaml:2:", "unknown key 'rule'"),
]


@pytest.mark.parametrize(("config", "where", "message"), YAML_CASES)
def test_wrong_shapes_in_apilint_yaml(tmp_path, config, where, message):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text(config + "\n")
    result = run_cli("check", "--no-cache", "spec.yaml", cwd=tmp_path)
    one_line_error(result, where, message)
    assert "[" + "'" not in result.stderr  # no Python repr of a list


TOML_CASES = [
    (b'[tool.apilint]\nrules = 5\n', "pyproject.toml:2:1", "rules: expected a mapping"),
    (b'[tool.apilint]\nrules = ["a"]\n', "pyproject.toml:2:1", "got a list"),
    (b'[tool]\napilint = 5\n', "pyproject.toml:", "[tool.apilint] must be a table"),
    (b'tool = 5\n[project]\nname = "x"\n', None, None),  # not ours: no config, and no crash
    (b'[tool.apilint]\nextends = "caf\xe9"\n', "pyproject.toml", "not UTF-8"),
    (b'[tool.apilint.rules.verb-in-path]\noptions = {verbs = 3}\n', "pyproject.toml:2:",
     "rules.verb-in-path.options.verbs: expected a list of strings, got 3"),
    (b'[tool.apilint]\nignore = [{files = 5}]\n', "pyproject.toml:2:", "ignore[0].files: expected a glob pattern"),
]


@pytest.mark.parametrize(("content", "where", "message"), TOML_CASES)
def test_wrong_shapes_in_pyproject(tmp_path, content, where, message):
    write(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(content)
    result = run_cli("check", "--no-cache", "spec.yaml", cwd=tmp_path)
    if where is None:
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    else:
        one_line_error(result, where, message)


def test_valid_configs_still_load(tmp_path):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text(
        "extends: strict\nfail-on: warning\nrules:\n  pagination-missing: off\n  verb-in-path:\n"
        "    severity: info\n    options: {extra_verbs: [frobnicate]}\n  naming-case-inconsistent: {options: {min_share: 0.7}}\n"
        "ignore:\n  - files: 'legacy/**'\n  - paths: /internal/*\n    rules: verb-in-path\n")
    result = run_cli("check", "--no-cache", "-f", "json", "spec.yaml", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    found = {(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert ("verb-in-path", "info") in found and not any(r == "pagination-missing" for r, _ in found)


def test_shipped_schema_is_a_valid_json_schema_and_matches_the_example_config():
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "apilint/engine/config.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    readme = (ROOT / "README.md").read_text()
    example = readme.split("### Configuration", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(example))
