"""`apilint diff --base REV` on a history holding symlinks: links that leave the tree are skipped,
never followed; links inside it still work."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

SPEC = """openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
paths:
  /v1/orders/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: 'linked.yaml#/Order'}}}
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_base_with_symlinks_in_history(cli, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    secret = tmp_path / "secret.yaml"
    secret.write_text("Order: {type: object, properties: {planted_secret_field: {type: string}}}\n")

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    (repo / "spec.yaml").write_text(SPEC)
    (repo / "schemas.yaml").write_text("Order: {type: object, properties: {id: {type: string}}}\n")
    os.symlink("schemas.yaml", repo / "linked.yaml")  # inside the tree: kept
    os.symlink(str(secret), repo / "absolute.yaml")  # absolute: skipped
    os.symlink("../secret.yaml", repo / "outside.yaml")  # leaves the tree: skipped
    os.symlink("../..", repo / "up")
    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("add", ".")
    git("commit", "-qm", "v1")
    (repo / "schemas.yaml").write_text("Order: {type: object, properties: {}}\n")  # id removed: a break
    result = cli("diff", "--base", "HEAD", "spec.yaml", cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "id" in result.stdout and "planted_secret_field" not in result.stdout + result.stderr
    for link in ("outside.yaml", "absolute.yaml"):  # the old spec refers through a link out of the tree
        (repo / "spec.yaml").write_text(SPEC.replace("linked.yaml", link))
        git("commit", "-qam", link)
        (repo / "spec.yaml").write_text(SPEC)
        result = cli("diff", "--base", "HEAD", "spec.yaml", cwd=repo)
        assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr
        assert "planted_secret_field" not in result.stdout + result.stderr
