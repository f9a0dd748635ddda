"""What every part of the proto comparer shares: emitting a change where buf reports it, and finding the
element that encloses a deleted one."""

from __future__ import annotations

import re
from typing import Any

from apilint.diff.change import Change, Location
from apilint.diff.kinds import KINDS
from apilint.diff.proto.tree import Element, Tree

_UNSTABLE = ("alpha", "beta", "test")


class ComparerBase:
    """Emitting changes (rule selection, ignored files and unstable packages, buf-style locations) and
    the lookups every comparer part shares."""

    def __init__(self, old: Tree, new: Tree, rules: frozenset[str], ignore: dict) -> None:
        self.old, self.new = old, new
        self.rules = rules
        self.ignore_paths = [p.rstrip("/") for p in ignore.get("ignore", [])]
        self.ignore_unstable = bool(ignore.get("ignore_unstable_packages"))
        self.changes: list[Change] = []

    def emit(self, rule: str, message: str, element: str | None, file: str | None = None,
             path: tuple[int, ...] | None = None, old: Any = None, new: Any = None,
             package: str | None = None) -> None:
        if rule not in self.rules:
            return
        if file is not None and self.ignored_file(file):
            return
        if package is not None and self.ignore_unstable and unstable(package):
            return
        location = None
        if file is not None:
            location = Location(file, side="new")
            if path is not None:
                spans = self.new.spans.get(file, {})
                path = tuple(path)
                while path and path not in spans:  # synthesized elements (map entries): the nearest real one
                    path = path[:-2]
                found = spans.get(path) if path else None
                span = found.span if found is not None else None
                if span:
                    location.line, location.column = span[0] + 1, span[1] + 1
            location.pointer = "/" + element if element else ""
        self.changes.append(Change(rule, KINDS[rule].level, message, None, element, old, new, location))

    def ignored_file(self, file: str) -> bool:
        return any(file == p or file.startswith(p + "/") for p in self.ignore_paths)

    def span_path(self, file: str, path: tuple[int, ...], *suffixes: tuple[int, ...]) -> tuple[int, ...]:
        spans = self.new.spans.get(file, {})
        for suffix in suffixes:
            if (*path, *suffix) in spans:
                return (*path, *suffix)
        return path

    def enclosing(self, element: Element) -> tuple[str, tuple[int, ...] | None]:
        """Where buf reports a deleted element: the parent message in the new tree, else the file."""
        parent = self.new.messages.get(element.parent) if element.parent else None
        if parent is not None:
            return parent.file.name, parent.path
        return element.file.name, None

    def package_anchor(self, element: Element) -> tuple[str, tuple[int, ...] | None] | None:
        if element.parent:
            parent = self.new.messages.get(element.parent)
            if parent is None:
                return None
            return parent.file.name, parent.path
        if element.file.name in self.new.files:
            return element.file.name, None
        for name, fd in self.new.files.items():
            if fd.package == element.file.package:
                return name, None
        return None

    def reserved(self, rule: str, old: Element, new: Element) -> None:
        new_ranges = [(r.start, r.end) for r in new.proto.reserved_range]
        new_names = set(new.proto.reserved_name)
        for r in old.proto.reserved_range:
            if not any(a <= r.start and r.end <= b for a, b in new_ranges):  # still covered by a wider range
                self.emit(rule, f"`{new.name}`: reserved range {r.start} to {r.end - 1} deleted", new.name,
                          new.file.name, new.path, package=new.file.package)
        for name in old.proto.reserved_name:
            if name not in new_names:
                self.emit(rule, f"`{new.name}`: reserved name `{name}` deleted", new.name, new.file.name, new.path,
                          package=new.file.package)



def unstable(package: str) -> bool:
    return any(re.search(rf"(^|\.)v\d+{word}\d*($|\.)", package) or re.search(rf"(^|\.){word}($|\.)", package)
               for word in _UNSTABLE)
