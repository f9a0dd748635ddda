"""Lint a spec with a Spectral ruleset beside it, in-process: (rule, pointer, message, severity) of each finding."""

from __future__ import annotations

import json
from pathlib import Path

from apilint.engine.config import load_config
from apilint.engine.runner import LintOptions, lint_target

SPEC = """\
openapi: 3.0.3
info: {title: Orders, version: "1", description: Orders API}
paths:
  /orders:
    get:
      operationId: listOrders
      description: List orders
      responses: {"200": {description: ok}}
"""


def write(tmp_path: Path, ruleset: str, spec: str = SPEC, extends: str = "[./.spectral.yaml]",
          name: str = "spec.yaml") -> Path:
    (tmp_path / ".spectral.yaml").write_text(ruleset)
    (tmp_path / "apilint.yaml").write_text(f"extends: {extends}\n")
    spec_path = tmp_path / name
    spec_path.write_text(spec if isinstance(spec, str) else json.dumps(spec))
    return spec_path


def findings(tmp_path: Path, ruleset: str, spec: str = SPEC, extends: str = "[./.spectral.yaml]",
             name: str = "spec.yaml") -> list[tuple[str, str, str, str]]:
    spec_path = write(tmp_path, ruleset, spec, extends, name)
    config = load_config(str(tmp_path / "apilint.yaml"))
    result = lint_target(str(spec_path), LintOptions(config=config, use_cache=False))
    assert result.error is None, result.error
    return [(f.rule, f.pointer, f.message, f.severity) for f in result.findings]
