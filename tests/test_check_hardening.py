"""`apilint check` on the everyday path and under hostile input (issue 15/16): cache, --rule, ignore
paths over shared components, baseline, output files, -j. Bad input is one line, exit 2, never a
traceback; a crash never exits 1 like findings do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT, run_cli
from .test_engine import SPEC, write


def one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


# -- 1. cache: a result cached under one spelling of the path serves another ------------------------
def test_cache_serves_another_spelling_of_the_same_spec(tmp_path):
    write(tmp_path, name="museum.yaml")
    write(tmp_path, SPEC.replace("Shop", "Other"), name="other.yaml")
    first = run_cli("check", "-f", "json", "museum.yaml", cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    for args in (["."], ["-j", "2", "."], ["./museum.yaml", "other.yaml"]):
        result = run_cli("check", "-f", "json", *args, cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert {f["file"] for f in json.loads(result.stdout)["findings"]} == {"museum.yaml", "other.yaml"}


def test_cache_entry_is_per_current_folder(tmp_path):
    """File names in findings are relative to the current folder: another folder is another entry."""
    (tmp_path / "api").mkdir()
    write(tmp_path / "api", name="museum.yaml")
    from_top = run_cli("check", "-f", "json", "api/museum.yaml", cwd=tmp_path)
    from_api = run_cli("check", "-f", "json", "museum.yaml", cwd=tmp_path / "api")
    assert {f["file"] for f in json.loads(from_top.stdout)["findings"]} == {"api/museum.yaml"}
    assert {f["file"] for f in json.loads(from_api.stdout)["findings"]} == {"museum.yaml"}


# -- 2. cache: damaged entries are recomputed; a missing $ref target is part of the key -------------
@pytest.mark.parametrize("damage", [
    "not json {", "[]", '{"files": [], "result": {}}', '{"files": {"/x": 5}, "result": {}}',
    '{"files": {}, "result": {"target": "x"}}', '{"files": {}, "result": {"findings": 3, "files": []}}',
    '{"files": {}, "result": {"findings": [{"rule": "no-such-rule", "severity": "error", "message": "m", '
    '"file": "f", "line": 1, "column": 1, "pointer": ""}], "files": []}}',
    '{"files": {}, "result": {"findings": [{"rule": "verb-in-path", "severity": "error", "message": "m", '
    '"file": "f", "line": "1", "column": 1, "pointer": ""}], "files": []}}',
    '{"files": {}, "result": {"findings": [[1]], "files": []}}', "\x80\x81 binary",
])
def test_damaged_cache_entries_are_recomputed(tmp_path, damage):
    write(tmp_path)
    cache = os.environ["APILINT_CACHE_DIR"]
    clean = run_cli("check", "-f", "json", "spec.yaml", cwd=tmp_path)
    (entry,) = [name for name in os.listdir(cache) if name.endswith(".json")]
    with open(os.path.join(cache, entry), "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(damage)
    again = run_cli("check", "-f", "json", "spec.yaml", cwd=tmp_path)
    assert again.returncode == clean.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    assert json.loads(again.stdout)["findings"] == json.loads(clean.stdout)["findings"]


def test_cache_is_invalidated_when_a_missing_ref_target_appears(tmp_path):
    from apilint.engine.runner import LintOptions, lint_target

    spec = write(tmp_path, SPEC.replace("schema: {type: array, items: {type: object}}",
                                        "schema: {type: array, items: {$ref: 'schemas.yaml#/Order'}}"))
    options = LintOptions()
    assert any(f.rule == "ref-unresolved" for f in lint_target(str(spec), options).findings)
    (tmp_path / "schemas.yaml").write_text("Order: {type: object}\n")
    assert not any(f.rule == "ref-unresolved" for f in lint_target(str(spec), options).findings)


# -- 3. --rule runs the named rule whatever the preset; an unknown id suggests close ones ------------
def test_naming_a_rule_runs_it_outside_the_preset(tmp_path):
    write(tmp_path)
    (tmp_path / "apilint.yaml").write_text("rules:\n  verb-in-path: off\n")
    for rule in ("rate-limit-undocumented", "verb-in-path"):  # strict-only / turned off in the config
        result = run_cli("check", "--no-cache", "-f", "json", "--rule", rule, "spec.yaml", cwd=tmp_path)
        assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {rule}, result.stderr


def test_unknown_rule_is_a_usage_error_with_close_matches(tmp_path):
    write(tmp_path)
    one_line_error(run_cli("check", "--rule", "input-unbound", "spec.yaml", cwd=tmp_path),
                   "unknown rule id 'input-unbound'", "did you mean input-unbounded?")


# -- 4. ignore.paths covers a finding in a shared component reached only from ignored paths ---------
REACH_SPEC = textwrap.dedent("""\
    openapi: 3.0.3
    info: {title: Events, version: 1.0.0}
    paths:
      /special-events/{id}:
        get:
          operationId: getSpecialEvent
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses:
            '200':
              description: ok
              content: {application/json: {schema: {$ref: '#/components/schemas/Special'}}}
      /special-events-archive:
        get:
          operationId: getArchive
          responses:
            '200':
              description: ok
              content: {application/json: {schema: {$ref: 'shared.yaml#/Archive'}}}
      /orders/{id}:
        get:
          operationId: getOrder
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses:
            '200':
              description: ok
              content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}
    components:
      schemas:
        Special:
          type: object
          properties:
            m: {$ref: '#/Nope'}
            inner: {$ref: '#/components/schemas/Nested'}
        Nested: {type: object, properties: {m: {$ref: '#/Nope'}}}
        Both:
          type: object
          properties:
            m: {$ref: '#/Nope'}
            special: {$ref: '#/components/schemas/Special'}
    """)
SHARED = "Archive: {type: object, properties: {m: {$ref: '#/Nope'}}}\n"


def reported(tmp_path, config: str) -> set[str]:
    """Which schemas get the `ref-unresolved` of their property `m`, as file#pointer."""
    (tmp_path / "apilint.yaml").write_text(config)
    result = run_cli("check", "--no-cache", "-f", "json", "spec.yaml", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return {f"{f['file']}#{f['pointer'].removesuffix('/properties/m/$ref')}"
            for f in json.loads(result.stdout)["findings"] if f["rule"] == "ref-unresolved"}


def test_ignore_paths_covers_components_reached_only_from_ignored_paths(tmp_path):
    write(tmp_path, REACH_SPEC)
    (tmp_path / "shared.yaml").write_text(SHARED)
    everything = reported(tmp_path, "ignore: []\n")
    assert everything == {"spec.yaml#/components/schemas/Special", "spec.yaml#/components/schemas/Nested",
                          "spec.yaml#/components/schemas/Both", "shared.yaml#/Archive"}
    ignore = "ignore:\n  - paths: '{}'\n    rules: [ref-unresolved]\n"
    # Archive (another file) is used only by an ignored path; Special and Nested (reached through
    # Special) are also reached from /orders/{id} through Both, so they are still reported.
    assert everything - reported(tmp_path, ignore.format("/special-events*")) == {"shared.yaml#/Archive"}
    assert reported(tmp_path, ignore.format("/*")) == set()
    assert reported(tmp_path, ignore.format("/orders/*")) == everything - {"spec.yaml#/components/schemas/Both"}


def test_ignore_paths_silences_a_component_of_only_ignored_paths(tmp_path):
    write(tmp_path, REACH_SPEC.replace("special: {$ref: '#/components/schemas/Special'}", "special: {type: object}"))
    (tmp_path / "shared.yaml").write_text(SHARED)
    ignore = "ignore:\n  - paths: '/special-events*'\n    rules: [ref-unresolved]\n"
    assert reported(tmp_path, ignore) == {"spec.yaml#/components/schemas/Both"}


# -- 5. baselines ------------------------------------------------------------------------------------
def test_write_baseline_is_a_success_and_says_how_many(tmp_path):
    write(tmp_path)
    result = run_cli("check", "--no-cache", "--write-baseline", "baseline.json", "spec.yaml", cwd=tmp_path)
    recorded = len(json.loads((tmp_path / "baseline.json").read_text())["findings"])
    assert result.returncode == 0 and recorded > 0
    assert f"recorded {recorded} finding(s) in baseline.json" in result.stderr


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, '{"findings": [1]}', '{"findings": {"a": 1}}',
                                     "[]", '{"findings": [{"rule": 1, "file": "x", "pointer": ""}]}', "{oops"],
                         ids=["nested-100000-deep", "entry-not-object", "findings-not-list", "not-object",
                              "rule-not-string", "invalid-json"])  # short ids: pytest puts the id in an environment variable
def test_malformed_baseline_is_one_line(tmp_path, content):
    write(tmp_path)
    (tmp_path / "baseline.json").write_text(content)
    one_line_error(run_cli("check", "--no-cache", "--baseline", "baseline.json", "spec.yaml", cwd=tmp_path),
                   "baseline.json", "not an apilint baseline file")


# -- 7. output files and stdout ---------------------------------------------------------------------
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
@pytest.mark.parametrize("target", ["missing/out.txt", ".", "/dev/full", "readonly/out.txt"])
def test_unwritable_output_is_one_line(tmp_path, option, target):
    write(tmp_path)
    (tmp_path / "readonly").mkdir(mode=0o500)
    if target.startswith("readonly") and os.access(tmp_path / "readonly", os.W_OK):
        pytest.skip("running as a user that can write anywhere")
    one_line_error(run_cli("check", "--no-cache", option, target, "spec.yaml", cwd=tmp_path), target,
                   "cannot write the")


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_over_an_input_is_refused_before_writing(tmp_path, option):
    write(tmp_path)
    (tmp_path / "schemas.yaml").write_text("Order: {type: object}\n")
    write(tmp_path, SPEC.replace("schema: {type: array, items: {type: object}}",
                                 "schema: {type: array, items: {$ref: 'schemas.yaml#/Order'}}"), name="ref.yaml")
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    for output, inputs in (("spec.yaml", ["spec.yaml"]), ("./spec.yaml", ["."]), ("schemas.yaml", ["ref.yaml"])):
        one_line_error(run_cli("check", "--no-cache", option, output, *inputs, cwd=tmp_path), "over an input file")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before


def test_closed_stdout_and_broken_pipe_are_not_tracebacks(tmp_path):
    write(tmp_path)
    closed = subprocess.run(f"{sys.executable} -m apilint check --no-cache spec.yaml >&-", shell=True, cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    one_line_error(closed, "standard output is closed")
    process = subprocess.Popen([sys.executable, "-m", "apilint", "check", "--no-cache", "--preset", "strict",
                                "-f", "json", str(ROOT / "examples/openapi/bad.yaml")] * 1,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.close()  # the reader went away (`| head`) before the report was written
    stderr = process.stderr.read().decode()
    assert process.wait() == 1 and "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


# -- 8. -j is bounded --------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["99999999999999999999", "-1", "many", "100000"])
def test_jobs_out_of_range_is_a_usage_error(tmp_path, jobs):
    write(tmp_path)
    result = run_cli("check", "--no-cache", "-j", jobs, "spec.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "-j/--jobs" in result.stderr


def test_never_more_processes_than_specs_or_four_per_core():
    from apilint.engine.runner import worker_count

    cores = os.cpu_count() or 1
    assert worker_count(1000, 2) == 2
    assert worker_count(1000, 10_000) == cores * 4
    assert worker_count(0, 10_000) == cores and worker_count(3, 1) == 1


# -- 9. one bad spec in a parallel run ---------------------------------------------------------------
def test_parallel_run_keeps_other_specs_results_beside_a_bad_one(tmp_path):
    for index in range(3):
        write(tmp_path, SPEC.replace("Shop", f"Shop {index}"), f"spec{index}.yaml")
    # an integer too long for Python's int conversion, in an otherwise valid spec
    (tmp_path / "bad.yaml").write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-big: "
                                       + "1" * 5000 + "\n")
    result = run_cli("check", "--no-cache", "-j", "2", "-f", "json", ".", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "bad.yaml" in result.stderr
    assert {f["file"] for f in json.loads(result.stdout)["findings"]} == {f"spec{i}.yaml" for i in range(3)}


def test_an_unexpected_error_exits_2_not_1(monkeypatch, capsys):
    from apilint import cli

    def boom(args):
        raise ValueError("boom")

    monkeypatch.setattr("apilint.commands.check.run", boom)
    assert cli.main(["check", "spec.yaml"]) == 2
    assert capsys.readouterr().err == "apilint: internal error: ValueError: boom (please report this)\n"
