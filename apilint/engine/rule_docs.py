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
        f"- Presets: {', '.join(rule.preset_names)}",
        f"- Reference: {sections} (`reference/api-antipatterns.md`)",
        f"- Source: `{rule.module.replace('.', '/')}.py`",
        *([f"- Origin: {rule.origin}"] if rule.origin != "apilint" else []), "",
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
            only = rule.option_format_names(name)
            where = f" ({', '.join(only)} only)" if only != rule.formats else ""
            where += "".join(f" ({fmt}: `{defaults[name]!r}`)" for fmt, defaults in rule.format_defaults.items()
                             if name in defaults)
            lines.append(f"- `{name}`: default `{value!r}`{where}")
        lines.append("")
    lines += [
        "## Suppress", "",
        f"- For one node: `x-apilint-ignore: [{rule.id}]` on it (OpenAPI), or a YAML comment "
        f"`# apilint-ignore {rule.id}` on its line.",
        f"- Everywhere: `rules: {{{rule.id}: off}}` in `apilint.yaml`.", "",
    ]
    return "\n".join(lines)


def index_markdown(rules: list[Rule]) -> str:
    lines = ["# Rules", "",
             "Generated from the rules' metadata by `python -m apilint.engine.rule_docs`; do not edit by hand.",
             "Presets: see [../presets.md](../presets.md). `apilint rules ID` prints the same page.", "",
             "| Rule | Severity | Formats | Sections | Presets | Title |", "|---|---|---|---|---|---|"]
    for rule in rules:
        lines.append(f"| [`{rule.id}`]({rule.id}.md) | {rule.severity} | {', '.join(rule.formats)} | "
                     f"{', '.join(rule.sections)} | {', '.join(rule.preset_names)} | {rule.title} |")
    return "\n".join(lines) + "\n"


def generated_docs() -> dict[str, str]:
    """File name -> content of every generated page under docs/rules/."""
    from apilint.engine.rule import all_rules

    rules = list(all_rules().values())
    pages = {f"{rule.id}.md": rule_markdown(rule) for rule in rules}
    pages["README.md"] = index_markdown(rules)
    return pages


if __name__ == "__main__":
    import os
    import sys

    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join("docs", "rules")
    os.makedirs(folder, exist_ok=True)
    for name, text in generated_docs().items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    print(f"wrote {len(generated_docs())} pages to {folder}")
