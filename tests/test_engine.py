"""Config, presets, suppression, baseline, cache, parallel runs and exit codes, through the real CLI."""

from __future__ import annotations

import json
import textwrap

from .conftest import lint_text, run_cli

# One spec with two known problems: GET /v1/createOrder (verb-in-path, warning) and a list without
# pagination (pagination-missing, error).
SPEC = textwrap.dedent("""\
    openapi: 3.0.3
    info: {title: Shop, version: 1.0.0}
    servers: [{url: 'https://api.example.com/v1'}]
    paths:
      /orders:
        get:
          operationId: listOrders
          responses:
            '200':
              description: Orders
              content:
                application/json:
                  schema: {type: array, items: {type: object}}
            '400':
              description: Bad request
              content:
                application/json:
                  schema: {type: object}
      /createOrder:
        post:
          operationId: createOrder
          parameters: [{name: Idempotency-Key, in: header, schema: {type: string}}]
          responses:
            '201': {description: Created}
            '400':
              description: Bad request
              content:
                application/json:
                  schema: {type: object}
    """)


def write(tmp_path, text=SPEC, name="spec.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def findings(tmp_path, *args, cwd=None):
    result = run_cli("check", "--no-cache", "-f", "json", *args, cwd=cwd or tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, {(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]}


def test_default_preset_and_exit_codes(tmp_path):
    write(tmp_path)
    code, found = findings(tmp_path, "spec.yaml")
    assert ("pagination-missing", "error") in found and ("verb-in-path", "warning") in found
    assert code == 1
    assert run_cli("check", "--no-cache", "--rule", "verb-in-path", "spec.yaml", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--no-cache", "--rule", "verb-in-path", "--fail-on", "warning", "spec.yaml",
                   cwd=tmp_path).returncode == 1


def test_usage_errors_exit_2(tmp_path):
    write(tmp_path)
    for args in (["--rule", "no-such-rule", "spec.yaml"], ["--format", "xml", "spec.yaml"], []):
        result = run_cli("check", *args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr


def test_config_file_severity_disable_and_preset(tmp_path):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text(
        "extends: recommended\nrules:\n  pagination-missing: off\n  verb-in-path: error\n")
    code, found = findings(tmp_path, "spec.yaml")
    assert not any(rule == "pagination-missing" for rule, _ in found)
    assert ("verb-in-path", "error") in found and code == 1


def test_config_in_pyproject_and_minimal_preset(tmp_path):
    write(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.apilint]\nextends = "minimal"\n')
    _, found = findings(tmp_path, "spec.yaml")
    assert found == set()  # the spec has no hygiene problems


def test_bad_config_is_a_clear_error(tmp_path):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text("rules:\n  no-such-rule: error\n")
    result = run_cli("check", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "no-such-rule" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "apilint.yaml").write_text("rules:\n  verb-in-path: loud\n")
    result = run_cli("check", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "apilint.yaml" in result.stderr and "loud" in result.stderr


def test_per_path_ignores(tmp_path):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text(
        "ignore:\n  - paths: /createOrder\n    rules: [verb-in-path]\n  - files: '*.yaml'\n    rules: [pagination-missing]\n")
    _, found = findings(tmp_path, "spec.yaml")
    assert not {r for r, _ in found} & {"verb-in-path", "pagination-missing"}


def test_x_apilint_ignore_extension(tmp_path):
    text = SPEC.replace("  /createOrder:\n    post:\n", "  /createOrder:\n    x-apilint-ignore: [verb-in-path]\n    post:\n")
    _, found = findings(tmp_path, str(write(tmp_path, text)))
    assert "verb-in-path" not in {r for r, _ in found}
    assert "pagination-missing" in {r for r, _ in found}


def test_yaml_comment_suppression(tmp_path):
    same_line = SPEC.replace("    post:\n      operationId: createOrder",
                             "    post:  # apilint-ignore verb-in-path\n      operationId: createOrder")
    _, found = findings(tmp_path, str(write(tmp_path, same_line)))
    assert "verb-in-path" not in {r for r, _ in found}
    line_above = SPEC.replace("    get:\n      operationId: listOrders",
                              "    # apilint-ignore: pagination-missing\n    get:\n      operationId: listOrders")
    _, found = findings(tmp_path, str(write(tmp_path, line_above)))
    assert "pagination-missing" not in {r for r, _ in found} and "verb-in-path" in {r for r, _ in found}


def test_baseline_reports_only_new_findings(tmp_path):
    write(tmp_path)
    assert run_cli("check", "--no-cache", "--write-baseline", "baseline.json", "spec.yaml", cwd=tmp_path).returncode == 0
    code, found = findings(tmp_path, "--baseline", "baseline.json", "spec.yaml")
    assert found == set() and code == 0
    # a new problem appears, and lines shift: only the new one is reported
    write(tmp_path, "# a comment that shifts every line\n" + SPEC.replace(
        "/createOrder:", "/deleteThing:\n    delete:\n      operationId: removeThing\n      responses: {'204': {description: gone}}\n  /createOrder:"))
    code, found = findings(tmp_path, "--baseline", "baseline.json", "spec.yaml")
    assert found == {("verb-in-path", "warning"), ("error-responses-missing", "warning")}


def test_cache_is_reused_and_invalidated_by_referenced_files(tmp_path, monkeypatch):
    from apilint.engine import runner
    from apilint.engine.runner import LintOptions, lint_target

    (tmp_path / "schemas.yaml").write_text("Order: {type: object}\n")
    spec = write(tmp_path, SPEC.replace("schema: {type: array, items: {type: object}}",
                                        "schema: {type: array, items: {$ref: 'schemas.yaml#/Order'}}"))
    options = LintOptions()
    first = lint_target(str(spec), options)
    calls = []
    original = runner.issues_by_rule
    monkeypatch.setattr(runner, "issues_by_rule", lambda *a: calls.append(1) or original(*a))
    assert lint_target(str(spec), options).findings == first.findings and calls == []
    (tmp_path / "schemas.yaml").write_text("Order: {$ref: 'missing.yaml'}\n")
    changed = lint_target(str(spec), options)
    assert calls == [1] and any(f.rule == "ref-unresolved" for f in changed.findings)


def test_parallel_equals_serial(tmp_path):
    for index in range(4):
        write(tmp_path, SPEC.replace("Shop", f"Shop {index}"), f"spec{index}.yaml")
    serial = run_cli("check", "--no-cache", "-j", "1", "-f", "json", ".", cwd=tmp_path)
    parallel = run_cli("check", "--no-cache", "-j", "2", "-f", "json", ".", cwd=tmp_path)
    assert json.loads(serial.stdout)["findings"] == json.loads(parallel.stdout)["findings"]
    assert len({f["file"] for f in json.loads(serial.stdout)["findings"]}) == 4


def test_findings_point_into_referenced_files(tmp_path):
    (tmp_path / "paths").mkdir()
    (tmp_path / "paths" / "orders.yaml").write_text(textwrap.dedent("""\
        get:
          operationId: listOrders
          responses:
            '200':
              description: Orders
              content:
                application/json:
                  schema: {$ref: '../schemas/order.yaml#/OrderList'}
        """))
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "order.yaml").write_text(textwrap.dedent("""\
        # Orders
        OrderList:
          type: array
          items:
            $ref: '#/Missing'
        """))
    spec = write(tmp_path, "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /v1/orders:\n"
                           "    $ref: 'paths/orders.yaml'\n")
    result = lint_text(tmp_path, spec.read_text())
    by_rule = {f.rule: f for f in result.findings}
    pagination = by_rule["pagination-missing"]
    assert pagination.file.endswith("paths/orders.yaml") and (pagination.line, pagination.column) == (1, 1)
    assert pagination.pointer == "/get"
    unresolved = by_rule["ref-unresolved"]
    assert unresolved.file.endswith("schemas/order.yaml")
    assert (unresolved.line, unresolved.column, unresolved.pointer) == (5, 5, "/OrderList/items/$ref")


def test_json_positions_are_exact(tmp_path):
    text = ('{\n  "openapi": "3.0.3",\n  "info": {"title": "T", "version": "1"},\n  "paths": {\n'
            '    "/v1/getOrders": {\n      "get": {"operationId": "getOrders", "responses": {"200": {"description": "ok"}}}\n'
            '    }\n  }\n}\n')
    result = lint_text(tmp_path, text, name="spec.json")
    [finding] = [f for f in result.findings if f.rule == "verb-in-path"]
    assert (finding.line, finding.column, finding.pointer) == (6, 7, "/paths/~1v1~1getOrders/get")


def test_rules_command_json_and_doc():
    result = run_cli("rules", "--format", "json")
    rules = json.loads(result.stdout)
    assert {"id", "title", "severity", "sections", "formats"} <= set(rules[0])
    assert any(r["id"] == "pagination-missing" and "proto" in r["formats"] for r in rules)
    doc = run_cli("rules", "pagination-missing")
    assert doc.returncode == 0 and "3.2" in doc.stdout and "## Bad" in doc.stdout
    assert run_cli("rules", "nope").returncode == 2
