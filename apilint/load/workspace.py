"""A spec and the files its ``$ref``s reach, resolved safely.

Remote refs are never fetched and refs that leave the spec's root folder are never read unless the
caller allows it; both, like missing targets and cycles, become load problems (findings), not
crashes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from apilint.errors import InputError, shown_path
from apilint.load.gate import outside_root
from apilint.load.pointer import get as pointer_get
from apilint.load.pointer import is_index, unescape
from apilint.load.problem import LoadProblem
from apilint.load.source import SourceFile, load_source


@dataclass(frozen=True)
class Resolved:
    source: SourceFile
    pointer: str
    value: Any


class Workspace:
    def __init__(self, root_path: str, *, allow_remote: bool = False, allow_outside: bool = False,
                 root_dir: str | None = None) -> None:
        self.root_path = os.path.abspath(root_path)
        self.root_dir = os.path.abspath(root_dir or os.path.dirname(self.root_path))
        self.allow_remote = allow_remote
        self.allow_outside = allow_outside
        self.files: dict[str, SourceFile] = {}
        self._failed: dict[str, str] = {}
        self.problems: list[LoadProblem] = []
        self._seen_problems: set[tuple[str, str, str]] = set()
        self._escapes: dict[str, bool] = {}
        self._derefs: dict[tuple[str, str], Resolved | None] = {}
        self._targets: dict[tuple[str, str], tuple[SourceFile, str]] = {}  # (file, $ref) -> target file, pointer
        # (file, pointer) -> the node as written, where the model put a normalised copy in its place
        self.originals: dict[tuple[str, str], Any] = {}
        self.root = self._load(self.root_path, shown_path(root_path), root=None)

    # -- files -------------------------------------------------------------------------------
    def _load(self, path: str, display: str | None = None, *, root: str | None) -> SourceFile:
        source = load_source(path, display or shown_path(path), root=root)
        self.files[path] = source
        for problem in source.problems:
            self.problem(problem)
        return source

    def source_for(self, path: str) -> SourceFile | str:
        """The parsed file, or a one-line reason it cannot be read."""
        if path in self.files:
            return self.files[path]
        if path in self._failed:
            return self._failed[path]
        try:
            return self._load(path, root=None if self.allow_outside else self.root_dir)
        except InputError as exc:
            self._failed[path] = str(exc)
            return self._failed[path]

    def normalise(self, node: Resolved, normalised: Any) -> None:
        """Put ``normalised`` where ``node`` stands in its file, for every reader of the document; the
        node as written stays in ``originals`` (the OpenAPI validator checks what was written)."""
        if normalised is node.value or not node.pointer:
            return
        parent_pointer, _, token = node.pointer.rpartition("/")
        parent, key = pointer_get(node.source.data, parent_pointer, None), unescape(token)
        if isinstance(parent, list) and is_index(key) and int(key) < len(parent):
            key = int(key)
        elif not isinstance(parent, dict):
            return
        if parent[key] is node.value:
            parent[key] = normalised
            self.originals.setdefault((node.source.path, node.pointer), node.value)

    def problem(self, problem: LoadProblem) -> None:
        key = (problem.rule, problem.file, problem.pointer)
        if key not in self._seen_problems:
            self._seen_problems.add(key)
            self.problems.append(problem)

    # -- refs --------------------------------------------------------------------------------
    def resolve_ref(self, ref: Any, source: SourceFile, at: str) -> Resolved | None:
        """Follow one ``$ref`` found at ``at`` in ``source``; None (and a problem) when it cannot."""
        if not isinstance(ref, str):
            self._report("ref-unresolved", f"$ref must be a string, not {type(ref).__name__}", source, at)
            return None
        found = self._targets.get((source.path, ref))
        if found is None:
            found = self._target(ref, source, at)
            if found is None:
                return None
            self._targets[(source.path, ref)] = found
        target, fragment = found
        value = pointer_get(target.data, fragment, _MISSING)  # read each time: the model may normalise the node
        if value is _MISSING:
            self._report("ref-unresolved", f"$ref '{ref}' points at nothing", source, at)
            return None
        return Resolved(target, fragment, value)

    def _target(self, ref: str, source: SourceFile, at: str) -> tuple[SourceFile, str] | None:
        """The file and JSON pointer ``ref`` names, or None (and a problem). Once found, the same answer
        holds for every later use of the same ref in the same file (the file stays loaded)."""
        parts = urlsplit(ref)
        if parts.scheme in ("http", "https") or ref.startswith("//"):
            if not self.allow_remote:
                self._report("ref-remote", f"remote $ref '{ref}' is not fetched (use --allow-remote-refs)",
                             source, at)
                return None
            self._report("ref-remote", f"remote $ref '{ref}': fetching is not supported; "
                         "download the file and refer to it by a relative path", source, at)
            return None
        if parts.scheme and parts.scheme != "file":
            self._report("ref-unresolved", f"$ref '{ref}' uses an unsupported scheme", source, at)
            return None
        target = source
        if parts.path:
            file_path = unquote(parts.path)
            path = os.path.normpath(file_path if os.path.isabs(file_path)
                                    else os.path.join(os.path.dirname(source.path), file_path))
            if not self.allow_outside and os.path.commonpath([path, self.root_dir]) != self.root_dir:
                self._report("ref-outside-root", f"$ref '{ref}' leaves the spec's folder "
                             f"{shown_path(self.root_dir)} and is not read (use --root or "
                             "--allow-outside-refs)", source, at)
                return None
            if path not in self.files and not self.allow_outside and self._escapes_by_symlink(path):
                self._report("ref-outside-root", f"$ref '{ref}' resolves through a symlink outside the "
                             f"spec's folder {shown_path(self.root_dir)} and is not read (use "
                             "--allow-outside-refs)", source, at)
                return None
            loaded = self.source_for(path)
            if isinstance(loaded, str):
                self._report("ref-unresolved", f"$ref '{ref}' cannot be read: {loaded}", source, at)
                return None
            target = loaded
        fragment = unquote(parts.fragment)
        if fragment and not fragment.startswith("/"):
            self._report("ref-unresolved", f"$ref '{ref}': only JSON-pointer fragments are supported",
                         source, at)
            return None
        return target, fragment

    def deref(self, value: Any, source: SourceFile, pointer: str) -> Resolved | None:
        """Follow a chain of pure ``$ref`` objects to a real node (cycle-safe). A loop is reported once,
        at the loop's first member in document order, however many chains run into it.

        Iterative, and memoised per ref target: following every link of a 10,000-long chain costs
        linear time, not cubic. The caller's own node is never memoised (it may be a copy)."""
        if not (isinstance(value, dict) and "$ref" in value):
            return Resolved(source, pointer, value)
        memo = self._derefs
        chain: list[Resolved] = []
        members: dict[tuple[str, str], int] = {}
        current = Resolved(source, pointer, value)
        result: Resolved | None = None
        while isinstance(current.value, dict) and "$ref" in current.value:
            key = (current.source.path, current.pointer)
            if chain and key in memo:
                result = memo[key]
                break
            if key in members:
                loop = chain[members[key]:]
                first = min(loop, key=lambda c: (c.source.display, c.pointer))
                self._report("ref-cycle", "$ref chain loops back to itself and never reaches a value",
                             first.source, first.pointer)
                break
            members[key] = len(chain)
            chain.append(current)
            nxt = self.resolve_ref(current.value["$ref"], current.source, current.pointer)
            if nxt is None:
                break
            current = nxt
        else:
            result = current
        for link in chain[1:]:
            memo[(link.source.path, link.pointer)] = result
        return result

    def _escapes_by_symlink(self, path: str) -> bool:
        escapes = self._escapes.get(path)
        if escapes is None:
            escapes = self._escapes[path] = outside_root(path, self.root_dir)
        return escapes

    def _report(self, rule: str, message: str, source: SourceFile, pointer: str) -> None:
        self.problem(LoadProblem(rule, message, source.display, pointer + "/$ref"
                                 if not pointer.endswith("/$ref") else pointer))


_MISSING = object()
