"""`apilint diff` as users run it: exit codes, output formats, --base from git."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest


def test_exit_codes_and_json_shape(cli, spec_pair):
    old, new = spec_pair(lambda s: s["paths"].pop("/orders"))
    done = cli("diff", old, new, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["breaking"] is True
    change = report["changes"][0]
    assert set(change) >= {"id", "level", "message", "operation", "old", "new", "location"}
    assert change["operation"] == "POST /orders"
    assert change["location"]["file"].endswith("old.json") and change["location"]["line"] > 1
    same = cli("diff", old, old, "--format", "json")
    assert same.returncode == 0 and json.loads(same.stdout) == {"breaking": False, "format": "openapi",
                                                                 "changes": []}


def test_fail_on_warning(cli, spec_pair):
    old, new = spec_pair(lambda s: s["components"]["schemas"]["Order"]["properties"]["status"]["enum"].append("x"))
    assert cli("diff", old, new).returncode == 0
    assert cli("diff", old, new, "--fail-on", "warning").returncode == 1


def test_bad_input_is_one_line_exit_2(cli, tmp_path, spec_pair):
    old, _ = spec_pair()
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\npaths: {\n")
    done = cli("diff", old, str(broken))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "broken.yaml" in done.stderr
    assert cli("diff", old).returncode == 2


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "sarif"])
def test_every_format_names_the_breaking_change(cli, spec_pair, fmt):
    old, new = spec_pair(lambda s: s["paths"].pop("/orders"))
    done = cli("diff", old, new, "--format", fmt)
    assert done.returncode == 1
    assert "path-removed" in done.stdout
    if fmt == "sarif":
        run = json.loads(done.stdout)["runs"][0]
        assert run["results"][0]["level"] == "error"
        assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
    if fmt == "markdown":
        assert done.stdout.index("Breaking") < done.stdout.index("POST /orders")
    if fmt == "github":
        assert done.stdout.startswith("::error file=")


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_base_ref_reads_a_multi_file_spec_from_git(cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / "api").mkdir(parents=True)

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    def write(max_length):
        (repo / "api" / "schemas.yaml").write_text(f"Name:\n  type: string\n  maxLength: {max_length}\n")
        (repo / "api" / "openapi.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      requestBody:\n"
            "        content:\n          application/json:\n            schema: {$ref: 'schemas.yaml#/Name'}\n"
            "      responses: {'204': {description: ok}}\n")

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    write(64)
    git("add", ".")
    git("commit", "-qm", "v1")
    git("tag", "v1")
    write(16)  # uncommitted working-tree change
    done = cli("diff", "--base", "v1", str(repo / "api" / "openapi.yaml"), "--format", "json")
    assert done.returncode == 1, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert change["id"] == "request-body-max-length-decreased" and change["old"] == 64 and change["new"] == 16
    assert change["location"]["file"].endswith("schemas.yaml")
    missing = cli("diff", "--base", "no-such-ref", str(repo / "api" / "openapi.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_ignore_file_on_the_command_line(cli, spec_pair, tmp_path):
    old, new = spec_pair(lambda s: s["paths"].pop("/orders"))
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text("ignore:\n  - id: path-removed\n    path: /orders\n")
    done = cli("diff", old, new, "--ignore", str(ignore))
    assert done.returncode == 0 and "accepted" in done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_base_ref_with_a_proto_folder(cli, tmp_path):
    repo = tmp_path / "repo"
    protos = repo / "protos" / "shop" / "v1"
    protos.mkdir(parents=True)

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    (protos / "order.proto").write_text('syntax = "proto3";\npackage shop.v1;\nimport "shop/v1/money.proto";\n'
                                        "message Order {\n  string id = 1;\n  Money total = 2;\n}\n")
    (protos / "money.proto").write_text('syntax = "proto3";\npackage shop.v1;\n'
                                        "message Money {\n  int64 units = 1;\n  string currency = 2;\n}\n")
    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("add", ".")
    git("commit", "-qm", "v1")
    (protos / "money.proto").write_text('syntax = "proto3";\npackage shop.v1;\n'
                                        "message Money {\n  int64 units = 1;\n  string currency_code = 2;\n}\n")
    done = cli("diff", "--base", "HEAD", str(repo / "protos"), "--format", "json")
    assert done.returncode == 1, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert change["id"] == "FIELD_SAME_NAME" and change["element"] == "shop.v1.Money.currency_code"
    assert change["location"]["file"].endswith("protos/shop/v1/money.proto") and change["location"]["line"] == 5
