"""Code actions on a finding: suppress it where `apilint check` honours a suppression
(apilint/engine/suppress.py), and open the rule's doc page.

- YAML: ``# apilint-ignore RULE`` at the end of the finding's line; proto: ``// apilint-ignore RULE``.
- JSON (no comments): ``"x-apilint-ignore": ["RULE"]`` on the innermost object on the finding's pointer
  that holds fields rather than names (not a ``properties`` or ``schemas`` map, where the key would be
  read as one more name).
"""

from __future__ import annotations

import json
import re

from lsprotocol import types

from apilint.engine.suppress import EXTENSION, nodes_along
from apilint.load.pointer import join
from apilint.load.source import SourceFile
from apilint.lsp.diagnostics import SOURCE, utf16_length

OPEN_DOC = "apilint.openRuleDoc"
# Objects whose keys are names chosen by the author: an x- key there would be read as one more name.
_NAME_MAPS = {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "schemas", "responses",
              "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks",
              "pathItems", "content", "encoding", "variables", "mapping", "scopes", "securityDefinitions",
              "webhooks"}
_WS = re.compile(r"\s*")


def code_actions(uri: str, path: str, text: str, source: SourceFile | None,
                 wanted: list[types.Diagnostic]) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    lines = text.splitlines(keepends=True)
    for diagnostic in wanted:
        rule = diagnostic.code
        if diagnostic.source != SOURCE or not isinstance(rule, str):
            continue
        edit = suppress_edit(path, lines, text, source, diagnostic)
        if edit is not None:
            actions.append(types.CodeAction(
                title=f"Suppress {rule} here", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [edit]})))
        if diagnostic.code_description is not None:  # the rule's page, when it has one
            actions.append(types.CodeAction(
                title=f"Open the {rule} rule's documentation", kind=types.CodeActionKind.Empty,
                diagnostics=[diagnostic], command=types.Command(f"Open {rule} docs", OPEN_DOC,
                                                                arguments=[diagnostic.code_description.href])))
    return actions


def suppress_edit(path: str, lines: list[str], text: str, source: SourceFile | None,
                  diagnostic: types.Diagnostic) -> types.TextEdit | None:
    rule = str(diagnostic.code)
    row = diagnostic.range.start.line
    if row >= len(lines):
        return None
    if path.endswith(".proto") or (source is not None and source.kind == "yaml"):
        line = lines[row].rstrip("\r\n")
        if "apilint-ignore" in line:
            return None  # already suppressing other rules: left to the author
        marker = "//" if path.endswith(".proto") else "#"
        end = types.Position(row, utf16_length(line))
        return types.TextEdit(types.Range(end, end), f"  {marker} apilint-ignore {rule}")
    pointer = (diagnostic.data or {}).get("pointer") if isinstance(diagnostic.data, dict) else None
    if source is None or source.kind != "json" or not isinstance(pointer, str):
        return None
    return _json_extension(text, source, pointer, rule)


def _json_extension(text: str, source: SourceFile, pointer: str, rule: str) -> types.TextEdit | None:
    holder = _holder(source.data, pointer)
    if holder is None:
        return None
    line, column = source.positions([holder]).get(holder, (1, 1))
    offset = _offset(text, line, column)
    if text[offset] == '"':  # the member's key: its value's brace follows the colon
        _, end = json.decoder.scanstring(text, offset + 1)
        offset = _WS.match(text, end).end()
        offset = _WS.match(text, offset + 1).end() if text[offset] == ":" else offset
    if text[offset] != "{":
        return None
    at = _position(text, offset + 1)
    empty = text[_WS.match(text, offset + 1).end()] == "}"
    member = f'"{EXTENSION}": [{json.dumps(rule)}]' + ("" if empty else ", ")
    return types.TextEdit(types.Range(at, at), member)


def _holder(data: object, pointer: str) -> str | None:
    """The innermost object on ``pointer`` that may carry the extension (none when one is already there)."""
    best = None
    for tokens, node in nodes_along(data, pointer):
        if isinstance(node, dict):
            if EXTENSION in node:
                return None
            if not tokens or tokens[-1] not in _NAME_MAPS:
                best = join("", *tokens)
    return best


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column - 1


def _position(text: str, offset: int) -> types.Position:
    row = text.count("\n", 0, offset)
    return types.Position(row, utf16_length(text[text.rfind("\n", 0, offset) + 1:offset]))
