"""`apilint lsp` driven as an editor drives it: the real process over stdio, JSON-RPC with Content-Length framing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.lsp.rpc import LspClient, uri

pytest.importorskip("pygls")

SPEC = """openapi: 3.0.3
info:
  title: Demo
  version: "1.0"
paths:
  /getUsers:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "./schemas.yaml#/User"
"""
SCHEMAS = """User:
  type: object
  properties:
    user_name:
      type: string
    password:
      type: string
"""
PROTO = """syntax = "proto3";
package shop.v1;

// A price.
message Price {
  // The amount.
  Money priceAmount = 1;
}

// Money.
message Money {
  // Units.
  int64 units = 1;
}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "schemas.yaml").write_text(SCHEMAS)
    (tmp_path / "apilint.yaml").write_text("rules:\n  operation-id-missing: off\n")
    return tmp_path


@pytest.fixture
def client(workspace: Path):
    client = LspClient(workspace.parent)  # started elsewhere: the workspace folder becomes the working folder
    client.initialize(workspace)
    yield client
    client.close()


def check_json(folder: Path, *files: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "apilint", "check", "--no-cache", "-f", "json", *files],
                          cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def shown(diagnostics: list[dict]) -> set[tuple]:
    return {(d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"])
            for d in diagnostics}


def expected(findings: list[dict], file: str) -> set[tuple]:
    return {(f["rule"], f["line"] - 1, f["column"] - 1, f["message"]) for f in findings if f["file"] == file}


def apply(text: str, edits: list[dict]) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                       reverse=True):
        start, end = edit["range"]["start"], edit["range"]["end"]
        assert start == end, "suppressions insert text"
        line = lines[start["line"]]
        lines[start["line"]] = line[:start["character"]] + edit["newText"] + line[start["character"]:]
    return "".join(lines)


def suppress(client: LspClient, document: str, diagnostic: dict) -> list[dict]:
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": document}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}})
    titles = [a["title"] for a in actions]
    assert f"Open the {diagnostic['code']} rule's documentation" in titles
    fix = next(a for a in actions if a["title"].startswith("Suppress"))
    return fix["edit"]["changes"][document]


def test_open_publishes_the_findings_of_check_json_at_the_same_positions(client, workspace):
    document = client.open(workspace / "spec.yaml")
    found = client.wait_diagnostics(document)
    findings = check_json(workspace, "spec.yaml")
    assert shown(found) == expected(findings, "spec.yaml")
    assert shown(client.diagnostics[uri(workspace / "schemas.yaml")]) == expected(findings, "schemas.yaml")
    assert {"verb-in-path", "pii-exposed"} <= {f["rule"] for f in findings}
    assert "operation-id-missing" not in {d["code"] for d in found}  # the config is honoured


def test_a_change_that_fixes_a_finding_removes_it_from_memory_without_saving(client, workspace):
    document = client.open(workspace / "spec.yaml")
    assert "verb-in-path" in {d["code"] for d in client.wait_diagnostics(document)}
    client.replace(document, SPEC.replace("/getUsers", "/users"), 2)
    assert "verb-in-path" not in {d["code"] for d in client.wait_diagnostics(document)}
    assert (workspace / "spec.yaml").read_text() == SPEC
    client.notify("textDocument/didClose", {"textDocument": {"uri": document}})  # unsaved: the disk counts again
    assert "verb-in-path" in {d["code"] for d in client.wait_diagnostics(document)}


def test_incremental_edits_are_applied_as_the_editor_made_them(client, workspace):
    document = client.open(workspace / "spec.yaml")
    assert "verb-in-path" in {d["code"] for d in client.wait_diagnostics(document)}
    row = SPEC.splitlines().index("  /getUsers:")
    client.edit(document, (row, 3), (row, 6), "", 2)  # "/getUsers" -> "/Users"
    client.edit(document, (row, 3), (row, 4), "u", 3)  # -> "/users"
    found = client.wait_diagnostics(document)
    assert "verb-in-path" not in {d["code"] for d in found}
    (workspace / "spec.yaml").write_text(SPEC.replace("/getUsers", "/users"))
    assert shown(found) == expected(check_json(workspace, "spec.yaml"), "spec.yaml")


def test_typing_in_a_description_re_lints_it_as_apilint_check_does(client, workspace):
    """Keystrokes inside a description of a spec open whole in the editor take the partial path
    (engine/incremental.py): a rule reading descriptions changes its mind, and every finding equals
    `apilint check`'s on the saved text."""
    text = ("openapi: 3.0.3\ninfo: {title: Shop, version: '1.0'}\nservers: [{url: 'https://api.example.com/v1'}]\n"
            "paths:\n  /v1/orders/list:\n    post:\n      operationId: listOrders\n"
            "      description: Lists the orders.\n      responses: {'200': {description: OK}}\n")
    (workspace / "orders.yaml").write_text(text)
    document = client.open(workspace / "orders.yaml")
    assert "post-for-read" in {d["code"] for d in client.wait_diagnostics(document)}
    row = text.splitlines().index("      description: Lists the orders.")
    column = len("      description: Lists the orders")
    for version, word in enumerate([" (a", " body", " holds", " the filter)"], start=2):
        client.edit(document, (row, column), (row, column), word, version)
        found = client.wait_diagnostics(document)
        lines = text.splitlines(keepends=True)
        lines[row] = lines[row][:column] + word + lines[row][column:]
        text = "".join(lines)
        column += len(word)
    assert "description: Lists the orders (a body holds the filter)." in text
    assert "post-for-read" not in {d["code"] for d in found}
    (workspace / "orders.yaml").write_text(text)
    assert shown(found) == expected(check_json(workspace, "orders.yaml"), "orders.yaml")


def edit_schemas(client: LspClient, workspace: Path, text: str) -> tuple[str, str]:
    """Open the root and the schema file it `$ref`s, then change the schema file (unsaved) to ``text``."""
    root = client.open(workspace / "spec.yaml")
    client.wait_diagnostics(root)
    schemas = client.open(workspace / "schemas.yaml")
    client.wait_all([schemas, root])
    client.replace(schemas, text, 2)
    client.wait_all([schemas, root])  # the root was re-linted with the unsaved schema
    return root, schemas


def test_an_edit_to_a_referenced_file_republishes_its_root(client, workspace):
    _, schemas = edit_schemas(client, workspace, SCHEMAS.replace("password", "nickname"))
    assert "pii-exposed" not in {d["code"] for d in client.diagnostics[schemas]}  # it was: see the first test


def test_a_root_whose_openapi_line_is_deleted_says_so_as_check_would(client, workspace):
    document = client.open(workspace / "spec.yaml")
    assert client.wait_diagnostics(document)
    client.replace(document, SPEC.replace("openapi: 3.0.3\n", ""), 2)
    [error] = client.wait_diagnostics(document)  # its findings are gone
    assert "not an OpenAPI document" in error["message"]


def test_a_broken_edit_is_one_diagnostic_at_its_position_and_the_server_stays_up(client, workspace):
    document = client.open(workspace / "spec.yaml")
    client.wait_diagnostics(document)
    client.replace(document, SPEC + "  broken: [\n", 2)
    [error] = client.wait_diagnostics(document)
    assert error["range"]["start"]["line"] == SPEC.count("\n") + 1
    assert "invalid YAML" in error["message"]
    client.replace(document, SPEC, 3)
    assert "verb-in-path" in {d["code"] for d in client.wait_diagnostics(document)}


def test_a_broken_referenced_file_gets_its_parse_error_at_its_position(client, workspace):
    root, schemas = edit_schemas(client, workspace, SCHEMAS + "  broken: [\n")
    [error] = client.diagnostics[schemas]
    assert error["range"]["start"]["line"] == SCHEMAS.count("\n") + 1 and "invalid YAML" in error["message"]
    assert "ref-unresolved" in {d["code"] for d in client.diagnostics[root]}  # as `apilint check` says


def test_suppress_action_in_yaml_is_honoured_by_check(client, workspace):
    document = client.open(workspace / "spec.yaml")
    [diagnostic] = [d for d in client.wait_diagnostics(document) if d["code"] == "verb-in-path"]
    fixed = apply(SPEC, suppress(client, document, diagnostic))
    client.replace(document, fixed, 2)
    assert "verb-in-path" not in {d["code"] for d in client.wait_diagnostics(document)}
    (workspace / "spec.yaml").write_text(fixed)
    assert "verb-in-path" not in {f["rule"] for f in check_json(workspace, "spec.yaml")}


def test_suppress_action_in_json_is_honoured_by_check(client, workspace):
    spec = json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/getUsers": {"get": {
        "operationId": "getUsers", "responses": {"200": {"description": "ok"}}}}}}, indent=2)
    (workspace / "api.json").write_text(spec)
    document = client.open(workspace / "api.json", language="json")
    found = client.wait_diagnostics(document)
    for version, rule in enumerate(("verb-in-path", "version-missing"), start=2):
        [diagnostic] = [d for d in found if d["code"] == rule]
        spec = apply(spec, suppress(client, document, diagnostic))
        client.replace(document, spec, version)
        found = client.wait_diagnostics(document)
        assert rule not in {d["code"] for d in found}
    (workspace / "api.json").write_text(spec)
    assert not {"verb-in-path", "version-missing"} & {f["rule"] for f in check_json(workspace, "api.json")}


def test_proto_findings_suppression_and_go_to_type(client, workspace):
    proto = workspace / "shop.proto"
    proto.write_text(PROTO)
    document = client.open(proto, language="proto")
    found = client.wait_diagnostics(document)
    assert shown(found) == expected(check_json(workspace, "shop.proto"), "shop.proto") != set()
    [diagnostic] = [d for d in found if d["code"] == "proto-field-name-case"]
    location = client.request("textDocument/definition", {"textDocument": {"uri": document},
                                                         "position": {"line": 6, "character": 3}})
    assert location["uri"] == document and location["range"]["start"] == {"line": 10, "character": 8}
    fixed = apply(PROTO, suppress(client, document, diagnostic))
    client.replace(document, fixed, 2)  # not saved: linted from the editor's text
    assert "proto-field-name-case" not in {d["code"] for d in client.wait_diagnostics(document)}
    assert "proto-field-name-case" in {f["rule"] for f in check_json(workspace, "shop.proto")}  # disk: unchanged
    proto.write_text(fixed)
    client.notify("textDocument/didSave", {"textDocument": {"uri": document}})
    assert "proto-field-name-case" not in {d["code"] for d in client.wait_diagnostics(document)}
    assert "proto-field-name-case" not in {f["rule"] for f in check_json(workspace, "shop.proto")}


def test_unsaved_proto_edits_compile_with_their_imports_and_a_broken_one_is_one_diagnostic(client, workspace):
    """The editor's text of a proto and of a proto it imports is what protoc compiles; the disk is untouched."""
    (workspace / "money.proto").write_text('syntax = "proto3";\npackage shop.v1;\n\n// Money.\nmessage Money {\n'
                                           '  // Units.\n  int64 units = 1;\n}\n')
    importer = PROTO.replace("package shop.v1;\n", 'package shop.v1;\n\nimport "money.proto";\n')
    importer = importer[:importer.index("// Money.")]
    (workspace / "shop.proto").write_text(importer)
    money = client.open(workspace / "money.proto", language="proto")
    client.wait_diagnostics(money)
    document = client.open(workspace / "shop.proto", language="proto")
    assert "proto-field-name-case" in {d["code"] for d in client.wait_diagnostics(document)}
    client.replace(money, (workspace / "money.proto").read_text().replace("int64 units", "int64 unitCount"), 2)
    client.wait_all([money, document])  # an edit to an import re-lints the open protos importing it
    assert "proto-field-name-case" in {d["code"] for d in client.diagnostics[money]}  # unsaved, seen
    renamed = (workspace / "money.proto").read_text().replace("message Money", "message Cash")
    client.replace(money, renamed, 3)
    client.wait_all([money, document])
    [missing] = client.diagnostics[document]
    assert "does not compile" in missing["message"] and "Money" in missing["message"]
    client.replace(money, (workspace / "money.proto").read_text(), 4)
    client.wait_all([money, document])
    assert "proto-field-name-case" in {d["code"] for d in client.diagnostics[document]}
    client.replace(document, importer.replace("priceAmount", "price_amount"), 2)
    assert "proto-field-name-case" not in {d["code"] for d in client.wait_diagnostics(document)}
    broken = importer.replace("Money priceAmount = 1;", "Money price_amount = ;")
    client.replace(document, broken, 3)
    [diagnostic] = client.wait_diagnostics(document)
    assert "does not compile" in diagnostic["message"]
    assert diagnostic["range"]["start"]["line"] == broken.splitlines().index("  Money price_amount = ;")
    assert "unsaved" not in diagnostic["message"] and "apilint-protoc" not in diagnostic["message"]
    client.replace(document, importer, 4)  # the server is still up, and the disk never changed
    assert "proto-field-name-case" in {d["code"] for d in client.wait_diagnostics(document)}
    assert (workspace / "shop.proto").read_text() == importer


def test_hover_explains_a_finding_and_summarises_a_ref_and_definition_follows_it(client, workspace):
    document = client.open(workspace / "spec.yaml")
    [diagnostic] = [d for d in client.wait_diagnostics(document) if d["code"] == "verb-in-path"]
    position = {"textDocument": {"uri": document}, "position": diagnostic["range"]["start"]}
    text = client.request("textDocument/hover", position)["contents"]["value"]
    assert "**Why:**" in text and "docs/rules/verb-in-path.md" in text
    on_ref = {"textDocument": {"uri": document}, "position": {"line": 13, "character": 22}}
    assert "properties: `user_name`, `password`" in client.request("textDocument/hover", on_ref)["contents"]["value"]
    target = client.request("textDocument/definition", on_ref)
    assert target == {"uri": uri(workspace / "schemas.yaml"),
                      "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}


def test_baseline_hides_known_findings(workspace):
    subprocess.run([sys.executable, "-m", "apilint", "check", "--no-cache", "--write-baseline", "base.json",
                    "spec.yaml"], cwd=workspace, capture_output=True, timeout=60, check=True)
    (workspace / "spec.yaml").write_text(SPEC.replace("get:", "delete:"))
    client = LspClient(workspace, "--baseline", "base.json")
    try:
        client.initialize(workspace)
        found = client.wait_diagnostics(client.open(workspace / "spec.yaml"))
        assert shown(found) == expected(check_json(workspace, "--baseline", "base.json", "spec.yaml"), "spec.yaml")
        assert "version-missing" not in {d["code"] for d in found}  # in the baseline
        assert "error-responses-missing" in {d["code"] for d in found}  # new: DELETE's pointer is not
    finally:
        client.close()


def test_without_pygls_one_line_names_the_extra(tmp_path):
    code = "import sys; sys.modules['pygls'] = None; from apilint.cli import main; raise SystemExit(main(['lsp']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "pip install 'apilint[lsp]'" in done.stderr


def test_positions_are_utf16_code_units(client, workspace):
    spec = SPEC.replace("    get:\n", "    get:  # 🙂 lists users\n")
    document = client.open(workspace / "spec.yaml", spec)
    [diagnostic] = [d for d in client.wait_diagnostics(document) if d["code"] == "verb-in-path"]
    line = spec.splitlines()[diagnostic["range"]["start"]["line"]]
    assert diagnostic["range"]["end"]["character"] == len(line) + 1  # the emoji is two UTF-16 units
    [edit] = suppress(client, document, diagnostic)
    assert edit["range"]["start"] == {"line": diagnostic["range"]["start"]["line"], "character": len(line) + 1}


def test_a_saved_config_counts_from_the_next_lint_and_a_bad_one_is_said_once(client, workspace):
    document = client.open(workspace / "spec.yaml")
    found = {d["code"] for d in client.wait_diagnostics(document)}
    assert "verb-in-path" in found and "operation-id-missing" not in found
    (workspace / "apilint.yaml").write_text("rules:\n  verb-in-path: off\n")
    client.notify("textDocument/didSave", {"textDocument": {"uri": document}})
    found = {d["code"] for d in client.wait_diagnostics(document)}
    assert "verb-in-path" not in found and "operation-id-missing" in found
    (workspace / "apilint.yaml").write_text("rules:\n  no-such-rule: off\n")
    client.notify("textDocument/didSave", {"textDocument": {"uri": document}})
    message = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert "apilint.yaml" in message["params"]["message"] and "no-such-rule" in message["params"]["message"]
    found = {d["code"] for d in client.wait_diagnostics(document)}  # the last good config still holds
    assert "verb-in-path" not in found and "operation-id-missing" in found


@pytest.mark.slow
def test_a_hover_is_answered_while_a_long_lint_runs(client, workspace):
    """Lints run in a worker thread: a hover sent while a large spec is being linted does not wait for it."""
    paths = {f"/v1/things{i}": {"get": {"operationId": f"listThings{i}", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}
        for i in range(12000)}
    spec = json.dumps({"openapi": "3.0.3", "info": {"title": "Big", "version": "1.0"}, "paths": paths,
                       "components": {"schemas": {"Thing": {"type": "object", "properties": {
                           "id": {"type": "string"}}}}}}, indent=2)
    (workspace / "big.json").write_text(spec)
    document = client.open(workspace / "big.json", language="json")
    started = time.monotonic()
    found = client.wait_diagnostics(document, timeout=120)
    lint_seconds = time.monotonic() - started
    finding = found[0]
    client.replace(document, spec.replace('"ok"', '"OK"'), 2)  # same lines: the finding stays where it is
    time.sleep(min(0.3, lint_seconds / 4))  # the debounce is over: the lint is running
    client.send({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover",
                 "params": {"textDocument": {"uri": document}, "position": finding["range"]["start"]}})
    first = client.wait(lambda m: m.get("id") == 99 or (m.get("method") == "textDocument/publishDiagnostics"
                                                          and m["params"]["uri"] == document), timeout=120)
    assert first.get("id") == 99, "the hover waited for the lint"
    assert f"**{finding['code']}**" in first["result"]["contents"]["value"]
    client.wait_diagnostics(document, timeout=120)


def test_files_changed_on_disk_re_lint_the_roots_using_them(workspace):
    """The server asks to watch spec files; a changed `$ref`-ed file (not open) re-lints its roots."""
    client = LspClient(workspace)
    try:
        client.initialize(workspace, {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
        registration = client.wait(lambda m: m.get("method") == "client/registerCapability")
        [watch] = registration["params"]["registrations"]
        assert watch["method"] == "workspace/didChangeWatchedFiles"
        document = client.open(workspace / "spec.yaml")
        assert "ref-unresolved" not in {d["code"] for d in client.wait_diagnostics(document)}
        schemas = workspace / "schemas.yaml"
        schemas.write_text(SCHEMAS.replace("User:", "Person:"))
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(schemas), "type": 2}]})
        assert "ref-unresolved" in {d["code"] for d in client.wait_diagnostics(document)}
        schemas.write_text(SCHEMAS)
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(schemas), "type": 2}]})
        assert "ref-unresolved" not in {d["code"] for d in client.wait_diagnostics(document)}
    finally:
        client.close()


def test_a_spectral_rulesets_findings_have_its_help_and_page_and_a_rule_without_a_page_links_nowhere(workspace):
    (workspace / "style.yaml").write_text(
        "documentationUrl: https://example.com/style\n"
        "rules:\n"
        "  operation-owner:\n"
        "    description: Every operation names its owning team\n"
        "    given: \"$.paths[*][get,put,post,delete,patch]\"\n"
        "    then: {field: x-owner, function: truthy}\n")
    (workspace / "apilint.yaml").write_text("extends: [recommended, ./style.yaml]\nrules:\n  operation-id-missing: off\n")
    client = LspClient(workspace)
    try:
        client.initialize(workspace)
        document = client.open(workspace / "spec.yaml")
        found = client.wait_diagnostics(document)
        assert shown(found) == expected(check_json(workspace, "spec.yaml"), "spec.yaml")
        [custom] = [d for d in found if d["code"] == "operation-owner"]
        assert custom["codeDescription"]["href"] == "https://example.com/style#operation-owner"
        [own] = [d for d in found if d["code"] == "verb-in-path"]
        assert own["codeDescription"]["href"].endswith("docs/rules/verb-in-path.md")
        text = client.request("textDocument/hover", {"textDocument": {"uri": document},
                                                    "position": custom["range"]["start"]})["contents"]["value"]
        assert "**operation-owner**: Every operation names its owning team" in text
        assert "Spectral ruleset style.yaml" in text and "https://example.com/style#operation-owner" in text
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": document}, "range": custom["range"], "context": {"diagnostics": [custom]}})
        assert {a["title"] for a in actions} == {"Suppress operation-owner here",
                                                 "Open the operation-owner rule's documentation"}
        (workspace / "style.yaml").write_text((workspace / "style.yaml").read_text().replace(
            "documentationUrl: https://example.com/style\n", ""))
        client.notify("textDocument/didSave", {"textDocument": {"uri": document}})
        [custom] = [d for d in client.wait_diagnostics(document) if d["code"] == "operation-owner"]
        assert "codeDescription" not in custom  # no page to link to: no broken link
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": document}, "range": custom["range"], "context": {"diagnostics": [custom]}})
        assert [a["title"] for a in actions] == ["Suppress operation-owner here"]
    finally:
        client.close()

