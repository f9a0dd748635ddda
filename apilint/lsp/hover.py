"""Hover: on a finding, its rule's help (rationale, fix, doc link); on a `$ref`, a summary of its target."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from apilint.lsp.diagnostics import SOURCE, from_utf16
from apilint.lsp.refs import Parsed, ref_at, summary
from apilint.lsp.rule_help import RuleHelp

Describe = Callable[[str], RuleHelp | None]


def hover(path: str, text: str, position: types.Position, published: list[types.Diagnostic],
          parsed: Parsed, describe: Describe) -> types.Hover | None:
    """``describe``: a rule id's help (apilint's, a plugin's or a Spectral ruleset's)."""
    sections = [_rule_help(d, describe) for d in published if _on(d, position)]
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


def _rule_help(diagnostic: types.Diagnostic, describe: Describe) -> str | None:
    found = describe(str(diagnostic.code))
    if found is None:
        return None
    hint = diagnostic.data.get("hint") if isinstance(diagnostic.data, dict) else None
    parts = [found.title]
    if found.origin:
        parts.append(f"*From {found.origin}.*")
    if found.why:
        parts.append(f"**Why:** {found.why}")
    if hint or found.fix:
        parts.append(f"**Fix:** {hint or found.fix}")
    if found.url:
        parts.append(f"[Rule documentation]({found.url})")
    return "\n\n".join(parts)
