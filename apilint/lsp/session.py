"""The server's state: open documents, each lint target's last result, and what was published per file.

A change to any file re-lints every target it belongs to (its roots, for a `$ref`-ed file) with all
open documents read from memory; a file's diagnostics are the union of its targets' findings (a shared
component reached by two roots shows its finding once) and are sent only when they changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from apilint.lsp import diagnostics
from apilint.lsp.index import RootIndex
from apilint.lsp.linting import Linter, ParseError, RootResult, parse_error

Publish = Callable[[str, list[types.Diagnostic]], None]


def read_disk(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


class Session:
    def __init__(self, linter: Linter, folders: list[str], publish: Publish,
                 lines: Callable[[str], Sequence[str]] | None = None) -> None:
        """``lines``: a file's lines as ``self.text(path).splitlines()`` numbers them, when the caller has a
        cheaper way to them than splitting a 13 MB text on each publish."""
        self.linter = linter
        self.lines = lines or (lambda path: self.text(path).splitlines())
        self.index = RootIndex(folders)
        self.publish = publish
        self.open: dict[str, str] = {}  # absolute path -> the editor's text
        self.results: dict[str, RootResult] = {}  # lint target -> its last result
        self._sent: dict[str, list[types.Diagnostic]] = {}
        self.unparsable: dict[str, ParseError] = {}  # open `$ref`-ed files whose text does not parse

    def text(self, path: str) -> str:
        text = self.open.get(path)
        return text if text is not None else read_disk(path)

    def lint_file(self, path: str) -> None:
        self.lint_files([path])

    def lint_files(self, paths: list[str]) -> None:
        """Re-lint every target these files belong to, each once; publish for the open files among them,
        and for the others when theirs changed."""
        touched: set[str] = set(paths)
        targets: dict[str, None] = {}
        for path in paths:
            found = self.index.targets_for(path, self.text(path))
            targets.update(dict.fromkeys(found))
            self.unparsable.pop(path, None)
            if path not in found and path in self.open:
                error = parse_error(path, self.open[path])
                if error is not None:
                    self.unparsable[path] = error
            stale = self.results.pop(path, None) if path not in found else None  # no longer a root
            if stale is not None:
                touched |= {*stale.findings, *stale.errors}
        self._lint_targets(list(targets), touched)

    def relint_all(self) -> None:
        """Re-lint every target linted so far (the config, a ruleset or the baseline changed)."""
        self._lint_targets(list(self.results), set())

    def _lint_targets(self, targets: list[str], touched: set[str]) -> None:
        for target in targets:
            touched |= self._lint(target)
            touched |= self.open.keys() & self.index.reached.get(target, set())
        for file in sorted(touched):
            self._publish(file, force=file in self.open)

    def close(self, path: str) -> bool:
        """Forget the editor's text; True when it differed from the disk's."""
        text = self.open.pop(path, None)
        return text is not None and text != read_disk(path)

    def _lint(self, target: str) -> set[str]:
        result = self.linter.lint(target, self.open)
        self.index.record(target, result.files)
        old = self.results.get(target)
        self.results[target] = result
        touched = {*result.findings, *result.errors}
        if old is not None:
            touched |= {*old.findings, *old.errors}
        return touched

    def diagnostics(self, path: str) -> list[types.Diagnostic]:
        lines = self.lines(path)
        found: dict[tuple, types.Diagnostic] = {}
        urls: dict[str, str | None] = {}  # rule id -> its doc page
        if path in self.unparsable:
            found[("parse",)] = diagnostics.from_error(self.unparsable[path], lines)
        for result in self.results.values():
            error = result.errors.get(path)
            if error is not None:
                diagnostic = diagnostics.from_error(error, lines)
                found[(None, error.line, error.column, error.message)] = diagnostic
            for finding in result.findings.get(path, ()):
                key = (finding.rule, finding.line, finding.column, finding.pointer, finding.message)
                if key not in found:
                    if finding.rule not in urls:
                        help_ = self.linter.describe(finding.rule)
                        urls[finding.rule] = help_.url if help_ else None
                    found[key] = diagnostics.from_finding(finding, lines, urls[finding.rule])
        return list(found.values())

    def _publish(self, path: str, force: bool) -> None:
        current = self.diagnostics(path)
        if force or self._sent.get(path, []) != current:
            self._sent[path] = current
            self.publish(path, current)

    def published(self, path: str) -> list[types.Diagnostic]:
        return self._sent.get(path, [])
