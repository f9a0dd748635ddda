"""Linting what the editor holds: the engine, config, presets, ignores and baseline of `apilint check`,
run on unsaved text, with the findings grouped by the file they are in."""

from __future__ import annotations

import gc
import os
from collections import Counter
from dataclasses import dataclass, field

from apilint.engine.baseline import filter_new, read_baseline
from apilint.engine.config import find_config, load_config
from apilint.engine.findings import Finding
from apilint.engine.incremental import DESCRIPTION_KEYS, relint_string_edit
from apilint.engine.report import error_location
from apilint.engine.runner import Kept, LintOptions, LintResult, lint_keeping, unreadable
from apilint.errors import InputError, shown_path
from apilint.load.json_edit import JsonEdits
from apilint.load.source import SourceFile, load_source, reusing_parses
from apilint.load.text import unsaved_texts
from apilint.load.yaml_edit import YamlEdits
from apilint.lsp.rule_help import RuleHelp, rule_help
from apilint.model.gc_pause import gc_paused


@dataclass
class ParseError:
    """A spec that could not be linted: the one line `apilint check` prints, and where it points."""

    message: str  # as `apilint check` prints it, position included
    line: int  # 1-based; 0 when unknown
    column: int


@dataclass
class RootResult:
    """One lint target's findings by absolute file path, the files it read, or why it could not be linted."""

    target: str
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    errors: dict[str, ParseError] = field(default_factory=dict)


class Linter:
    def __init__(self, config_path: str | None = None, preset: str | None = None,
                 baseline_path: str | None = None) -> None:
        """Raises InputError (bad config or baseline), as `apilint check` does before linting."""
        self._settings = (config_path, preset, baseline_path)
        self._parses: dict = {}  # each file's last parse: an edit re-parses the edited file only
        # each target's last lint, its files' texts followed through keystrokes: a keystroke in a description
        # re-runs only the rules that read descriptions (engine/incremental.py)
        self._kept: dict[str, _LastLint] = {}
        self.partial_lints = 0  # lints done that way (for tests)
        self._read_settings()

    def _read_settings(self) -> None:
        config_path, preset, baseline_path = self._settings
        found = config_path or find_config(os.getcwd())
        config = load_config(found)
        if preset:
            config.preset = preset
        self.options = LintOptions(config=config, proto_paths=tuple(config.proto_roots), use_cache=False)
        self.baseline: Counter[str] | None = read_baseline(baseline_path) if baseline_path else None
        self._read = _stamps(self._setting_files(found))
        self._kept.clear()

    def _setting_files(self, config: str | None) -> list[str]:
        rulesets = [os.path.abspath(r.path) for r in self.options.config.rulesets]
        return [f for f in (config, *rulesets, self._settings[2]) if f]

    def reload_if_changed(self) -> bool:
        """Read the config, its Spectral rulesets and the baseline again when one was saved (or a config
        appeared or went): True when they were. Raises InputError on a bad one, keeping the last good."""
        found = self._settings[0] or find_config(os.getcwd())
        stamps = _stamps(self._setting_files(found))
        if stamps == self._read:
            return False
        self._read = stamps  # a bad one is said once, not on every keystroke
        self._read_settings()
        return True

    def describe(self, rule_id: str) -> RuleHelp | None:
        """A rule's help, the rules of this config's Spectral rulesets included."""
        return rule_help(rule_id, self.options.config.rulesets)

    def lint(self, target: str, unsaved: dict[str, str]) -> RootResult:
        """Lint ``target`` reading ``unsaved`` (absolute path -> text) instead of those files on disk."""
        # the collector resumes only once a whole lint's parse is frozen or freed, so it never scans that
        with gc_paused(), unsaved_texts(unsaved):
            result = self._lint_edit(target, unsaved)
            if result is None:
                with reusing_parses(self._parses):
                    result = self._lint_whole(target, unsaved)
        findings = result.findings
        if self.baseline is not None:
            findings = filter_new(findings, self.baseline)
        root = RootResult(target, files=list(result.files))
        paths: dict[str, str] = {}  # file as shown -> absolute path
        for finding in findings:
            path = paths.get(finding.file) or paths.setdefault(finding.file, os.path.abspath(finding.file))
            root.findings.setdefault(path, []).append(finding)
        if result.error:
            where = error_location(result.error, shown_path(target))
            root.errors[os.path.abspath(where.file)] = ParseError(result.error, where.line, where.column)
        return root

    def forget(self) -> None:
        """Lint every target in whole next time (files may have changed on disk)."""
        self._kept.clear()

    def _lint_whole(self, target: str, unsaved: dict[str, str]) -> LintResult:
        self._kept.pop(target, None)
        gc.unfreeze()
        result, kept = lint_keeping(target, self.options)
        if kept is not None and kept.spec.format == "openapi" and not unreadable(kept.spec):
            # a file with a duplicate key is left out: an edit to the shadowed one changes nothing a parse sees
            edits = {path: _edits(source) for path, source in kept.sources.items()
                     if not any(problem.rule == "duplicate-key" for problem in source.problems)}
            # the files read from disk: any change to them (seen by its size and time) lints in whole again
            on_disk = _stamps([path for path in kept.sources if path not in unsaved])
            self._kept[target] = _LastLint(kept, edits, result, on_disk)
            # a large spec's kept parse and model are millions of objects, which each full pass of the cyclic
            # collector would scan (~0.2 s on GitHub's, in the middle of a keystroke's publish): out of its
            # sight until the next whole lint (freed by reference counting as usual)
            gc.freeze()
        return result

    def _lint_edit(self, target: str, unsaved: dict[str, str]) -> LintResult | None:
        """The lint of ``target`` when nothing changed since its last lint but a keystroke in a description of
        one of its files (or nothing at all); None otherwise."""
        last = self._kept.get(target)
        if last is None:
            return None
        if any(path not in unsaved for path in last.kept.sources if path not in last.on_disk):
            return None  # closed in the editor since: its text on disk may differ
        if _stamps(list(last.on_disk)) != last.on_disk:
            return None
        changed = [path for path, source in last.kept.sources.items()
                   if path in unsaved and unsaved[path] is not source.text and unsaved[path] != source.text]
        if not changed:
            return last.result
        if len(changed) != 1 or changed[0] not in last.edits:
            return None
        path = changed[0]
        edit = last.edits[path].edit(unsaved[path], DESCRIPTION_KEYS)
        found: list[Finding] | None = None
        if edit is not None:
            found = relint_string_edit(last.kept, path, edit, unsaved[path], self.options)
        if found is None:
            self._kept.pop(target)
            return None
        self.partial_lints += 1
        last.result = LintResult(target, found, files=last.result.files)
        return last.result


@dataclass
class _LastLint:
    """A target's last lint: what it read and found, its files' texts followed through edits, its result."""

    kept: Kept
    edits: dict[str, JsonEdits | YamlEdits]
    result: LintResult
    on_disk: dict[str, tuple[int, int] | None]  # files read from disk -> their size and time then


def _edits(source: SourceFile) -> JsonEdits | YamlEdits:
    if source.kind == "json":
        return JsonEdits(source.text)
    return YamlEdits(source.text, source.locator.root, source.locator.shared)


def _stamps(files: list[str]) -> dict[str, tuple[int, int] | None]:
    stamps: dict[str, tuple[int, int] | None] = {}
    for file in files:
        try:
            status = os.stat(file)
            stamps[os.path.abspath(file)] = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamps[os.path.abspath(file)] = None
    return stamps


def parse_error(path: str, text: str) -> ParseError | None:
    """Why a `$ref`-ed file's text does not parse (its roots only say the `$ref` cannot be read), or None."""
    try:
        with unsaved_texts({path: text}):
            load_source(path)
    except InputError as exc:
        return ParseError(str(exc), exc.line or 0, exc.column or 0)
    return None
