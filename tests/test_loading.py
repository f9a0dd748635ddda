"""Bad and hostile input: one clear line with file and position, exit 2, never a traceback or a hang."""

from __future__ import annotations

import time

import pytest

from apilint.errors import InputError
from apilint.load.workspace import Workspace

from .conftest import lint_text, run_cli

MINIMAL = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\n"


def check_file(tmp_path, content: bytes | str, name: str = "spec.yaml"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return run_cli("check", "--no-cache", str(path))


def assert_clean_error(result, *fragments: str):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_empty_file(tmp_path):
    assert_clean_error(check_file(tmp_path, ""), "spec.yaml:1:1", "empty file")


def test_binary_file(tmp_path):
    assert_clean_error(check_file(tmp_path, b"openapi: 3.0.3\n\x00\x01\x02"), "spec.yaml:2:1", "binary")


def test_not_utf8(tmp_path):
    assert_clean_error(check_file(tmp_path, b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n"), "spec.yaml:3:13",
                       "not UTF-8")


def test_invalid_yaml_has_position(tmp_path):
    assert_clean_error(check_file(tmp_path, "openapi: 3.0.3\ninfo: [unclosed\npaths: {}\n"), "spec.yaml:", "invalid YAML")


def test_invalid_json_has_position(tmp_path):
    assert_clean_error(check_file(tmp_path, '{"openapi": "3.0.3",\n "info": }', "spec.json"), "spec.json:2:10",
                       "invalid JSON")


def test_not_openapi(tmp_path):
    assert_clean_error(check_file(tmp_path, "name: my-app\nversion: 2\n"), "no 'openapi' or 'swagger'")


def test_unsupported_version(tmp_path):
    assert_clean_error(check_file(tmp_path, "openapi: 4.0.0\ninfo: {title: T, version: '1'}\n"),
                       "unsupported OpenAPI version")


def test_missing_file():
    assert_clean_error(run_cli("check", "no/such/spec.yaml"), "no/such/spec.yaml", "no such file")


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["openapi: 3.0.3", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    started = time.monotonic()
    result = check_file(tmp_path, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 30
    assert_clean_error(result, "alias bomb")


@pytest.mark.parametrize("depth", [500, 100_000])
def test_deep_yaml_nesting(tmp_path, depth):
    result = check_file(tmp_path, "openapi: 3.0.3\nx: " + "[" * depth + "]" * depth + "\n")
    assert_clean_error(result, "nest")


def test_deep_json_nesting(tmp_path):
    result = check_file(tmp_path, '{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "spec.json")
    assert_clean_error(result, "spec.json", "nested too deeply")


def test_file_size_limit(tmp_path, monkeypatch):
    from apilint.load import gate

    monkeypatch.setattr(gate, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + "# padding\n" * 20)
    with pytest.raises(InputError, match="apilint reads at most"):
        Workspace(str(path))


def _findings(result, rule):
    assert result.error is None, result.error
    return [f for f in result.findings if f.rule == rule]


def test_duplicate_keys_are_findings_with_position(tmp_path):
    yaml_result = lint_text(tmp_path, MINIMAL.replace("paths: {}", "paths: {}\ninfo: {title: X, version: '2'}"))
    [finding] = _findings(yaml_result, "duplicate-key")
    assert (finding.line, finding.column, finding.pointer) == (4, 1, "/info")
    json_text = '{"openapi": "3.0.3",\n "info": {"title": "T", "version": "1"},\n "paths": {},\n "paths": {}}'
    [finding] = _findings(lint_text(tmp_path, json_text, name="spec.json"), "duplicate-key")
    assert (finding.line, finding.column, finding.pointer) == (4, 2, "/paths")


def test_remote_ref_is_not_fetched(tmp_path, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("apilint tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    spec = MINIMAL.replace("paths: {}", "paths:\n  /v1/a:\n    $ref: 'https://example.com/paths.yaml#/a'")
    [finding] = _findings(lint_text(tmp_path, spec), "ref-remote")
    assert finding.pointer == "/paths/~1v1~1a/$ref" and finding.line == 5


def test_ref_outside_root_is_not_read(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    (tmp_path / "api").mkdir()
    spec = MINIMAL.replace("paths: {}", "paths:\n  /v1/a:\n    $ref: '../secret.yaml'")
    path = tmp_path / "api" / "spec.yaml"
    path.write_text(spec)
    workspace = Workspace(str(path))
    from apilint.model.openapi import build_openapi

    build_openapi(workspace)
    assert str(secret) not in workspace.files
    assert [p.rule for p in workspace.problems] == ["ref-outside-root"]
    # allowed explicitly, the same ref is followed
    allowed = Workspace(str(path), allow_outside=True)
    build_openapi(allowed)
    assert str(secret) in allowed.files


def test_missing_target_and_cycle(tmp_path):
    spec = MINIMAL.replace("paths: {}", """paths:
  /v1/a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
        '404':
          description: no
          content:
            application/json:
              schema: {$ref: 'other.yaml#/Missing'}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
""")
    result = lint_text(tmp_path, spec)
    assert [f.pointer for f in _findings(result, "ref-cycle")] == ["/components/schemas/A/$ref"]
    [missing] = _findings(result, "ref-unresolved")
    assert "other.yaml" in missing.message and (missing.line, missing.column) == (16, 24)


def test_recursive_schema_is_fine_and_bounded(tmp_path):
    spec = MINIMAL.replace("paths: {}", """paths:
  /v1/nodes/{node_id}:
    get:
      operationId: getNode
      parameters: [{name: node_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        children: {type: array, maxItems: 10, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
""")
    result = lint_text(tmp_path, spec)
    assert result.error is None
    assert not [f for f in result.findings if f.rule.startswith("ref-")]


def test_structural_errors_are_findings(tmp_path):
    result = lint_text(tmp_path, "openapi: 3.0.3\ninfo: {title: T}\npaths: {}\n")
    [finding] = _findings(result, "oas-schema-invalid")
    assert finding.pointer == "/info" and finding.line == 2 and "version" in finding.message
