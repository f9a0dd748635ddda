"""Shared helper for rule behaviour tests: lint one small spec with one rule."""

from __future__ import annotations

from typing import Any

from apilint.engine.config import Config

from ..conftest import lint_text

HEAD = "openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\n"


def findings(tmp_path, text: str, rule_id: str, options: dict[str, Any] | None = None,
             files: dict[str, str] | None = None) -> list:
    """Messages of ``rule_id``'s findings on ``text`` (an OpenAPI YAML root file)."""
    for name, content in (files or {}).items():
        (tmp_path / name).write_text(content)
    rules = {rule_id: {"severity": None, "options": options}} if options else {}
    result = lint_text(tmp_path, text, name="openapi.yaml", config=Config(preset="strict", rules=rules),
                       only_rules=(rule_id,))
    assert result.error is None, result.error
    return [f for f in result.findings if f.rule == rule_id]


def op(path: str, method: str = "get", op_id: str | None = None, extra: str = "") -> str:
    """One path item with one operation (YAML under `paths:`)."""
    oid = f"      operationId: {op_id}\n" if op_id else ""
    return f"  {path}:\n    {method}:\n{oid}{extra}      responses: {{'200': {{description: OK}}}}\n"
