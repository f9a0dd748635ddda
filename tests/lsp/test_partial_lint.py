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
_TEXT = {"json": re.compile(r'"(?:description|summary)": "(?=[^"\\]{4})'),
         "yaml": re.compile(r"(?m)^[ -]*(?:description|summary): (?=[A-Za-z][^\n#:'\"]{4})")}


def _findings(result) -> list[tuple]:
    return sorted((path, f.rule, f.severity, f.line, f.column, f.pointer, f.message, f.hint)
                  for path, found in result.findings.items() for f in found)


def _keystroke(text: str, kind: str, rnd: random.Random) -> str:
    """Type a word into, or delete a character of, a description or summary (in YAML, a one-line one)."""
    starts = [m.end() for m in _TEXT[kind].finditer(text)]
    if kind == "yaml":
        starts = [start for start in starts if _one_line(text, start)]
    start = rnd.choice(starts)
    if rnd.random() < 0.3:
        return text[:start + 1] + text[start + 2:]
    at = start + rnd.randint(1, 3)
    return text[:at] + rnd.choice(TYPED) + text[at:]


def _one_line(text: str, value_start: int) -> bool:
    """The YAML plain scalar starting here does not go on to the next line (one indented deeper than its key)."""
    line_start = text.rfind("\n", 0, value_start) + 1
    key_indent = len(text[line_start:value_start]) - len(text[line_start:value_start].lstrip(" -"))
    end = text.find("\n", value_start)
    following = text[end + 1:text.find("\n", end + 1)] if end >= 0 else ""
    return not following.strip() or len(following) - len(following.lstrip(" ")) <= key_indent


def _type_and_compare(path: Path, edits: int, seed: int, checks: int = 3) -> Linter:
    """Edit ``path``'s text ``edits`` times through one linter; at ``checks`` points (and the end) its findings
    must equal a fresh linter's whole lint of the same text."""
    rnd = random.Random(seed)
    text = path.read_text()
    target = str(path)
    linter = Linter()
    linter.lint(target, {target: text})
    for number in range(1, edits + 1):
        text = _keystroke(text, "json" if path.suffix == ".json" else "yaml", rnd)
        result = linter.lint(target, {target: text})
        if number % max(1, edits // checks) == 0 or number == edits:
            assert _findings(result) == _findings(Linter().lint(target, {target: text})), f"after edit {number}"
    return linter


@pytest.fixture(params=["json", "yaml"])
def example(request, tmp_path, monkeypatch) -> Path:
    """The shipped bad example as JSON and YAML (descriptions made longer, so that there is text to edit)."""
    document = yaml.safe_load((ROOT / "examples/openapi/bad.yaml").read_text())
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.setdefault("summary", "An operation of the example")
                operation["description"] = "Reads or changes things; see the guide"
    path = tmp_path / f"bad.{request.param}"
    path.write_text(json.dumps(document, indent=2) if request.param == "json"
                    else yaml.safe_dump(document, sort_keys=False, width=10**6))
    monkeypatch.chdir(tmp_path)
    return path


def test_keystrokes_in_descriptions_lint_in_part_and_find_what_a_whole_lint_finds(example):
    linter = _type_and_compare(example, edits=60, seed=1, checks=20)
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


def test_other_edits_lint_the_whole_spec(example):
    text = example.read_text()
    target = str(example)
    linter = Linter()
    linter.lint(target, {target: text})
    renamed = re.sub(r'("?operationId"?: "?)', r"\1x", text, count=1)  # not a description
    result = linter.lint(target, {target: renamed})
    assert linter.partial_lints == 0
    assert _findings(result) == _findings(Linter().lint(target, {target: renamed}))
    same = linter.lint(target, {target: renamed})  # nothing changed: the last result
    assert linter.partial_lints == 0 and _findings(same) == _findings(result)


LARGE = [CORPUS / "openapi/github/api.github.com.json", CORPUS / "openapi/openai/openapi.yaml"]


@pytest.mark.slow
@pytest.mark.parametrize("spec", LARGE, ids=["github-json", "openai-yaml"])
def test_keystrokes_in_large_descriptions_find_what_a_whole_lint_finds(spec, monkeypatch):
    if not spec.is_file():
        pytest.skip(f"needs the shared corpus ({spec})")
    monkeypatch.chdir(spec.parent)
    linter = _type_and_compare(spec, edits=12, seed=2, checks=2)
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
    assert linter.partial_lints == 1  # other.json now read (from disk, unchanged since): in part


def test_a_message_quoting_the_edited_description_follows_it(tmp_path, monkeypatch):
    """oas-schema-invalid quotes the invalid node, description included: while it has findings, a keystroke in
    a description re-runs it (engine/incremental.py), so its message shows the new text."""
    monkeypatch.chdir(tmp_path)
    text = ("openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n  /v1/orders:\n    get:\n"
            "      parameters:\n        - name: limit\n          description: How many orders to return.\n"
            "      responses: {'200': {description: OK}}\n")
    target = str(tmp_path / "spec.yaml")
    linter = Linter()
    linter.lint(target, {target: text})
    edited = text.replace("orders to return.", "orders to return at most.")
    result = linter.lint(target, {target: edited})
    assert linter.partial_lints == 1
    [invalid] = [f for f in result.findings[target] if f.rule == "oas-schema-invalid"]
    assert "at most" in invalid.message
    assert _findings(result) == _findings(Linter().lint(target, {target: edited}))


def test_files_read_from_disk_count_when_they_change(tmp_path, monkeypatch):
    """The root is open, the schema file it `$ref`s is read from disk: a keystroke in the root's description
    is linted in part until that file changes on disk, which a whole lint then reads."""
    monkeypatch.chdir(tmp_path)
    schema = {"type": "object", "properties": {"password": {"type": "string"}}}
    (tmp_path / "user.json").write_text(json.dumps(schema))
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1.0", "description": "An API."},
                "servers": [{"url": "https://api.example.com/v1"}],
                "paths": {"/v1/users/{id}": {"get": {
                    "operationId": "getUser", "description": "Reads a user.",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {
                        "application/json": {"schema": {"$ref": "user.json"}}}}}}}}}
    text = json.dumps(document, indent=2)
    target = str(tmp_path / "spec.json")
    linter = Linter()
    assert "pii-exposed" in {f.rule for f in linter.lint(target, {target: text}).findings[str(tmp_path / "user.json")]}
    text = text.replace("Reads a user.", "Reads one user.")
    linter.lint(target, {target: text})
    assert linter.partial_lints == 1
    schema["properties"] = {"nickname": {"type": "string"}}
    (tmp_path / "user.json").write_text(json.dumps(schema))
    result = linter.lint(target, {target: text})
    assert linter.partial_lints == 1  # a whole lint
    assert "pii-exposed" not in {f.rule for found in result.findings.values() for f in found}


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_a_file_with_a_duplicate_key_is_linted_in_whole(tmp_path, monkeypatch, kind):
    """The later of two equal keys wins: an edit to the earlier one's description changes nothing a parse
    sees, so it must not be put into the kept parse."""
    monkeypatch.chdir(tmp_path)
    post = ('"post": {"operationId": "listOrders", "description": "Lists the orders.", '
            '"responses": {"200": {"description": "OK"}}}')
    text = ('{"openapi": "3.0.3", "info": {"title": "Shop", "version": "1.0"}, '
            f'"servers": [{{"url": "https://api.example.com"}}], "paths": {{"/v1/orders/list": {{{post}, {post}}}}}}}')
    if kind == "yaml":
        text = text.replace("{", "{ ").replace("}", " }")  # flow YAML: the same document
    target = str(tmp_path / f"spec.{kind}")
    linter = Linter()
    assert "post-for-read" in {f.rule for f in linter.lint(target, {target: text}).findings[target]}
    edited = text.replace("Lists the orders.", "Lists the orders (a body holds the filter).", 1)  # the first
    result = linter.lint(target, {target: edited})
    assert "post-for-read" in {f.rule for f in result.findings[target]}  # the second still says nothing
    assert linter.partial_lints == 0
    assert _findings(result) == _findings(Linter().lint(target, {target: edited}))
