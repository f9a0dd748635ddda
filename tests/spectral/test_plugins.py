"""A rule plugin installed from a package (tests/data/plugin_pkg) is listed by `apilint rules` with its
origin, documented like a built-in rule, and reports with a position. It is installed with pip into a
temporary folder put on PYTHONPATH: the test venv itself stays clean."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, run_cli
from .helpers import SPEC

PACKAGE = ROOT / "tests" / "data" / "plugin_pkg"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> str:
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed: pip cannot build the fixture package offline")
    work = tmp_path_factory.mktemp("plugin")
    shutil.copytree(PACKAGE, work / "src")  # pip builds in place: keep the fixture folder clean
    target = work / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                           "--no-build-isolation", "--target", str(target), str(work / "src")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return str(target)


def with_plugin(plugin_path: str) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join([plugin_path, str(ROOT)])}


def test_rules_lists_the_plugin_rule_with_its_origin(plugin_path):
    done = run_cli("rules", env=with_plugin(plugin_path))
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("acme-owner-missing"))
    assert "Every operation names its owning team" in line and line.endswith("(plugin apilint-acme-rules 1.0.0)")
    assert "acme-owner-missing" not in run_cli("rules").stdout  # not installed in the test venv itself
    page = run_cli("rules", "acme-owner-missing", env=with_plugin(plugin_path)).stdout
    assert "- Origin: plugin apilint-acme-rules 1.0.0" in page and "## Bad (openapi)" in page


def test_the_plugin_rule_reports_with_a_position(plugin_path, tmp_path):
    (tmp_path / "spec.yaml").write_text(SPEC)
    done = run_cli("check", "--no-cache", "--preset", "minimal", "-f", "json", str(tmp_path / "spec.yaml"),
                   env=with_plugin(plugin_path))
    assert done.returncode == 1, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "acme-owner-missing"]
    assert [(f["line"], f["column"], f["pointer"], f["message"]) for f in found] == [
        (5, 5, "/paths/~1orders/get", "GET /orders names no owner (x-owner)")]


def test_a_plugin_that_fails_to_import_is_one_line_and_exit_2(tmp_path):
    site = tmp_path / "site"
    info = site / "broken_rules-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-rules\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[apilint.rules]\nbroken = broken_rules_missing_module\n")
    done = run_cli("rules", env={"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "apilint: rule plugin 'broken' (broken_rules_missing_module) failed to load: ModuleNotFoundError: "
        "No module named 'broken_rules_missing_module'"]


def test_fixture_package_declares_the_entry_point():
    assert '[project.entry-points."apilint.rules"]' in Path(PACKAGE / "pyproject.toml").read_text()
