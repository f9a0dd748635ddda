"""Change messages in plain words: values as JSON-like literals (never Python reprs), and a --base run never
shows the temporary folder the old version was extracted to."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from apilint.diff.change import shown


def test_values_are_shown_as_plain_literals():
    assert shown(["gpus"]) == "[gpus]"
    assert shown(True) == "true" and shown(False) == "false"
    assert shown(None) == "(none)"
    assert shown({"b", "a"}) == "[a, b]"
    assert shown({"type": "string", "nullable": True, "enum": [None, "x"]}) == (
        "{type: string, nullable: true, enum: [null, x]}")
    assert shown(64) == "64" and shown("int32") == "int32"


def test_messages_carry_no_python_reprs(cli, spec_pair):
    def edit(spec):
        new_order = spec["components"]["schemas"]["NewOrder"]
        new_order["required"] = []  # sku: required -> optional (a boolean before/after)
        spec["paths"]["/orders/{orderId}"]["get"]["parameters"][1]["schema"]["enum"] = ["items"]  # a list

    done = cli("diff", *spec_pair(edit))
    assert "(true -> false)" in done.stdout and "([customer] -> (none))" in done.stdout, done.stdout
    assert "True" not in done.stdout and "['" not in done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_base_errors_name_the_revision_not_a_temporary_folder(cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / "api").mkdir(parents=True)
    (repo / "api" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
    for args in (["init", "-q"], ["add", "."], ["-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    done = cli("diff", "--base", "HEAD", "api", cwd=repo)
    assert done.returncode == 2
    assert "apilint-base-" not in done.stderr + done.stdout
    assert done.stderr.strip() == "apilint: HEAD:api: is a directory, not a file"
