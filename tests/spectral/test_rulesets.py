"""Spectral ruleset features: aliases, formats, overrides, except, message templates, extends, severities,
JSONPath-Plus forms, and the one-line errors for what apilint cannot run."""

from __future__ import annotations

import textwrap

from ..conftest import run_cli
from .helpers import SPEC, findings, write

OAS2 = """\
swagger: "2.0"
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
"""


def test_aliases_expand_per_document_format_and_nest(tmp_path):
    ruleset = textwrap.dedent("""\
        aliases:
          PathItem: ["$.paths[*]"]
          Operation: ["#PathItem[get,put,post,delete]"]
          Response:
            targets:
              - formats: [oas2]
                given: ["#Operation.responses[*]"]
              - formats: [oas3]
                given: ["$.components.responses[*]"]
        rules:
          response-summary:
            given: "#Response"
            then: {field: x-summary, function: truthy}
          op-summary:
            given: "#Operation"
            then: {field: summary, function: truthy}
        """)
    found = {(rule, pointer) for rule, pointer, _, _ in findings(tmp_path, ruleset, OAS2)}
    assert found == {("op-summary", "/paths/~1orders/get"), ("response-summary", "/paths/~1orders/get/responses/200")}
    found = {(rule, pointer) for rule, pointer, _, _ in findings(tmp_path, ruleset, SPEC)}
    assert found == {("op-summary", "/paths/~1orders/get")}  # oas3: responses only under components


def test_rule_formats_limit_it_to_those_documents(tmp_path):
    ruleset = "rules:\n  host:\n    formats: [oas2]\n    given: $\n    then: {field: host, function: truthy}\n"
    assert [r for r, *_ in findings(tmp_path, ruleset, OAS2)] == ["host"]
    assert findings(tmp_path, ruleset, SPEC) == []


def test_message_templates(tmp_path):
    ruleset = textwrap.dedent("""\
        rules:
          op-summary:
            description: Operations have a summary
            message: "{{property}} at {{path}} ({{description}}): {{error}}"
            given: "$.paths[*][get]"
            then: {field: summary, function: truthy}
          id-case:
            message: "{{value}} is not kebab"
            given: "$.paths[*][get].operationId"
            then: {function: casing, functionOptions: {type: kebab}}
          no-message:
            description: Operations have tags
            given: "$.paths[*][get]"
            then: {field: tags, function: truthy}
        """)
    messages = {rule: message for rule, _, message, _ in findings(tmp_path, ruleset)}
    assert messages == {
        "op-summary": 'summary at #/paths/~1orders/get (Operations have a summary): "summary" property must be truthy',
        "id-case": "listOrders is not kebab",
        "no-message": "Operations have tags",  # no message: the description, like Spectral
    }


def test_severities_numbers_recommended_and_apilint_yaml_settings(tmp_path):
    ruleset = textwrap.dedent("""\
        rules:
          a: {severity: 0, given: "$.info", then: {field: contact, function: truthy}}
          b: {severity: hint, given: "$.info", then: {field: license, function: truthy}}
          c: {recommended: false, given: "$.info", then: {field: summary, function: truthy}}
          d: {severity: off, given: "$.info", then: {field: termsOfService, function: truthy}}
        """)
    assert {(r, s) for r, _, _, s in findings(tmp_path, ruleset)} == {("a", "error"), ("b", "hint")}
    (tmp_path / "child.yaml").write_text("extends: [./.spectral.yaml]\nrules:\n  a: warn\n  c: info\n  b: false\n")
    found = findings(tmp_path, (tmp_path / ".spectral.yaml").read_text(), extends="[./child.yaml]")
    assert {(r, s) for r, _, _, s in found} == {("a", "warning"), ("c", "info")}


def test_apilint_yaml_rules_set_a_custom_rules_severity_and_keep_the_preset(tmp_path):
    ruleset = "rules:\n  contact:\n    given: $.info\n    then: {field: contact, function: truthy}\n"
    write(tmp_path, ruleset)
    (tmp_path / "apilint.yaml").write_text("extends: [minimal, ./.spectral.yaml]\nrules:\n  contact: error\n")
    done = run_cli("check", "--no-cache", "-c", str(tmp_path / "apilint.yaml"), str(tmp_path / "spec.yaml"))
    assert done.returncode == 1, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.endswith("  contact"))
    assert line.split()[1] == "error" and '"contact" property must be truthy' in line


def test_overrides_change_severity_for_matching_files_and_pointers(tmp_path):
    spec = SPEC + "  /old:\n    get:\n      responses: {\"200\": {description: ok}}\n"
    ruleset = textwrap.dedent("""\
        rules:
          op-summary: {severity: warn, given: "$.paths[*][get]", then: {field: summary, function: truthy}}
        overrides:
          - files: ["spec.yaml#/paths/~1old"]
            rules: {op-summary: error}
          - files: ["legacy/**/*.yaml"]
            rules: {op-summary: off}
        """)
    assert {(p, s) for _, p, _, s in findings(tmp_path, ruleset, spec)} == {
        ("/paths/~1orders/get", "warning"), ("/paths/~1old/get", "error")}
    legacy = tmp_path / "legacy" / "v1"
    legacy.mkdir(parents=True)
    (legacy / "spec.yaml").write_text(spec)
    (tmp_path / "legacy" / "apilint.yaml").write_text("x")  # not read: the config is the one passed
    from apilint.engine.config import load_config
    from apilint.engine.runner import LintOptions, lint_target

    result = lint_target(str(legacy / "spec.yaml"),
                         LintOptions(config=load_config(str(tmp_path / "apilint.yaml")), use_cache=False))
    assert result.findings == []


def test_except_silences_a_rule_on_one_node(tmp_path):
    spec = SPEC + "  /skip:\n    get:\n      responses: {\"200\": {description: ok}}\n"
    ruleset = textwrap.dedent("""\
        rules:
          op-summary: {given: "$.paths[*][get]", then: {field: summary, function: truthy}}
        except:
          "spec.yaml#/paths/~1skip/get": [op-summary]
        """)
    assert [p for _, p, _, _ in findings(tmp_path, ruleset, spec)] == ["/paths/~1orders/get"]


def test_jsonpath_plus_forms(tmp_path):
    spec = textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Pet:
              type: object
              properties:
                status: {type: string, enum: [a]}
                enum: {type: string}
            Tag: {type: string, enum: [x]}
        """)
    ruleset = textwrap.dedent("""\
        rules:
          enum-not-in-properties:
            given: "$..[?(@property !== 'properties' && @ && @.enum && @.enum.constructor.name === 'Array')]"
            then: {field: description, function: truthy}
          schema-names:
            given: "$.components.schemas.*~"
            then: {function: casing, functionOptions: {type: camel}}
          parent-of-status:
            given: "$.components.schemas.Pet.properties.status^"
            then: {field: required, function: defined}
        """)
    found = {(r, p) for r, p, _, _ in findings(tmp_path, ruleset, spec)}
    assert found == {
        ("enum-not-in-properties", "/components/schemas/Pet/properties/status"),
        ("enum-not-in-properties", "/components/schemas/Tag"),
        ("schema-names", "/components/schemas/Pet"), ("schema-names", "/components/schemas/Tag"),
        ("parent-of-status", "/components/schemas/Pet/properties"),
    }


def test_resolved_rules_see_through_refs_and_report_where_the_node_is_written(tmp_path):
    spec = textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              parameters: [{$ref: "#/components/parameters/Limit"}]
              responses: {"200": {description: ok}}
          /b:
            get:
              parameters: [{$ref: "#/components/parameters/Limit"}]
              responses: {"200": {description: ok}}
        components:
          parameters:
            Limit: {name: limit, in: query, schema: {type: integer}}
        """)
    ruleset = "rules:\n  param-description:\n    given: \"$.paths[*][*].parameters[?(@ && @.in)]\"\n" \
              "    then: {field: description, function: truthy}\n"
    assert [p for _, p, _, _ in findings(tmp_path, ruleset, spec)] == ["/components/parameters/Limit"]
    unresolved = ruleset.replace("  param-description:\n", "  param-description:\n    resolved: false\n")
    assert findings(tmp_path, unresolved, spec) == []  # as written, the parameters are $ref objects


def _cli_error(tmp_path, ruleset: str) -> str:
    spec = write(tmp_path, ruleset)
    done = run_cli("check", "--no-cache", "-c", str(tmp_path / "apilint.yaml"), str(spec))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_javascript_function_is_one_line_naming_it_and_exit_2(tmp_path):
    ruleset = textwrap.dedent("""\
        functions: [checkOwner, checkTeam]
        rules:
          owner:
            given: "$.paths[*][*]"
            then: {function: checkOwner}
        """)
    line = _cli_error(tmp_path, ruleset)
    assert ".spectral.yaml:1:" in line and "JavaScript functions are not supported" in line
    assert "checkOwner, checkTeam" in line
    undeclared = "rules:\n  owner:\n    given: $\n    then: {function: checkOwner}\n"
    line = _cli_error(tmp_path, undeclared)
    assert ".spectral.yaml:4:" in line and "function 'checkOwner' is not a Spectral core function" in line


def test_bad_ruleset_yaml_is_one_line_with_file_line_column(tmp_path):
    line = _cli_error(tmp_path, "rules:\n  a:\n    given: [$\n    then: x\n")
    assert line.startswith("apilint: ") and ".spectral.yaml:4:" in line and "invalid YAML" in line


def test_unsupported_jsonpath_is_one_line_at_the_given(tmp_path):
    line = _cli_error(tmp_path, "rules:\n  a:\n    given: \"$..[?(@path.includes('x'))]\"\n"
                                "    then: {function: truthy}\n")
    assert ".spectral.yaml:3:5:" in line and "rules.a.given: unsupported JavaScript in filter" in line


def test_extends_spectral_oas_says_once_that_it_runs_nothing_from_there(tmp_path):
    ruleset = "extends: [spectral:oas]\nrules:\n  a: {given: $.info, then: {field: contact, function: truthy}}\n"
    spec = write(tmp_path, ruleset)
    done = run_cli("check", "--no-cache", "-c", str(tmp_path / "apilint.yaml"), str(spec))
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "spectral:oas" in line]
    assert len(notes) == 1 and "runs no rules from it" in notes[0]
    assert "a" in done.stdout.split()


def test_a_rule_named_like_a_builtin_rule_is_refused(tmp_path):
    line = _cli_error(tmp_path, "rules:\n  verb-in-path: {given: $, then: {function: truthy}}\n")
    assert "apilint.yaml:1:" in line and "rule 'verb-in-path'" in line and "rename it" in line


def test_rules_lists_a_configs_ruleset_rules_with_their_origin(tmp_path):
    write(tmp_path, "rules:\n  contact:\n    description: Info has a contact\n    given: $.info\n"
                    "    then: {field: contact, function: truthy}\n")
    done = run_cli("rules", "-c", str(tmp_path / "apilint.yaml"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[-1]
    assert line.startswith("contact ") and "Info has a contact" in line and line.endswith("(ruleset .spectral.yaml)")


def test_several_specs_in_parallel_processes(tmp_path):
    spec = write(tmp_path, "rules:\n  contact: {given: $.info, then: {field: contact, function: truthy}}\n")
    (tmp_path / "other.yaml").write_text(spec.read_text())
    done = run_cli("check", "--no-cache", "-j", "2", "-c", str(tmp_path / "apilint.yaml"), str(spec),
                   str(tmp_path / "other.yaml"))
    assert done.returncode == 0, done.stderr
    assert [line.split()[-1] for line in done.stdout.splitlines() if "must be truthy" in line] == ["contact"] * 2


def test_documentation_urls_are_the_rules_own_else_the_rulesets_with_the_rule_as_anchor(tmp_path):
    from apilint.spectral.ruleset import load_ruleset

    (tmp_path / "style.yaml").write_text(textwrap.dedent("""\
        documentationUrl: https://example.com/style
        rules:
          op-owner:
            given: "$.paths[*][*]"
            then: {field: x-owner, function: truthy}
          op-summary:
            documentationUrl: https://example.com/summaries
            given: "$.paths[*][*]"
            then: {field: summary, function: truthy}
        """))
    (tmp_path / "plain.yaml").write_text(textwrap.dedent("""\
        extends: [./style.yaml]
        rules:
          info-contact:
            given: "$.info"
            then: {field: contact, function: truthy}
        """))
    rules = load_ruleset(str(tmp_path / "plain.yaml")).rules
    assert rules["op-owner"].documentation_url == "https://example.com/style#op-owner"
    assert rules["op-summary"].documentation_url == "https://example.com/summaries"
    assert rules["info-contact"].documentation_url is None  # its own ruleset names no page

