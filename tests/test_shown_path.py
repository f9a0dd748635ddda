"""A file is shown relative to the working directory when it is inside it, absolute otherwise — never as
``../../../tmp/x/spec.yaml`` (issue 15). Baselines and ignore globs keep matching the cwd-relative
spelling they were written with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from apilint.errors import cwd_relative, shown_path

from .conftest import run_cli

SPEC = """openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /getOrders:
    get:
      responses:
        '200': {description: ok}
"""
NEW = SPEC.replace("        '200': {description: ok}\n", "        '201': {description: ok}\n")
BROKEN = "openapi: 3.0.3\ninfo: {title: t\n"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(parent, the folder the spec is in, a sibling folder to run from: the spec is outside it)."""
    (tmp_path / "api").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "api" / "spec.yaml").write_text(SPEC)
    (tmp_path / "api" / "new.yaml").write_text(NEW)
    (tmp_path / "api" / "broken.yaml").write_text(BROKEN)
    return tmp_path, tmp_path / "api", tmp_path / "elsewhere"


def test_shown_path_is_relative_inside_the_cwd_and_absolute_outside(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert shown_path("a/./b.yaml") == "a/b.yaml"
    assert shown_path(str(tmp_path / "sub" / "x.yaml")) == "x.yaml"
    assert shown_path(".") == "."
    assert shown_path("../x.yaml") == (tmp_path / "x.yaml").as_posix()
    assert shown_path(str(tmp_path / "x.yaml")) == (tmp_path / "x.yaml").as_posix()
    assert shown_path(str(tmp_path / "subway.yaml")) == (tmp_path / "subway.yaml").as_posix()  # not under sub/
    assert cwd_relative(str(tmp_path / "x.yaml")) == "../x.yaml"  # what baselines and ignore globs match


def test_check_names_a_spec_outside_the_cwd_by_its_absolute_path(layout):
    parent, api, elsewhere = layout
    outside = run_cli("check", "--no-cache", "--fail-on", "warning", str(api / "spec.yaml"), cwd=elsewhere)
    inside = run_cli("check", "--no-cache", "--fail-on", "warning", str(api / "spec.yaml"), cwd=parent)
    assert outside.returncode == inside.returncode == 1, outside.stderr
    assert outside.stdout.splitlines()[0] == (api / "spec.yaml").as_posix()
    assert "../" not in outside.stdout
    assert inside.stdout.splitlines()[0] == "api/spec.yaml" and str(parent) not in inside.stdout
    assert outside.stdout.replace(f"{parent.as_posix()}/", "") == inside.stdout


def test_check_json_and_sarif_outside_the_cwd(layout):
    _, api, elsewhere = layout
    report = json.loads(run_cli("check", "--no-cache", "-f", "json", "../api/spec.yaml", cwd=elsewhere).stdout)
    assert {f["file"] for f in report["findings"]} == {(api / "spec.yaml").as_posix()}
    sarif = json.loads(run_cli("check", "--no-cache", "-f", "sarif", "../api/spec.yaml", cwd=elsewhere).stdout)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"] for loc in result["locations"]}
    assert uris == {"../api/spec.yaml"}  # relative to %SRCROOT%, as before


def test_a_one_line_error_names_the_file_outside_the_cwd_absolutely(layout):
    parent, api, elsewhere = layout
    outside = run_cli("check", "--no-cache", "../api/broken.yaml", cwd=elsewhere)
    inside = run_cli("check", "--no-cache", "api/broken.yaml", cwd=parent)
    assert outside.returncode == inside.returncode == 2
    assert f"apilint: {(api / 'broken.yaml').as_posix()}:3:1: invalid YAML" in outside.stderr, outside.stderr
    assert "apilint: api/broken.yaml:3:1: invalid YAML" in inside.stderr, inside.stderr
    missing = run_cli("check", "../api/missing.yaml", cwd=elsewhere)
    assert missing.stderr.strip() == f"apilint: {(api / 'missing.yaml').as_posix()}: no such file or folder"


def test_diff_names_specs_outside_the_cwd_absolutely(layout):
    parent, api, elsewhere = layout
    outside = run_cli("diff", "../api/spec.yaml", "../api/new.yaml", cwd=elsewhere)
    inside = run_cli("diff", "api/spec.yaml", "api/new.yaml", cwd=parent)
    assert outside.returncode == inside.returncode == 1, outside.stderr
    assert f"{(api / 'new.yaml').as_posix()}:" in outside.stdout and "../" not in outside.stdout
    assert "api/new.yaml:" in inside.stdout and str(parent) not in inside.stdout
    broken = run_cli("diff", "../api/spec.yaml", "../api/broken.yaml", cwd=elsewhere)
    assert broken.returncode == 2
    assert f"{(api / 'broken.yaml').as_posix()}:3:1: invalid YAML" in broken.stderr, broken.stderr


def test_a_baseline_written_before_still_matches_and_keeps_its_spelling(layout):
    elsewhere = layout[2]
    found = json.loads(run_cli("check", "--no-cache", "-f", "json", "../api/spec.yaml", cwd=elsewhere).stdout)
    # what apilint wrote before paths were shown absolutely: the cwd-relative spelling
    old = [{"rule": f["rule"], "file": "../api/spec.yaml", "pointer": f["pointer"]} for f in found["findings"]]
    (elsewhere / "old.json").write_text(json.dumps({"apilint_baseline": 1, "findings": old}))
    result = run_cli("check", "--no-cache", "--baseline", "old.json", "../api/spec.yaml", cwd=elsewhere)
    assert result.returncode == 0, result.stdout
    written = run_cli("check", "--no-cache", "--write-baseline", "new.json", "../api/spec.yaml", cwd=elsewhere)
    assert written.returncode == 0, written.stderr
    entries = json.loads((elsewhere / "new.json").read_text())["findings"]
    assert entries and {e["file"] for e in entries} == {"../api/spec.yaml"}


def test_an_ignore_glob_written_against_the_relative_spelling_still_matches(layout):
    _, _, elsewhere = layout
    (elsewhere / "apilint.yaml").write_text("ignore:\n  - files: '../api/*.yaml'\n")
    result = run_cli("check", "--no-cache", "../api/spec.yaml", cwd=elsewhere)
    assert result.returncode == 0, result.stdout


def test_replay_and_contracts_name_a_folder_outside_the_cwd_absolutely(layout):
    parent, _, elsewhere = layout
    replay = run_cli("replay", "../nothing", "--target", "http://127.0.0.1:9", cwd=elsewhere)
    assert replay.returncode == 2
    assert f"{(parent / 'nothing').as_posix()}: no such file or folder" in replay.stderr, replay.stderr
    built = run_cli("contracts", "build", "../nothing", "--out", "out", cwd=elsewhere)
    assert built.returncode == 2
    assert f"{(parent / 'nothing').as_posix()}: not a recording folder" in built.stderr, built.stderr


def test_inside_the_cwd_nothing_changes(layout, monkeypatch):
    parent, _, _ = layout
    monkeypatch.chdir(parent)
    for spelling in ("api/spec.yaml", "./api/spec.yaml", str(parent / "api" / "spec.yaml")):
        assert shown_path(spelling) == os.path.relpath(spelling) == cwd_relative(spelling)


def test_junit_names_a_clean_spec_outside_the_cwd_by_its_absolute_path(layout):
    parent, api, elsewhere = layout
    (api / "clean.yaml").write_text((Path(__file__).parent.parent / "examples/openapi/good.yaml").read_text())
    junit = run_cli("check", "--no-cache", "-f", "junit", "../api/clean.yaml", cwd=elsewhere)
    assert junit.returncode == 0, junit.stderr
    assert f'<testsuite name="{(api / "clean.yaml").as_posix()}"' in junit.stdout and "../" not in junit.stdout
    inside = run_cli("check", "--no-cache", "-f", "junit", "./api/clean.yaml", cwd=parent)
    assert '<testsuite name="api/clean.yaml"' in inside.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_diff_base_names_the_repository_file_not_the_temporary_one(layout):
    parent, api, elsewhere = layout
    for args in (["init", "-q"], ["add", "."], ["-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=parent, check=True, capture_output=True)
    (api / "spec.yaml").write_text(NEW)
    (api / "broken.yaml").write_text(SPEC)  # broken at the base
    outside = run_cli("diff", "--base", "HEAD", "-f", "json", "../api/spec.yaml", cwd=elsewhere)
    inside = run_cli("diff", "--base", "HEAD", "-f", "json", "api/spec.yaml", cwd=parent)
    assert outside.returncode == inside.returncode == 1, outside.stderr
    files = [{c["location"]["file"] for c in json.loads(r.stdout)["changes"]} for r in (outside, inside)]
    assert files == [{(api / "spec.yaml").as_posix()}, {"api/spec.yaml"}]
    broken = run_cli("diff", "--base", "HEAD", "../api/broken.yaml", cwd=elsewhere)
    assert broken.returncode == 2 and "apilint: HEAD:api/broken.yaml:3:1: invalid YAML" in broken.stderr, broken.stderr
