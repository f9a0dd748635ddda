"""Findings of Spectral rules go through the same engine as the built-in rules: positions, inline
suppressions, config ignores, baseline, the result cache (keyed by the ruleset's content) and every format."""

from __future__ import annotations

import json

import pytest

from ..conftest import run_cli
from .helpers import write

RULESET = "rules:\n  op-summary:\n    severity: error\n    given: \"$.paths[*][get]\"\n" \
          "    then: {field: summary, function: truthy}\n"
SPEC = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
  /legacy:
    get:
      x-apilint-ignore: [op-summary]
      responses: {"200": {description: ok}}
  /quiet:
    get: # apilint-ignore op-summary
      responses: {"200": {description: ok}}
"""


def check(tmp_path, *args: str):
    return run_cli("check", "-c", str(tmp_path / "apilint.yaml"), *args, str(tmp_path / "spec.yaml"), cwd=tmp_path)


def test_position_and_inline_suppressions(tmp_path):
    write(tmp_path, RULESET, SPEC)
    done = check(tmp_path, "--no-cache", "-f", "json")
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["pointer"]) for f in findings] == [
        ("op-summary", 5, 5, "/paths/~1orders/get")]


def test_config_ignore_by_api_path(tmp_path):
    write(tmp_path, RULESET, SPEC)
    (tmp_path / "apilint.yaml").write_text("extends: [./.spectral.yaml]\nignore:\n  - paths: /orders\n"
                                           "    rules: [op-summary]\n")
    done = check(tmp_path, "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_baseline_keeps_only_new_findings(tmp_path):
    write(tmp_path, RULESET, SPEC)
    assert check(tmp_path, "--no-cache", "--write-baseline", "baseline.json").returncode == 0
    assert check(tmp_path, "--no-cache", "--baseline", "baseline.json").returncode == 0
    (tmp_path / "spec.yaml").write_text(SPEC + "  /new:\n    get:\n      responses: {\"200\": {description: ok}}\n")
    done = check(tmp_path, "--no-cache", "--baseline", "baseline.json", "-f", "json")
    assert [f["pointer"] for f in json.loads(done.stdout)["findings"]] == ["/paths/~1new/get"]


def test_cache_is_keyed_by_the_rulesets_content(tmp_path):
    write(tmp_path, RULESET, SPEC)
    first = check(tmp_path, "-f", "json")
    assert check(tmp_path, "-f", "json").stdout == first.stdout  # a cache hit gives the same result
    (tmp_path / ".spectral.yaml").write_text(RULESET.replace("severity: error", "severity: info"))
    findings = json.loads(check(tmp_path, "-f", "json").stdout)["findings"]
    assert [f["severity"] for f in findings] == ["info"]


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "text"])
def test_every_output_format_names_the_custom_rule(tmp_path, fmt):
    write(tmp_path, RULESET, SPEC)
    done = check(tmp_path, "--no-cache", "-f", fmt)
    assert done.returncode == 1, done.stderr
    assert "op-summary" in done.stdout


def test_spectral_rules_alone_build_no_model_yet_positions_suppressions_and_ignores_hold(tmp_path, monkeypatch):
    from apilint.engine.config import load_config
    from apilint.engine.runner import LintOptions, lint_target
    from apilint.model import openapi

    built = []
    monkeypatch.setattr(openapi, "build_openapi", lambda workspace: built.append(workspace) or 1 / 0)
    write(tmp_path, RULESET, SPEC)
    (tmp_path / "apilint.yaml").write_text("extends: [./.spectral.yaml]\nignore:\n  - paths: /orders\n"
                                           "    rules: [op-summary]\n")
    (tmp_path / "spec.yaml").write_text(SPEC + "  /more:\n    get:\n      responses: {\"200\": {description: ok}}\n")
    options = LintOptions(config=load_config(str(tmp_path / "apilint.yaml")), use_cache=False)
    result = lint_target(str(tmp_path / "spec.yaml"), options)
    assert result.error is None and built == []
    assert [(f.rule, f.line, f.pointer) for f in result.findings] == [("op-summary", 15, "/paths/~1more/get")]
    (tmp_path / "apilint.yaml").write_text("extends: [recommended, ./.spectral.yaml]\n")  # a built-in rule: a model
    options = LintOptions(config=load_config(str(tmp_path / "apilint.yaml")), use_cache=False)
    assert "ZeroDivisionError" in lint_target(str(tmp_path / "spec.yaml"), options).error and len(built) == 1


def test_spectral_rules_alone_still_refuse_a_file_that_is_not_openapi(tmp_path):
    write(tmp_path, RULESET, "title: not an API\n")
    done = check(tmp_path, "--no-cache")
    assert done.returncode == 2 and "no 'openapi' or 'swagger' field" in done.stderr
