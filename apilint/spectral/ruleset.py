"""Reading a Spectral ruleset file (YAML or JSON) as it is: ``extends`` (local files; Spectral's
built-in ``spectral:oas``/``spectral:asyncapi`` run JavaScript, so they contribute no rules and say so
in one note), ``aliases``, ``formats``, ``rules`` (definitions, or a severity for an inherited rule),
``overrides`` (severities per file glob) and ``except``. Anything apilint cannot run as written (a
JavaScript function, an unknown function, a JSONPath form without an equivalent) is one InputError
naming the ruleset file, line and column: a ruleset is never run with parts silently skipped."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from apilint.errors import InputError, shown_path
from apilint.load.pointer import join
from apilint.spectral.functions import CASING_TYPES, FUNCTIONS
from apilint.spectral.query import Query, QueryError, compile_query

BUILTIN_RULESETS = ("spectral:oas", "spectral:asyncapi", "spectral:arazzo")
FORMATS = ("oas2", "oas3", "oas3_0", "oas3_1", "oas3_2", "asyncapi2", "asyncapi3", "json-schema",
           "json-schema-loose", "json-schema-draft4", "json-schema-draft6", "json-schema-draft7",
           "json-schema-2019-09", "json-schema-2020-12", "arazzo1_0")
_SEVERITIES = {"error": "error", 0: "error", "warn": "warning", 1: "warning", "info": "info", 2: "info",
               "hint": "hint", 3: "hint", "off": "off", -1: "off"}
_REQUIRED_OPTIONS = {"pattern": (), "casing": ("type",), "enumeration": ("values",), "schema": ("schema",),
                     "xor": ("properties",), "or": ("properties",),
                     "unreferencedReusableObject": ("reusableObjectsLocation",)}


@dataclass(frozen=True)
class Then:
    field: str | None
    function: str
    options: Any


@dataclass
class SpectralRule:
    name: str
    description: str | None
    message: str | None
    severity: str  # an apilint severity, or "off"
    given: tuple[str, ...]  # as written (may start with an #Alias)
    then: tuple[Then, ...]
    formats: frozenset[str] | None
    resolved: bool
    enabled: bool  # ``recommended: false`` rules are off until a severity is set for them
    origin: str  # the ruleset file that defines it, as shown
    origin_path: str  # and its absolute path
    documentation_url: str | None = None  # its own documentationUrl, else its ruleset's + "#name", as Spectral


@dataclass(frozen=True)
class Override:
    folder: str  # globs are relative to the ruleset that declares them
    files: tuple[str, ...]
    severities: dict[str, str]


@dataclass(frozen=True)
class Except:
    folder: str
    target: str  # glob, optionally with "#/pointer"
    rules: frozenset[str]


@dataclass
class Ruleset:
    path: str  # as shown
    rules: dict[str, SpectralRule] = field(default_factory=dict)
    aliases: dict[str, Any] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    excepts: list[Except] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""  # of every file read: part of the result cache key
    queries: dict[str, Query] = field(default_factory=dict)  # expanded given path -> compiled

    def active_rules(self) -> list[SpectralRule]:
        return [r for r in self.rules.values() if r.enabled and r.severity != "off"]


def load_ruleset(path: str) -> Ruleset:
    """The ruleset at ``path`` with everything it extends. Raises InputError on anything it cannot run."""
    ruleset = Ruleset(shown_path(path))
    digest = hashlib.blake2b(digest_size=16)
    _load_into(ruleset, os.path.abspath(path), digest, [], "recommended")
    ruleset.digest = digest.hexdigest()
    _compile_givens(ruleset)
    return ruleset


def _load_into(ruleset: Ruleset, path: str, digest: Any, stack: list[str], mode: str) -> None:
    from apilint.load.source import load_source

    if path in stack:
        raise InputError("extends: the ruleset extends itself", shown_path(stack[-1]))
    shown = shown_path(path)
    source = load_source(path, shown)
    digest.update(source.text.encode())
    data = source.data

    def at(message: str, *tokens: str | int) -> InputError:
        position = source.positions([join("", *tokens)]).get(join("", *tokens)) or (None, None)
        return InputError(message, shown, *position)

    if not isinstance(data, dict):
        raise at("a ruleset must be a mapping (with rules, extends, ...)")
    functions = data.get("functions")
    if functions or data.get("functionsDir"):
        names = ", ".join(str(f) for f in functions) if isinstance(functions, list) else str(functions or "")
        where = "functions" if functions else "functionsDir"
        raise at(f"JavaScript functions are not supported (apilint runs Spectral's core functions only): "
                 f"{names or data.get('functionsDir')}", where)
    folder = os.path.dirname(path)
    extends = data.get("extends") or []
    for index, entry in enumerate(extends if isinstance(extends, list) else [extends]):
        pair = isinstance(entry, list) and len(entry) == 2
        name, entry_mode = (entry[0], entry[1]) if pair else (entry, "recommended")
        token = ("extends", index) if isinstance(extends, list) else ("extends",)
        entry_mode = "off" if entry_mode is False else entry_mode  # YAML 1.1 reads a bare off as false
        if not isinstance(name, str) or entry_mode not in ("recommended", "all", "off"):
            raise at("extends: expected a ruleset path, or [path, recommended|all|off]", *token)
        if name in BUILTIN_RULESETS:
            ruleset.notes.append(f"{shown}: extends {name}: Spectral's built-in rulesets run JavaScript; apilint "
                                 "runs no rules from it (see docs/custom-rules.md for its core-function rules)")
            continue
        if "://" in name or not name.endswith((".yaml", ".yml", ".json")):
            raise at(f"extends: cannot load '{name}': apilint reads local ruleset files (.yaml, .yml, .json)", *token)
        target = os.path.normpath(os.path.join(folder, name))
        if not os.path.isfile(target):
            raise at(f"extends: no such ruleset file: {name}", *token)
        _load_into(ruleset, target, digest, [*stack, path], entry_mode if mode != "off" else "off")
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise at("aliases: expected a mapping of names to JSONPaths", "aliases")
    ruleset.aliases.update(aliases)
    formats = _formats(data.get("formats"), at, ("formats",))
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise at("rules: expected a mapping of rule names to definitions", "rules")
    documentation = _text(data.get("documentationUrl"))
    for name, definition in rules.items():
        _add_rule(ruleset, str(name), definition, formats, path, mode, at, documentation)
    for index, override in enumerate(data.get("overrides") or []):
        ruleset.overrides.append(_override(override, folder, at, index))
    for target, names in (data.get("except") or {}).items():
        if not isinstance(names, list):
            raise at("except: expected a list of rule names", "except", target)
        ruleset.excepts.append(Except(folder, str(target), frozenset(map(str, names))))


def _severity(value: Any) -> str | None:
    if isinstance(value, bool):  # checked first: False == 0 would read as error
        return "warning" if value else "off"
    try:
        return _SEVERITIES.get(value)
    except TypeError:
        return None


def _formats(value: Any, at: Any, token: tuple[str, ...]) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
        raise at("formats: expected a list of format names", *token)
    unknown = [f for f in value if f not in FORMATS]
    if unknown:
        raise at(f"formats: unknown format '{unknown[0]}' (known: {', '.join(FORMATS)})", *token)
    return frozenset(value)


def _add_rule(ruleset: Ruleset, name: str, definition: Any, formats: frozenset[str] | None, path: str,
              mode: str, at: Any, documentation: str | None) -> None:
    if not isinstance(definition, dict):  # a severity for an inherited rule
        severity = _severity(definition)
        if severity is None:
            raise at(f"rules.{name}: expected a rule definition or a severity "
                     "(error, warn, info, hint, off, 0-3, true, false)", "rules", name)
        if name not in ruleset.rules:
            raise at(f"rules.{name}: no such rule in the rulesets this one extends", "rules", name)
        rule = ruleset.rules[name]
        rule.enabled = severity != "off"
        if definition is not True:
            rule.severity = severity
        return
    for key in ("given", "then"):
        if key not in definition:
            raise at(f"rules.{name}: missing '{key}'", "rules", name)
    severity = _severity(definition.get("severity", "warn"))
    if severity is None:
        raise at(f"rules.{name}.severity: expected error, warn, info, hint, off or 0-3", "rules", name, "severity")
    given = definition["given"]
    givens = tuple(given) if isinstance(given, list) else (given,)
    if not givens or not all(isinstance(g, str) for g in givens):
        raise at(f"rules.{name}.given: expected a JSONPath or a list of them", "rules", name, "given")
    then = definition["then"]
    thens = then if isinstance(then, list) else [then]
    parsed = tuple(_then(name, item, at, ("rules", name, "then", *((i,) if isinstance(then, list) else ())))
                   for i, item in enumerate(thens))
    recommended = definition.get("recommended", True) is not False
    ruleset.rules[name] = SpectralRule(
        name=name, description=_text(definition.get("description")), message=_text(definition.get("message")),
        severity=severity, given=givens, then=parsed,
        formats=_formats(definition.get("formats"), at, ("rules", name, "formats")) or formats,
        resolved=definition.get("resolved", True) is not False,
        enabled=mode == "all" or (mode == "recommended" and recommended), origin=shown_path(path),
        origin_path=path,
        documentation_url=_text(definition.get("documentationUrl")) or (f"{documentation}#{name}"
                                                                         if documentation else None))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _then(rule: str, item: Any, at: Any, token: tuple[Any, ...]) -> Then:
    if not isinstance(item, dict) or not isinstance(item.get("function"), str):
        raise at(f"rules.{rule}.then: expected a mapping with a function", *token)
    function = item["function"]
    if function not in FUNCTIONS:
        raise at(f"rules.{rule}: function '{function}' is not a Spectral core function (JavaScript functions "
                 f"are not supported; core: {', '.join(FUNCTIONS)})", *token, "function")
    options = item.get("functionOptions")
    for required in _REQUIRED_OPTIONS.get(function, ()):
        if not isinstance(options, dict) or required not in options:
            raise at(f"rules.{rule}: {function} needs functionOptions.{required}", *token)
    if function == "pattern" and not (isinstance(options, dict) and ("match" in options or "notMatch" in options)):
        raise at(f"rules.{rule}: pattern needs functionOptions.match or notMatch", *token)
    if function == "casing" and options["type"] not in CASING_TYPES:
        raise at(f"rules.{rule}: casing type must be one of {', '.join(CASING_TYPES)}", *token, "functionOptions")
    field_ = item.get("field")
    if field_ is not None and not isinstance(field_, str):
        raise at(f"rules.{rule}.then.field: expected a string", *token, "field")
    if function == "pattern":
        from apilint.spectral.functions import js_regex

        for key in ("match", "notMatch"):
            if key in options:
                try:
                    js_regex(str(options[key]))
                except Exception as exc:
                    raise at(f"rules.{rule}: {key}: not a regular expression apilint can run: {exc}",
                             *token, "functionOptions", key) from None
    return Then(field_, function, options)


def _override(override: Any, folder: str, at: Any, index: int) -> Override:
    if not isinstance(override, dict) or not isinstance(override.get("files"), list):
        raise at("overrides: each entry needs files (a list of globs) and rules", "overrides", index)
    severities = {}
    for name, value in (override.get("rules") or {}).items():
        severity = _severity(value.get("severity") if isinstance(value, dict) and set(value) <= {"severity"}
                             else value)
        if severity is None:
            raise at(f"overrides[{index}].rules.{name}: apilint applies severities in overrides "
                     "(error, warn, info, hint, off)", "overrides", index, "rules", name)
        severities[str(name)] = severity
    return Override(folder, tuple(map(str, override["files"])), severities)


def expand_aliases(given: str, aliases: dict[str, Any], formats: set[str], seen: tuple[str, ...] = ()) -> list[str]:
    """``#Alias.rest`` as the JSONPath(s) the alias stands for (for this document's formats)."""
    if not given.startswith("#"):
        return [given]
    name = given[1:]
    for separator in (".", "[", "^", "~"):
        name = name.split(separator, 1)[0]
    rest = given[1 + len(name):]
    if name not in aliases:
        raise QueryError(f"unknown alias #{name}")
    if name in seen:
        raise QueryError(f"alias #{name} refers to itself")
    value = aliases[name]
    if isinstance(value, dict):
        targets = value.get("targets") or []
        paths = [p for t in targets if not t.get("formats") or formats & set(t["formats"]) for p in t.get("given", [])]
    else:
        paths = list(value) if isinstance(value, list) else [value]
    return [expanded + rest for path in paths for expanded in expand_aliases(str(path), aliases, formats,
                                                                              (*seen, name))]


def _compile_givens(ruleset: Ruleset) -> None:
    """Every given path under every format, compiled now: a path that cannot run is a load error."""
    from apilint.load.source import load_source

    every_format = set(FORMATS)
    for rule in ruleset.rules.values():
        for index, given in enumerate(rule.given):
            try:
                for path in _every_expansion(given, ruleset.aliases, every_format):
                    if path not in ruleset.queries:
                        ruleset.queries[path] = compile_query(path)
            except QueryError as exc:
                source = load_source(rule.origin_path, rule.origin)
                pointer = join("", "rules", rule.name, "given", *((index,) if len(rule.given) > 1 else ()))
                position = source.positions([pointer]).get(pointer) or (None, None)
                raise InputError(f"rules.{rule.name}.given: {exc}", rule.origin, *position) from None


def _every_expansion(given: str, aliases: dict[str, Any], formats: set[str]) -> list[str]:
    paths = expand_aliases(given, aliases, formats)
    for fmt in FORMATS:  # alias targets differ per format
        paths += expand_aliases(given, aliases, {fmt})
    return list(dict.fromkeys(paths))
