"""Findings and parse errors as LSP diagnostics: a finding's position (as `apilint check -f json` gives
it) to the end of its line; the rule id as code, its doc page as code description."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from apilint.engine.findings import Finding
from apilint.lsp.linting import ParseError

SOURCE = "apilint"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information, "hint": types.DiagnosticSeverity.Hint}


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, LSP's default position encoding (apilint counts characters)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def from_utf16(text: str, units: int) -> int:
    """The character index in ``text`` of a position given in UTF-16 code units."""
    if text.isascii():
        return units
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _range(lines: Sequence[str], line: int, column: int) -> types.Range:
    row = max(line - 1, 0)
    text = lines[row].rstrip("\r\n") if row < len(lines) else ""
    start = utf16_length(text[:max(column - 1, 0)]) if text else max(column - 1, 0)
    end = utf16_length(text)
    return types.Range(types.Position(row, start), types.Position(row, max(end, start + 1)))


def from_finding(finding: Finding, lines: Sequence[str], doc_url: str | None) -> types.Diagnostic:
    """``doc_url``: the rule's documentation page, if it has one."""
    return types.Diagnostic(
        range=_range(lines, finding.line, finding.column), message=finding.message,
        severity=_SEVERITY[finding.severity], code=finding.rule, source=SOURCE,
        code_description=types.CodeDescription(href=doc_url) if doc_url else None,
        data={"pointer": finding.pointer, "hint": finding.hint})


def from_error(error: ParseError, lines: Sequence[str]) -> types.Diagnostic:
    return types.Diagnostic(range=_range(lines, error.line or 1, error.column or 1), message=error.message,
                            severity=types.DiagnosticSeverity.Error, source=SOURCE)
