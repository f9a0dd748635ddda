"""SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import json

from apilint import __version__
from apilint.engine.rule import all_rules
from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings

_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(results: list[LintResult]) -> str:
    registry = all_rules()
    findings = all_findings(results)
    used = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    rules = []
    for rule_id in used:
        rule_ = registry.get(rule_id)
        rules.append({
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": rule_.title if rule_ else rule_id},
            "fullDescription": {"text": rule_.rationale if rule_ else rule_id},
            "help": {"text": rule_.fix if rule_ else ""},
            "defaultConfiguration": {"level": _LEVELS[rule_.severity] if rule_ else "warning"},
            "properties": {"tags": [f"anti-pattern-{s}" for s in (rule_.sections if rule_ else ())]},
        })
    sarif_results = []
    for finding in findings:
        sarif_results.append({
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message + (f" ({finding.hint})" if finding.hint else "")},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.file.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                "logicalLocations": [{"fullyQualifiedName": finding.pointer or "/"}],
            }],
            "partialFingerprints": {"apilintPointer/v1": f"{finding.rule}:{finding.file}:{finding.pointer}"},
        })
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "apilint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/apilint/apilint", "rules": rules}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(document, indent=2) + "\n"
