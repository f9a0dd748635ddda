"""Configuration: ``apilint.yaml`` / ``.apilint.yaml`` or ``[tool.apilint]`` in pyproject.toml.

```yaml
extends: recommended          # minimal | recommended | strict
fail-on: error                # error | warning | info | hint
rules:
  pagination-missing: error   # a severity, or "off"
  verb-in-path:
    severity: warning
    options: {extra_verbs: [frobnicate]}
ignore:
  - files: "legacy/**"        # glob on the file as shown
    rules: ["*"]
  - paths: "/internal/*"      # glob on API path templates (OpenAPI) or element names (proto)
    rules: [error-schema-missing]
```
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

from apilint.engine.rule import PRESETS, SEVERITIES, Rule
from apilint.errors import InputError

CONFIG_NAMES = ("apilint.yaml", ".apilint.yaml", "apilint.yml", ".apilint.yml")


@dataclass
class Ignore:
    rules: list[str]
    files: str | None = None
    paths: str | None = None

    def matches(self, rule: str, file: str, api_path: str | None) -> bool:
        if "*" not in self.rules and rule not in self.rules:
            return False
        if self.files and not (fnmatch.fnmatch(file, self.files) or fnmatch.fnmatch(os.path.normpath(file),
                                                                                        self.files)):
            return False
        return not (self.paths and (api_path is None or not fnmatch.fnmatchcase(api_path, self.paths)))


@dataclass
class Config:
    preset: str = "recommended"
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {"severity", "options"}
    ignores: list[Ignore] = field(default_factory=list)
    fail_on: str = "error"
    source: str | None = None

    def active(self, registry: dict[str, Rule]) -> list[tuple[Rule, str, dict[str, Any]]]:
        """(rule, severity, options) for every rule this configuration turns on."""
        unknown = set(self.rules) - set(registry)
        if unknown:
            raise InputError(f"unknown rule id(s) in config: {', '.join(sorted(unknown))} "
                             "(see `apilint rules`)", self.source)
        result = []
        for rule_id, rule_ in registry.items():
            setting = self.rules.get(rule_id, {})
            severity = setting.get("severity")
            if severity == "off":
                continue
            if severity is None:
                if not rule_.enabled_in(self.preset):
                    continue
                severity = rule_.severity
            result.append((rule_, severity, setting.get("options", {})))
        return result

    def fingerprint(self) -> str:
        payload = json.dumps([self.preset, self.rules, [vars(i) for i in self.ignores]], sort_keys=True)
        return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def find_config(start: str) -> str | None:
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject) and _pyproject_section(pyproject) is not None:
            return pyproject
        if os.path.isdir(os.path.join(directory, ".git")):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    shown = os.path.relpath(path)
    if path.endswith(".toml"):
        data = _pyproject_section(path)
        if data is None:
            raise InputError("no [tool.apilint] section", shown)
    else:
        from apilint.load.source import load_source

        data = load_source(path, shown).data
    if data is None:
        return Config(source=shown)
    if not isinstance(data, dict):
        raise InputError("config must be a mapping", shown, 1, 1)
    return parse_config(data, shown)


def parse_config(data: dict[str, Any], shown: str | None = None) -> Config:
    def bad(message: str) -> InputError:
        return InputError(message, shown)

    known = {"extends", "fail-on", "rules", "ignore"}
    extra = set(data) - known
    if extra:
        raise bad(f"unknown config key(s): {', '.join(sorted(extra))} (known: {', '.join(sorted(known))})")
    preset = data.get("extends", "recommended")
    if preset not in PRESETS:
        raise bad(f"extends: unknown preset '{preset}' (choose from {', '.join(PRESETS)})")
    fail_on = data.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise bad(f"fail-on: '{fail_on}' is not one of {', '.join(SEVERITIES)}")
    rules: dict[str, dict[str, Any]] = {}
    for rule_id, setting in (data.get("rules") or {}).items():
        if isinstance(setting, str) or setting is False:
            setting = {"severity": "off" if setting is False else setting}
        if not isinstance(setting, dict):
            raise bad(f"rules.{rule_id}: expected a severity or a mapping with severity/options")
        severity = setting.get("severity")
        if severity is not None and severity not in (*SEVERITIES, "off"):
            raise bad(f"rules.{rule_id}: severity '{severity}' is not one of off, {', '.join(SEVERITIES)}")
        options = setting.get("options", {})
        if not isinstance(options, dict):
            raise bad(f"rules.{rule_id}.options must be a mapping")
        rules[str(rule_id)] = {"severity": severity, "options": options}
    ignores = []
    for index, entry in enumerate(data.get("ignore") or []):
        if not isinstance(entry, dict) or not ({"files", "paths"} & set(entry)):
            raise bad(f"ignore[{index}]: expected a mapping with 'files' and/or 'paths' and 'rules'")
        entry_rules = entry.get("rules", ["*"])
        ignores.append(Ignore(rules=[str(r) for r in entry_rules], files=entry.get("files"),
                              paths=entry.get("paths")))
    return Config(preset=preset, rules=rules, ignores=ignores, fail_on=fail_on, source=shown)


def _pyproject_section(path: str) -> dict[str, Any] | None:
    import tomllib

    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read config: {exc}", os.path.relpath(path)) from None
    section = document.get("tool", {}).get("apilint")
    return section if isinstance(section, dict) else None
