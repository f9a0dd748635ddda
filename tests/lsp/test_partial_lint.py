"""A keystroke in a description of a JSON spec is re-linted in part (apilint/engine/incremental.py): only the
rules that read descriptions run again. Whatever the edits, the findings must be those of a whole lint."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml

from apilint.engine.rule import all_rules
from apilint.lsp.linting import Linter
from tests.conftest import CORPUS, ROOT

# words the rules that read descriptions look for, so that the edits change their findings
TYPED = [" paginated", " page", " body", " POST", " 429", " rate limit", " password", " email", " token", "x", " "]
_TEXT = re.compile(r'"(?:description|summary)": "(?=[^"\\]{4})')


def _findings(result) -> list[tuple]:
    return sorted((path, f.rule, f.severity, f.line, f.column, f.pointer, f.message, f.hint)
                  for path, found in result.findings.items() for f in found)


def _keystroke(text: str, rnd: random.Random) -> str:
    """Type a word into, or delete a character of, a description or summary."""
    start = rnd.choice([m.end() for m in _TEXT.finditer(text)])
    if rnd.random() < 0.3:
        return text[:start + 1] + text[start + 2:]
    at = start + rnd.randint(0, 3)
    return text[:at] + rnd.choice(TYPED) + text[at:]


def _type_and_compare(path: Path, edits: int, seed: int, checks: int = 3) -> Linter:
    """Edit ``path``'s text ``edits`` times through one linter; at ``checks`` points (and the end) its findings
    must equal a fresh linter's whole lint of the same text."""
    rnd = random.Random(seed)
    text = path.read_text()
    target = str(path)
    linter = Linter()
    linter.lint(target, {target: text})
    for number in range(1, edits + 1):
        text = _keystroke(text, rnd)
        result = linter.lint(target, {target: text})
        if number % max(1, edits // checks) == 0 or number == edits:
            assert _findings(result) == _findings(Linter().lint(target, {target: text})), f"after edit {number}"
    return linter


@pytest.fixture
def example_json(tmp_path, monkeypatch) -> Path:
    """The shipped bad example as a JSON file (descriptions made longer, so that there is text to edit)."""
    document = yaml.safe_load((ROOT / "examples/openapi/bad.yaml").read_text())
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.setdefault("summary", "An operation of the example")
                operation["description"] = "Reads or changes things; see the guide"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, indent=2))
    monkeypatch.chdir(tmp_path)
    return path


def test_keystrokes_in_descriptions_lint_in_part_and_find_what_a_whole_lint_finds(example_json):
    linter = _type_and_compare(example_json, edits=60, seed=1, checks=20)
    assert linter.partial_lints == 60


def test_a_keystroke_that_changes_a_reader_rule_s_finding_is_seen(tmp_path, monkeypatch):
    """post-for-read stays quiet when the operation's text says why it POSTs: typing that word removes it."""
    monkeypatch.chdir(tmp_path)
    document = yaml.safe_load(all_rules()["post-for-read"].examples[0].bad)
    document["paths"]["/v1/orders/list"]["post"]["description"] = "Lists the orders."
    path = tmp_path / "spec.json"
    text = json.dumps(document, indent=2)
    target = str(path)
    linter = Linter()
    assert "post-for-read" in {f.rule for f in linter.lint(target, {target: text}).findings[target]}
    edited = text.replace("Lists the orders.", "Lists the orders (a body holds the filter).")
    assert "post-for-read" not in {f.rule for f in linter.lint(target, {target: edited}).findings.get(target, [])}
    assert linter.partial_lints == 1


def test_other_edits_lint_the_whole_spec(example_json):
    text = example_json.read_text()
    target = str(example_json)
    linter = Linter()
    linter.lint(target, {target: text})
    renamed = text.replace('"operationId": "', '"operationId": "x', 1)  # not a description
    result = linter.lint(target, {target: renamed})
    assert linter.partial_lints == 0
    assert _findings(result) == _findings(Linter().lint(target, {target: renamed}))
    same = linter.lint(target, {target: renamed})  # nothing changed: the last result
    assert linter.partial_lints == 0 and _findings(same) == _findings(result)


GITHUB = CORPUS / "openapi/github/api.github.com.json"


@pytest.mark.slow
@pytest.mark.skipif(not GITHUB.is_file(), reason=f"needs the shared corpus ({GITHUB})")
def test_keystrokes_in_github_s_description_find_what_a_whole_lint_finds(monkeypatch):
    monkeypatch.chdir(GITHUB.parent)
    linter = _type_and_compare(GITHUB, edits=12, seed=2, checks=2)
    assert linter.partial_lints == 12


def test_a_spec_whose_ref_cannot_be_read_is_linted_in_whole_until_it_can(tmp_path, monkeypatch):
    """A `$ref` to a missing file: creating the file must count, though no text in the editor changed."""
    monkeypatch.chdir(tmp_path)
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1.0", "description": "An API."},
                "paths": {"/v1/things": {"get": {"operationId": "listThings", "description": "Lists things.",
                                                  "responses": {"200": {"description": "ok", "content": {
                                                      "application/json": {"schema": {"$ref": "other.json"}}}}}}}}}
    text = json.dumps(document, indent=2)
    target = str(tmp_path / "spec.json")
    linter = Linter()
    assert "ref-unresolved" in {f.rule for f in linter.lint(target, {target: text}).findings[target]}
    (tmp_path / "other.json").write_text(json.dumps({"type": "array", "items": {"type": "string"}}))
    assert "ref-unresolved" not in {f.rule for f in linter.lint(target, {target: text}).findings[target]}
    edited = text.replace("Lists things.", "Lists the things.")
    assert "ref-unresolved" not in {f.rule for f in linter.lint(target, {target: edited}).findings[target]}
    assert linter.partial_lints == 0  # other.json is read from disk: never in part
