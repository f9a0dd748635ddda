"""A rule's documentation page, generated from its metadata (`apilint rules ID`, docs/rules/)."""

from __future__ import annotations

from apilint.engine.rule import Rule

_LANG = {"openapi": "yaml", "proto": "protobuf"}


def rule_markdown(rule: Rule) -> str:
    sections = ", ".join(f"anti-pattern {s}" for s in rule.sections)
    lines = [
        f"# {rule.id}", "", f"**{rule.title}**", "",
        f"- Default severity: `{rule.severity}`",
        f"- Formats: {', '.join(rule.formats)}",
        f"- Presets: {', '.join(('strict', *rule.presets))}",
        f"- Reference: {sections} (`reference/api-antipatterns.md`)", "",
        "## Why", "", rule.rationale, "", "## How to fix", "", rule.fix, "",
    ]
    for example in rule.examples:
        lang = _LANG.get(example.format, "")
        lines += [f"## Bad ({example.format})", "", f"```{lang}", example.bad.strip(), "```", "",
                  f"## Good ({example.format})", "", f"```{lang}", example.good.strip(), "```", ""]
    if rule.options:
        lines += ["## Options", "", "Set in `apilint.yaml` under `rules: {%s: {options: ...}}`;"
                  " list options also accept `extra_<name>` to extend the default list." % rule.id, ""]
        for name, value in rule.options.items():
            lines.append(f"- `{name}`: default `{value!r}`")
        lines.append("")
    lines += [
        "## Suppress", "",
        f"- For one node: `x-apilint-ignore: [{rule.id}]` on it (OpenAPI), or a YAML comment "
        f"`# apilint-ignore {rule.id}` on its line.",
        f"- Everywhere: `rules: {{{rule.id}: off}}` in `apilint.yaml`.", "",
    ]
    return "\n".join(lines)
