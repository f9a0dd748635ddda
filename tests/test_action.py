"""The GitHub Action's shell steps, run the way a pull-request job runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.slow

BASE_SPEC = textwrap.dedent("""\
    openapi: 3.0.3
    info: {title: Orders, version: 1.0.0}
    servers: [{url: 'https://api.example.com/v1'}]
    paths:
      /orders/{order_id}:
        get:  # no operationId: a warning the annotations must show
          parameters: [{name: order_id, in: path, required: true, schema: {type: string, maxLength: 64}}]
          responses:
            '200':
              description: The order
              content:
                application/json:
                  schema:
                    type: object
                    required: [order_id]
                    properties:
                      order_id: {type: string}
                      total_cents: {type: integer}
            '404':
              description: No such order
              content:
                application/json:
                  schema:
                    type: object
                    properties: {code: {type: string}, message: {type: string}, request_id: {type: string}}
    """)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory):
    return tmp_path_factory.mktemp("runner-temp")


def make_repo(path: Path, head_spec: str) -> tuple[Path, str]:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "ci@example.com")
    git(path, "config", "user.name", "CI")
    (path / "openapi.yaml").write_text(BASE_SPEC)
    git(path, "add", ".")
    git(path, "commit", "-qm", "base")
    base = git(path, "rev-parse", "HEAD")
    (path / "openapi.yaml").write_text(head_spec)
    git(path, "commit", "-qam", "head")
    return path, base


def run_action(repo: Path, inputs: dict[str, str], runner_temp: Path) -> tuple[int, str, dict[str, str], str]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    files = {name: repo.parent / f"{repo.name}-{name}" for name in ("env", "output", "summary")}
    for file in files.values():
        file.write_text("")
    env = {**os.environ, "GITHUB_ENV": str(files["env"]), "GITHUB_OUTPUT": str(files["output"]),
           "GITHUB_STEP_SUMMARY": str(files["summary"]), "RUNNER_TEMP": str(runner_temp), "CI": "true"}

    def substitute(text: str) -> str:
        text = text.replace("${{ github.action_path }}", str(ROOT)).replace("${{ runner.temp }}", str(runner_temp))
        return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], text)

    log = ""
    code = 0
    for step in action["runs"]["steps"]:
        if "uses" in step:
            continue  # another action (the pip cache): GitHub's to run
        if step["name"] == "Install apilint" and (runner_temp / "apilint-venv" / "bin" / "apilint").exists():
            env["APILINT_VENV_PYTHON"] = str(runner_temp / "apilint-venv" / "bin" / "python")
            continue  # installed by an earlier run of this module: same runner, same venv
        step_env = {**env, **{k: substitute(str(v)) for k, v in step.get("env", {}).items()}}
        result = subprocess.run(["bash", "-e", "-c", substitute(step["run"])], cwd=repo, env=step_env,
                                capture_output=True, text=True, timeout=900)
        log += result.stdout + result.stderr
        for line in files["env"].read_text().splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        if result.returncode != 0:
            code = result.returncode
            break
    outputs = dict(line.split("=", 1) for line in files["output"].read_text().splitlines() if "=" in line)
    return code, files["summary"].read_text(), outputs, log


def test_removed_response_property_fails_the_job(tmp_path, runner_temp):
    repo, base = make_repo(tmp_path / "repo", BASE_SPEC.replace("                  total_cents: {type: integer}\n", ""))
    code, summary, outputs, log = run_action(repo, {"spec": "openapi.yaml", "base": base}, runner_temp)
    assert code == 1, log
    assert outputs["breaking"] == "true"
    assert "total_cents" in summary and "Breaking changes" in summary
    sarif = json.loads((repo / "apilint.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert "::warning file=openapi.yaml" in log  # annotations in the job log


def test_clean_head_passes(tmp_path, runner_temp):
    repo, base = make_repo(tmp_path / "repo", BASE_SPEC.replace("Orders, version: 1.0.0", "Orders, version: 1.1.0"))
    code, summary, outputs, log = run_action(repo, {"spec": "openapi.yaml", "base": base}, runner_temp)
    assert code == 0, log + summary
    assert outputs["breaking"] == "false" and "0 breaking change(s)" in summary
    assert int(outputs["findings"]) >= 1 and outputs["sarif"] == "apilint.sarif"


def test_an_unreadable_base_fails_the_job_with_one_error_line(tmp_path, runner_temp):
    repo, _ = make_repo(tmp_path / "repo", BASE_SPEC.replace("1.0.0", "1.0.1"))
    missing = "0123456789abcdef0123456789abcdef01234567"  # a shallow checkout does not have the base commit
    code, summary, outputs, log = run_action(repo, {"spec": "openapi.yaml", "base": missing}, runner_temp)
    assert code == 1, log
    [error] = [line for line in log.splitlines() if line.startswith("::error::")]
    assert f"cannot read the base revision {missing}" in error and "fetch-depth: 0" in error
    assert outputs["breaking"] == "false" and "0 breaking change(s)" in summary and "Could not run" in summary


def folder_repo(path: Path) -> tuple[Path, str]:
    """api/orders.yaml and api/legacy.yaml at the base; then a property removed from orders, legacy deleted
    and api/new.yaml added (with a component file beside them that is no spec root)."""
    (path / "api").mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "ci@example.com")
    git(path, "config", "user.name", "CI")
    (path / "api" / "orders.yaml").write_text(BASE_SPEC)
    (path / "api" / "legacy.yaml").write_text(BASE_SPEC)
    (path / "api" / "parts.yaml").write_text("type: object\n")
    git(path, "add", ".")
    git(path, "commit", "-qm", "base")
    base = git(path, "rev-parse", "HEAD")
    (path / "api" / "orders.yaml").write_text(BASE_SPEC.replace("                  total_cents: {type: integer}\n", ""))
    git(path, "rm", "-q", "api/legacy.yaml")
    (path / "api" / "new.yaml").write_text(BASE_SPEC)
    git(path, "add", ".")
    git(path, "commit", "-qm", "head")
    return path, base


@pytest.mark.parametrize("spec", ["api/", "api/*.yaml"])
def test_a_folder_or_glob_diffs_every_spec_root(tmp_path, runner_temp, spec):
    repo, base = folder_repo(tmp_path / "repo")
    code, summary, outputs, log = run_action(repo, {"spec": spec, "base": base}, runner_temp)
    assert code == 1 and outputs["breaking"] == "true", log + summary
    assert "`api/orders.yaml` | `response-property-removed`" in summary and "total_cents" in summary
    assert "api/legacy.yaml: spec removed" in summary and "api/new.yaml: new spec" in summary
    assert "parts.yaml" not in summary.split("## Lint findings")[0]
    assert "apilint-base-" not in summary + log and "is a directory" not in summary + log


def test_baseline_input_reaches_check(tmp_path, runner_temp):
    repo, base = make_repo(tmp_path / "repo", BASE_SPEC.replace("1.0.0", "1.0.1"))
    subprocess.run([sys.executable, "-m", "apilint", "check", "--write-baseline", "apilint-baseline.json",
                    "openapi.yaml"], cwd=repo, capture_output=True, check=False)
    assert (repo / "apilint-baseline.json").is_file()
    code, summary, outputs, log = run_action(repo, {"spec": "openapi.yaml", "base": base,
                                                    "baseline": "apilint-baseline.json"}, runner_temp)
    assert outputs["findings"] == "0", log + summary
    assert code == 0


def test_pip_downloads_are_cached_by_the_project_dependencies():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    steps = {step["name"]: step for step in action["runs"]["steps"]}
    cache = steps["Cache pip downloads"]
    assert cache["uses"].startswith("actions/cache@")
    assert steps["Install apilint"]["env"]["PIP_CACHE_DIR"] == cache["with"]["path"]
    assert "pyproject.toml" in steps["Pip cache key"]["run"] and "pip-cache.outputs.key" in cache["with"]["key"]
