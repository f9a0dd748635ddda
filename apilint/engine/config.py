"""Configuration: ``apilint.yaml`` / ``.apilint.yaml`` or ``[tool.apilint]`` in pyproject.toml.

```yaml
extends: recommended          # minimal | recommended | strict; or a list: [recommended, ./.spectral.yaml]
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
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from apilint.engine.rule import Rule
from apilint.errors import InputError, cwd_relative, shown_path
from apilint.load.pointer import join, split

CONFIG_NAMES = ("apilint.yaml", ".apilint.yaml", "apilint.yml", ".apilint.yml")


@dataclass
class Ignore:
    rules: list[str]
    files: str | None = None
    paths: str | None = None

    def matches(self, rule: str, file: str, api_paths: Callable[[], Collection[str]]) -> bool:
        """``api_paths``: the API paths the finding is about (its own, or those that reach the shared
        component it is located in); ``paths`` silences it when it matches every one of them."""
        if "*" not in self.rules and rule not in self.rules:
            return False
        if self.files and not any(fnmatch.fnmatch(name, self.files) for name in (file, cwd_relative(file))):
            return False
        if not self.paths:
            return True
        paths = api_paths()
        return bool(paths) and all(fnmatch.fnmatchcase(path, self.paths) for path in paths)


@dataclass
class Config:
    preset: str = "recommended"
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {"severity", "options"}
    ignores: list[Ignore] = field(default_factory=list)
    fail_on: str = "error"
    source: str | None = None
    proto_roots: list[str] = field(default_factory=list)  # ``proto: {roots}``, relative to the config file
    rulesets: list[Any] = field(default_factory=list)  # Spectral rulesets (apilint.spectral.ruleset.Ruleset)

    def custom_rule_ids(self) -> set[str]:
        return {name for ruleset in self.rulesets for name in ruleset.rules}

    def active(self, registry: dict[str, Rule], only: tuple[str, ...] = ()) -> list[tuple[Rule, str, dict[str, Any]]]:
        """(rule, severity, options) for every rule this configuration turns on; with ``only`` (``--rule``),
        exactly those rules, whatever the preset or an ``off`` in the config."""
        unknown = set(self.rules) - set(registry) - self.custom_rule_ids()
        if unknown:
            raise InputError(f"unknown rule id(s) in config: {', '.join(sorted(unknown))} "
                             "(see `apilint rules`)", self.source)
        result = []
        for rule_id, rule_ in registry.items():  # custom (Spectral) rules: see custom_setting
            if only and rule_id not in only:
                continue
            setting = self.rules.get(rule_id, {})
            severity = setting.get("severity")
            if severity == "off" and not only:
                continue
            if severity in (None, "off"):
                if not only and not rule_.enabled_in(self.preset):
                    continue
                severity = rule_.severity
            result.append((rule_, severity, setting.get("options", {})))
        return result

    def custom_setting(self, rule_id: str, severity: str, only: tuple[str, ...] = ()) -> str:
        """A Spectral rule's severity after ``rules:`` and ``--rule`` ("off": do not report)."""
        if only and rule_id not in only:
            return "off"
        configured = self.rules.get(rule_id, {}).get("severity")
        return severity if configured is None or (configured == "off" and only) else configured

    def fingerprint(self) -> str:
        payload = json.dumps([self.preset, self.rules, [vars(i) for i in self.ignores],
                              *([[r.digest for r in self.rulesets]] if self.rulesets else [])], sort_keys=True)
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
    shown = shown_path(path)
    if path.endswith(".toml"):
        data = _pyproject_section(path)
        if data is None:
            raise InputError("no [tool.apilint] section", shown)
        locate = _toml_locator(path)
    else:
        from apilint.load.source import load_source

        source = load_source(path, shown)
        data = source.data

        def locate(pointer: str) -> tuple[int, int] | None:
            return source.positions([pointer]).get(pointer)
    if data is None:
        return Config(source=shown)
    folder = os.path.dirname(os.path.abspath(path))
    config = parse_config(data, shown, locate, folder)
    config.proto_roots = [os.path.normpath(os.path.join(folder, root)) for root in config.proto_roots]
    return config


def parse_config(data: Any, shown: str | None = None,
                 locate: Callable[[str], tuple[int, int] | None] | None = None, folder: str | None = None) -> Config:
    """A Config from parsed data, after checking its whole shape (see ``config.schema.json``). Ruleset
    files in ``extends`` are read relative to ``folder`` (the config file's; default: the current one)."""
    from apilint.engine.config_schema import validate
    from apilint.engine.rule import all_rules
    from apilint.engine.selection import unknown_rule_message

    def at(message: str, *tokens: str | int) -> InputError:
        position = (locate or (lambda _: None))(join("", *tokens)) or (None, None)
        return InputError(message, shown, *position)

    validate(data, shown or "config", locate or (lambda _: None))
    preset, rulesets = _extends(data.get("extends", "recommended"), folder or os.getcwd(), at)
    known = {**all_rules(), **{name: None for ruleset in rulesets for name in ruleset.rules}}
    rules: dict[str, dict[str, Any]] = {}
    for rule_id, setting in (data.get("rules") or {}).items():
        if rule_id not in known:
            raise at(f"rules: {unknown_rule_message(rule_id, known)}", "rules", rule_id)
        if not isinstance(setting, dict):
            setting = {"severity": "off" if setting is False else setting}
        severity = setting.get("severity")
        rules[rule_id] = {"severity": "off" if severity is False else severity, "options": setting.get("options", {})}
    ignores = []
    for index, entry in enumerate(data.get("ignore") or []):
        entry_rules = entry.get("rules", ["*"])
        entry_rules = [entry_rules] if isinstance(entry_rules, str) else entry_rules
        for position, rule_id in enumerate(entry_rules):
            if rule_id != "*" and rule_id not in known:
                raise at(f"ignore[{index}].rules: {unknown_rule_message(rule_id, known)}",
                         "ignore", index, "rules", position)
        ignores.append(Ignore(rules=list(entry_rules), files=entry.get("files"), paths=entry.get("paths")))
    return Config(preset=preset, rules=rules, ignores=ignores, rulesets=rulesets,
                  fail_on=data.get("fail-on", "error"), source=shown,
                  proto_roots=list((data.get("proto") or {}).get("roots") or []))


def _extends(extends: str | list[str], folder: str, at: Callable[..., InputError]) -> tuple[str, list[Any]]:
    """The preset and the Spectral rulesets of ``extends``. A list without a preset runs no built-in rule
    unless ``rules:`` turns it on."""
    if isinstance(extends, str):
        return extends, []
    from apilint.engine.rule import PRESETS, all_rules
    from apilint.spectral.ruleset import load_ruleset

    presets = [name for name in extends if name in PRESETS]
    if len(presets) > 1:
        raise at(f"extends: at most one preset, not {', '.join(presets)}", "extends")
    rulesets, names = [], dict.fromkeys(all_rules(), "apilint")
    for index, name in enumerate(extends):
        if name in PRESETS:
            continue
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise at(f"extends: '{name}' is neither a preset (minimal, recommended, strict) nor a ruleset file",
                     "extends", index)
        ruleset = load_ruleset(path)
        for rule in ruleset.rules:
            if rule in names:
                raise at(f"extends: rule '{rule}' of {ruleset.path} is already defined by {names[rule]}: "
                         "rename it", "extends", index)
            names[rule] = ruleset.path
        rulesets.append(ruleset)
    return (presets[0] if presets else "none"), rulesets


def _pyproject_section(path: str) -> dict[str, Any] | None:
    import tomllib

    shown = shown_path(path)
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read config: not UTF-8 (byte {exc.start})", shown) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read config: {exc}", shown) from None
    tool = document.get("tool", {})
    section = tool.get("apilint") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise InputError("[tool.apilint] must be a table", shown, *(_toml_locator(path)("") or ()))
    return section


def _toml_locator(path: str) -> Callable[[str], tuple[int, int] | None]:
    """TOML has no position API: the line of a key is the first line after ``[tool.apilint`` (or
    ``tool.apilint``) that names it; the section's own line for the whole section."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    start = next((i for i, line in enumerate(lines) if "tool.apilint" in line or line.strip() == "[tool]"), 0)

    def locate(pointer: str) -> tuple[int, int] | None:
        keys = [k for k in split(pointer) if not k.isdigit()] if pointer else []
        if keys:
            pattern = re.compile(r'(^|[\s.{,\["\'])' + re.escape(keys[-1]) + r'(["\']?\s*=|["\']?\]|["\']?\.)')
            for number in range(start, len(lines)):
                match = pattern.search(lines[number])
                if match:
                    return number + 1, match.start() + len(match.group(1)) + 1
        return start + 1, 1

    return locate
