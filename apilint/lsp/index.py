"""Which lint targets a file belongs to: OpenAPI roots and the files their `$ref`s reach, .proto files and
the protos that import them (both learnt from each target's last lint)."""

from __future__ import annotations

import os

from apilint.engine.discover import discover, is_openapi_root_text
from apilint.errors import InputError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def is_lintable(path: str) -> bool:
    return path.endswith((*SPEC_SUFFIXES, ".proto"))


class RootIndex:
    def __init__(self, folders: list[str]) -> None:
        self.folders = folders
        self.reached: dict[str, set[str]] = {}  # root -> files its last lint read (itself included)
        self._scanned = False

    def record(self, root: str, files: list[str]) -> None:
        """Remember the files a lint of ``root`` read; a failed lint (no files) keeps what was known."""
        if files or root not in self.reached:
            self.reached[root] = {root, *files}

    def forget(self, root: str) -> None:
        self.reached.pop(root, None)

    def targets_for(self, path: str, text: str) -> list[str]:
        """The lint targets whose result ``path`` (with this text) is part of."""
        if path.endswith(".proto"):  # itself, and the open protos whose last lint imported it
            return [path, *self.roots_reaching(path)]
        if is_openapi_root_text(text):
            return [path]
        self.forget(path)  # no longer a root (an edit removed its `openapi:` line)
        roots = self.roots_reaching(path)
        return roots if roots else self.unlinted_roots()

    def roots_reaching(self, path: str) -> list[str]:
        return sorted(root for root, files in self.reached.items() if path in files and root != path)

    def unlinted_roots(self) -> list[str]:
        """Roots in the workspace folders not linted yet (found once): linting them learns their `$ref`s."""
        if not self._scanned:
            self._scanned = True
            for folder in self.folders:
                try:
                    found = discover([folder])
                except InputError:
                    continue
                for target in found:
                    if os.path.isfile(target) and target.endswith(SPEC_SUFFIXES):
                        self.reached.setdefault(os.path.abspath(target), set())
        return sorted(root for root, files in self.reached.items() if not files)
