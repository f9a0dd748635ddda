"""Lint a small spec with one rule (strict preset, so every rule can run)."""

from __future__ import annotations

from apilint.engine.config import Config
from apilint.rules._examples import spec

from ..conftest import lint_text

__all__ = ["found", "spec"]


def found(tmp_path, text: str, rule_id: str) -> list[str]:
    """The messages `rule_id` reports on the OpenAPI document `text`."""
    result = lint_text(tmp_path, text, name="openapi.yaml", config=Config(preset="strict"), only_rules=(rule_id,))
    assert result.error is None, result.error
    return [f.message for f in result.findings if f.rule == rule_id]
