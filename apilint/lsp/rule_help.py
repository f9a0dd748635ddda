"""What the editor shows of a rule: a hover's help and the page a diagnostic links to. apilint's own rules
link to their doc page; a Spectral ruleset's rules to the `documentationUrl` the ruleset gives, if any; a
plugin's rules to none (a plugin documents its rules itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apilint.engine.rule import all_rules

DOCS = "https://github.com/apilint/apilint/blob/main/docs/rules/{}.md"


@dataclass(frozen=True)
class RuleHelp:
    title: str  # "**rule-id**: what it checks"
    why: str | None
    fix: str | None
    origin: str | None  # where a rule not apilint's own comes from
    url: str | None


def rule_help(rule_id: str, rulesets: list[Any]) -> RuleHelp | None:
    rule = all_rules().get(rule_id)
    if rule is not None:
        own = rule.origin == "apilint"
        return RuleHelp(f"**{rule.id}**: {rule.title}", rule.rationale, rule.fix, None if own else rule.origin,
                        DOCS.format(rule.id) if own else None)
    for ruleset in rulesets:
        custom = ruleset.rules.get(rule_id)
        if custom is not None:
            title = f"**{rule_id}**: {custom.description}" if custom.description else f"**{rule_id}**"
            return RuleHelp(title, None, None, f"Spectral ruleset {custom.origin}", custom.documentation_url)
    return None
