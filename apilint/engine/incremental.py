"""Re-linting a keystroke inside a description or summary in part: the edited string is put
into the kept parse and model, only the rules that read descriptions run again (and those that quote them in
their messages, if they have findings), the other rules' issues are reused, and the kept positions are shifted
along the edited line."""

from __future__ import annotations

from typing import Any

from apilint.engine.findings import Finding
from apilint.engine.rule import IN_MESSAGES, all_rules
from apilint.engine.runner import Kept, LintOptions, custom_issues, findings, issues_by_rule
from apilint.load.edit import StringEdit
from apilint.load.jsonsrc import JsonLocator
from apilint.load.pointer import get as pointer_get
from apilint.load.pointer import unescape
from apilint.model.openapi import replace_text

DESCRIPTION_KEYS = frozenset({"description", "summary"})  # the members whose string values such an edit changes


def relint_string_edit(kept: Kept, path: str, edit: StringEdit, text: str, options: LintOptions
                       ) -> list[Finding] | None:
    """The findings of ``kept``'s spec after ``edit`` (of the file ``path``, now ``text``), updating
    ``kept`` to it; None, leaving ``kept`` unchanged, when the kept parse does not hold the edited string."""
    source = kept.sources.get(path)
    if source is None or edit.key not in DESCRIPTION_KEYS:
        return None
    parent_pointer, _, token = edit.pointer.rpartition("/")
    parent = pointer_get(source.data, parent_pointer, None)
    if not isinstance(parent, dict) or unescape(token) != edit.key or parent.get(edit.key) != edit.old:
        return None
    parent[edit.key] = edit.new
    for (file, at), written in kept.spec.workspace.originals.items():  # the nodes the model normalised
        if file == source.path and edit.pointer.startswith(at + "/"):
            _replace(written, edit.pointer[len(at):], edit)
    source.text = text
    if source.kind == "json":  # a YAML locator's positions stay right: no line changed, and in a block
        source.locator = JsonLocator(text)  # mapping nothing after a member's value on its line has one
    api = kept.spec.built()
    if api is not None:
        replace_text(api, path, edit.pointer, edit.old, edit.new)
    rules = all_rules()
    unchanged = {rule_id: found for rule_id, found in kept.issues.items()
                 if rules[rule_id].reads_descriptions is False
                 or (rules[rule_id].reads_descriptions == IN_MESSAGES and not found)}
    kept.issues = issues_by_rule(kept.spec, options, unchanged)
    kept.custom = custom_issues(kept.spec, options)
    kept.positions = {where: (line, column + edit.shift if where[0] == source.display and line == edit.line
                              and column > edit.column else column)
                      for where, (line, column) in kept.positions.items()}
    return findings(kept, options)


def _replace(node: Any, pointer: str, edit: StringEdit) -> None:
    parent_pointer, _, token = pointer.rpartition("/")
    parent = pointer_get(node, parent_pointer, None)
    if isinstance(parent, dict) and parent.get(unescape(token)) == edit.old:
        parent[unescape(token)] = edit.new
