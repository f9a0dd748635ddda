"""Re-linting in the language server re-parses only the files whose text changed, with the same findings."""

from __future__ import annotations

from apilint.engine.runner import LintOptions, lint_target
from apilint.load import source
from apilint.load.source import reusing_parses
from tests.lsp.test_lsp_server import SCHEMAS, SPEC


def test_unchanged_files_are_parsed_twice_then_reused_with_the_same_findings(tmp_path, monkeypatch):
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "schemas.yaml").write_text(SCHEMAS)
    monkeypatch.chdir(tmp_path)
    options = LintOptions(use_cache=False)
    plain = lint_target("spec.yaml", options)
    parsed: list[str] = []
    real = source._parse
    monkeypatch.setattr(source, "_parse", lambda path, shown, text: parsed.append(shown) or real(path, shown, text))
    store: dict = {}
    results = []
    for _ in range(3):
        with reusing_parses(store):
            results.append(lint_target("spec.yaml", options))
    assert sorted(parsed) == ["schemas.yaml", "schemas.yaml", "spec.yaml", "spec.yaml"]  # the third run parsed none
    assert all(r.findings == plain.findings and not r.error for r in results) and plain.findings
    (tmp_path / "schemas.yaml").write_text(SCHEMAS.replace("password", "nickname"))
    with reusing_parses(store):
        changed = lint_target("spec.yaml", options)
    assert parsed[-1] == "schemas.yaml" and len(parsed) == 5
    assert "pii-exposed" not in {f.rule for f in changed.findings}
