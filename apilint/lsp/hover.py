"""Hover: on a finding, its rule's rationale, fix and doc link; on a `$ref`, a summary of its target."""

from __future__ import annotations

from lsprotocol import types

from apilint.engine.rule import all_rules
from apilint.lsp.diagnostics import SOURCE, doc_url, from_utf16
from apilint.lsp.refs import Parsed, ref_at, summary


def hover(path: str, text: str, position: types.Position, published: list[types.Diagnostic],
          parsed: Parsed) -> types.Hover | None:
    sections = [_rule_help(d) for d in published if _on(d, position)]
    sections = [s for s in sections if s]
    lines = text.splitlines()
    if not sections and position.line < len(lines):
        line = lines[position.line]
        ref = ref_at(line, from_utf16(line, position.character))
        target = parsed.resolve(ref, path) if ref else None
        if target is not None:
            sections.append(summary(target))
    if not sections:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(sections)))


def _on(diagnostic: types.Diagnostic, position: types.Position) -> bool:
    return diagnostic.source == SOURCE and diagnostic.range.start.line == position.line


def _rule_help(diagnostic: types.Diagnostic) -> str | None:
    rule = all_rules().get(str(diagnostic.code))
    if rule is None:
        return None
    hint = diagnostic.data.get("hint") if isinstance(diagnostic.data, dict) else None
    parts = [f"**{rule.id}**: {rule.title}", f"**Why:** {rule.rationale}", f"**Fix:** {hint or rule.fix}",
             f"[Rule documentation]({doc_url(rule.id)})"]
    return "\n\n".join(parts)
