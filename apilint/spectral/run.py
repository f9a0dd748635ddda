"""Running a loaded Spectral ruleset over one OpenAPI spec: the issues it yields, each located where the
offending node is written (file and JSON pointer), for the engine to position, suppress and report."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote

from apilint.engine.rule import Issue
from apilint.load.pointer import escape, join
from apilint.model.core import Loc
from apilint.spectral.formats import document_formats
from apilint.spectral.functions import FUNCTIONS, FunctionContext
from apilint.spectral.message import render
from apilint.spectral.predicate import MISSING
from apilint.spectral.query import Document, Node, compile_query, descendant_names
from apilint.spectral.ruleset import Ruleset, SpectralRule, Then, expand_aliases


class Target(NamedTuple):
    """A value a function is given, and where it is written (a missing field: where it would be)."""

    value: Any
    source: Any
    pointer: str  # a missing field: its deepest existing parent, as Spectral reports it
    property: Any = None  # the last name of the path, also of a missing field


class RulesetRun:
    def __init__(self, ruleset: Ruleset, workspace: Any) -> None:
        self.ruleset = ruleset
        self.workspace = workspace
        self.formats = document_formats(workspace.root.data)
        self._documents: dict[bool, Document] = {}
        self._references: set[str] | None = None

    def document(self, resolved: bool) -> Document:
        if resolved not in self._documents:
            names = descendant_names(self.ruleset.queries.values())
            self._documents[resolved] = document = Document(self.workspace, resolved, names)
            if not resolved and True in self._documents:
                document.share_walk(self._documents[True])
        return self._documents[resolved]

    def issues(self) -> Iterator[tuple[str, str, Issue]]:
        """(rule name, severity, issue) for every finding of every active rule."""
        context = FunctionContext(self.formats, self.references)
        for rule in self.ruleset.active_rules():
            if rule.formats is not None and not rule.formats & self.formats:
                continue
            document = self.document(rule.resolved)
            for given in rule.given:
                for path in expand_aliases(given, self.ruleset.aliases, self.formats):
                    query = self.ruleset.queries.get(path) or compile_query(path)
                    for node in document.find(query):
                        for then in rule.then:
                            yield from self._apply(rule, then, node, document, context)

    def _apply(self, rule: SpectralRule, then: Then, node: Node, document: Document,
               context: FunctionContext) -> list[tuple[str, str, Issue]]:
        function, found = FUNCTIONS[then.function], []
        for target in self._targets(node, then.field, document):
            for message, below in function(target.value, then.options or {}, context):
                where = self._below(target, below or (), document)
                severity = self._severity(rule, where)
                if severity != "off":
                    text = self._message(rule, message, where)
                    found.append((rule.name, severity, Issue(Loc(where.source.display, where.pointer), text)))
        return found

    def _targets(self, node: Node, field: str | None, document: Document) -> list[Target]:
        here = Target(node.obj, node.source, node.pointer, node.key)
        if field is None or not isinstance(node.obj, dict | list):
            return [here]
        if field == "@key":
            keys = list(node.obj) if isinstance(node.obj, dict) else list(range(len(node.obj)))
            targets = [Target(key, node.source, join(node.pointer, key), key) for key in keys]
        elif field.startswith("$"):
            targets = [Target(found.obj, found.source, found.pointer, found.key)
                       for found in document.find_from(node, compile_query(field))]
        else:
            targets = [self._below(here, _lodash_path(field), document)]
        return targets or [Target(MISSING, node.source, node.pointer, here.property)]

    def _below(self, target: Target, tokens: tuple[Any, ...], document: Document) -> Target:
        """The node ``tokens`` below ``target``, following ``$ref``s when resolving."""
        value, source, pointer = target.value, target.source, target.pointer
        resolving = document.resolving
        for token in tokens:
            if resolving and isinstance(value, dict) and "$ref" in value:
                found = document.deref(value, source, pointer)
                if found is not None:
                    value, source, pointer = found.value, found.source, found.pointer
            if isinstance(value, dict):
                value = value.get(str(token), MISSING)
            elif isinstance(value, list) and str(token).isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                value = MISSING
            if value is MISSING:
                break
            pointer = f"{pointer}/{escape(token)}"
        return Target(value, source, pointer, tokens[-1] if tokens else target.property)

    def _severity(self, rule: SpectralRule, where: Target) -> str:
        if any(rule.name in e.rules and _matches(e.folder, e.target, where) for e in self.ruleset.excepts):
            return "off"
        severity = rule.severity
        for override in self.ruleset.overrides:
            if rule.name in override.severities and any(_matches(override.folder, pattern, where)
                                                         for pattern in override.files):
                severity = override.severities[rule.name]
        return severity

    def _message(self, rule: SpectralRule, message: str, where: Target) -> str:
        variables = {"property": "" if where.property is None else where.property, "path": "#" + where.pointer,
                     "description": rule.description, "value": where.value}
        error = render(message, variables)
        variables["error"] = error
        text = render(rule.message, variables) if rule.message is not None else (rule.description or error)
        return text.strip()

    def references(self) -> set[str]:
        """Every local ``$ref`` of the root document, decoded (``#/components/schemas/Pet``)."""
        if self._references is None:
            refs = set()
            for obj, _, _ in self.document(False).walk([self.document(False).root]).order:
                ref = obj.get("$ref") if isinstance(obj, dict) else None
                if isinstance(ref, str) and ref.startswith("#"):
                    refs.add("#" + "/".join(unquote(t).replace("~1", "/").replace("~0", "~")
                                            for t in ref[1:].split("/")))
            self._references = refs
        return self._references


@functools.cache
def _lodash_path(field: str) -> tuple[str, ...]:
    """lodash ``toPath``: ``a.b[0].c`` and ``a['x.y']``."""
    return tuple(m.group(1) or m.group(2) or m.group(3)
                 for m in re.finditer(r"\[['\"]([^'\"]*)['\"]\]|\[(\d+)\]|([^.\[\]]+)", field))


def _matches(folder: str, pattern: str, where: Target) -> bool:
    glob, _, fragment = pattern.partition("#")
    relative = os.path.relpath(where.source.path, folder).replace(os.sep, "/")
    if not (fnmatch.fnmatch(relative, glob) or (glob.startswith("**/") and fnmatch.fnmatch(relative, glob[3:]))):
        return False
    return not fragment or where.pointer == fragment or where.pointer.startswith(fragment.rstrip("/") + "/")


def ruleset_issues(ruleset: Ruleset, workspace: Any) -> list[tuple[str, str, Issue]]:
    return list(RulesetRun(ruleset, workspace).issues())
