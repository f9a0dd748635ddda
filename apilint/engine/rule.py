"""What a rule is: metadata that documents it, and a function that yields issues.

Rules live in ``apilint/rules/`` (one small module per rule or tight family) and register with the
``@rule`` decorator; the registry is filled by importing every module of that package.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from apilint.model.core import Api, Loc

SEVERITIES = ("hint", "info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
PRESETS = ("minimal", "recommended", "strict")
IN_MESSAGES = "in messages"  # see Rule.reads_descriptions


@dataclass(frozen=True)
class Issue:
    """What a rule yields: where and what. The engine adds rule id, severity and position."""

    loc: Loc
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Example:
    """A complete small spec (OpenAPI YAML or a .proto file): ``bad`` must trigger the rule,
    ``good`` must not. The test-suite runs every example, and the docs show them."""

    format: str  # "openapi" or "proto"
    bad: str
    good: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    sections: tuple[str, ...]  # anti-pattern sections of reference/api-antipatterns.md, e.g. "3.2"
    severity: str
    formats: tuple[str, ...]
    presets: tuple[str, ...]  # which presets turn it on ("strict" always includes everything)
    rationale: str
    fix: str
    examples: tuple[Example, ...]
    check: Callable[[Api, Context], Iterable[Issue]] = field(repr=False, compare=False)
    options: dict[str, Any] = field(default_factory=dict, compare=False)  # defaults, overridable
    # formats an option is read on, where not all of the rule's (gRPC has no HTTP headers)
    option_formats: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    module: str = field(default="", compare=False)  # where the rule is defined, all formats' halves
    # an option's default where one format needs another one (the user's value applies to every format)
    format_defaults: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    origin: str = field(default="apilint", compare=False)  # or "plugin <distribution> <version>"
    # False when the rule's findings (pointer, message, hint) on an OpenAPI spec cannot change when a
    # non-blank string value of a `description` or `summary` key, anywhere in any file of the spec, is
    # replaced by another non-blank string (blank = empty after .strip()); IN_MESSAGES when only their
    # messages can (they quote the value of the node they are at), never which findings there are, nor
    # where. `apilint lsp` then keeps such a rule's findings while the user types in a description (an
    # IN_MESSAGES rule's, while it has none). True (always re-run) is the safe default.
    reads_descriptions: bool | str = field(default=True, compare=False)

    def enabled_in(self, preset: str) -> bool:
        """Presets nest: minimal < recommended < strict (strict turns on every rule)."""
        return (preset == "strict" or preset in self.presets
                or (preset == "recommended" and "minimal" in self.presets))

    def option_format_names(self, name: str) -> tuple[str, ...]:
        """The formats on which option ``name`` changes what the rule reports."""
        return self.option_formats.get(name, self.formats)

    @property
    def preset_names(self) -> list[str]:
        return [p for p in PRESETS if self.enabled_in(p)]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "severity": self.severity, "sections": list(self.sections),
            "formats": list(self.formats), "presets": self.preset_names, "rationale": self.rationale,
            "fix": self.fix, "options": self.options,
            "examples": [{"format": e.format, "bad": e.bad, "good": e.good} for e in self.examples],
        }


class Context:
    """Per-run information a rule may need: its options (defaults merged with the user's config)."""

    def __init__(self, rule: Rule, options: dict[str, Any] | None = None, format: str | None = None) -> None:
        self.rule = rule
        self.user_options = options or {}
        self.options = {**rule.options, **rule.format_defaults.get(format or "", {}), **self.user_options}

    def for_format(self, format: str) -> Context:
        """The same options, with the rule's defaults for ``format`` where the user set none."""
        return Context(self.rule, self.user_options, format) if format in self.rule.format_defaults else self

    def option(self, name: str) -> Any:
        return self.options[name]

    def words(self, name: str) -> frozenset[str]:
        """A word-list option, with the user's ``extra_<name>`` appended."""
        return frozenset(w.lower() for w in [*self.options[name], *self.options.get(f"extra_{name}", [])])


_REGISTRY: dict[str, Rule] = {}


def rule(*, id: str, title: str, sections: Iterable[str], severity: str, formats: Iterable[str] = ("openapi",),
         presets: Iterable[str] = ("recommended",), rationale: str, fix: str,
         examples: Iterable[Example], options: dict[str, Any] | None = None,
         option_formats: dict[str, Iterable[str]] | None = None,
         format_defaults: dict[str, dict[str, Any]] | None = None, reads_descriptions: bool | str = True
         ) -> Callable[[Callable[[Api, Context], Iterable[Issue]]], Callable[[Api, Context], Iterable[Issue]]]:
    """Register a rule. ``severity`` is its default; ``presets`` the presets that enable it;
    ``reads_descriptions=False`` (or IN_MESSAGES) promises what ``Rule.reads_descriptions`` says (leave it
    True when unsure)."""
    assert severity in SEVERITIES, severity
    assert reads_descriptions in (True, False, IN_MESSAGES), reads_descriptions

    def register(check: Callable[[Api, Context], Iterable[Issue]]) -> Callable[[Api, Context], Iterable[Issue]]:
        if id in _REGISTRY:
            raise ValueError(f"rule id registered twice: {id}")
        _REGISTRY[id] = Rule(id=id, title=title, sections=tuple(sections), severity=severity,
                             formats=tuple(formats), presets=tuple(presets), rationale=rationale.strip(),
                             fix=fix.strip(), examples=tuple(examples), check=check, options=options or {},
                             option_formats={k: tuple(v) for k, v in (option_formats or {}).items()},
                             module=check.__module__, format_defaults=format_defaults or {},
                             reads_descriptions=reads_descriptions)
        return check

    return register


_IMPLEMENTATIONS: list[tuple[str, str, Callable[[Api, Context], Iterable[Issue]], tuple[Example, ...]]] = []


def implements(rule_id: str, *, format: str, examples: Iterable[Example]
               ) -> Callable[[Callable[[Api, Context], Iterable[Issue]]], Callable[[Api, Context], Iterable[Issue]]]:
    """Give an existing rule its implementation for another format, so one idea is one rule whatever
    the format (e.g. proto fields read from descriptors, where the OpenAPI version reads schemas)."""

    def register(check: Callable[[Api, Context], Iterable[Issue]]) -> Callable[[Api, Context], Iterable[Issue]]:
        _IMPLEMENTATIONS.append((rule_id, format, check, tuple(examples)))
        return check

    return register


def _with_implementations() -> None:
    by_rule: dict[str, dict[str, Callable[[Api, Context], Iterable[Issue]]]] = {}
    for rule_id, format_, check, examples in _IMPLEMENTATIONS:
        if rule_id not in _REGISTRY:
            raise ValueError(f"implementation for an unknown rule: {rule_id}")
        base = _REGISTRY[rule_id]
        if check.__module__ != base.module:
            raise ValueError(f"the {format_} half of {rule_id} is in {check.__module__}, not in {base.module}")
        by_rule.setdefault(rule_id, {})[format_] = check
        _REGISTRY[rule_id] = dataclasses.replace(base, formats=tuple(dict.fromkeys((*base.formats, format_))),
                                                 examples=base.examples + examples)
    for rule_id, checks in by_rule.items():
        default = _REGISTRY[rule_id].check

        def dispatch(api: Api, context: Context, checks=checks, default=default) -> Iterable[Issue]:
            return checks.get(api.format, default)(api, context.for_format(api.format))

        _REGISTRY[rule_id] = dataclasses.replace(_REGISTRY[rule_id], check=dispatch)
    _IMPLEMENTATIONS.clear()


def all_rules() -> dict[str, Rule]:
    if not _REGISTRY:
        import apilint.rules as package

        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
        from apilint.engine.plugins import load_plugins

        origins = load_plugins(lambda: set(_REGISTRY))
        _with_implementations()
        for rule_id, origin in origins.items():
            _REGISTRY[rule_id] = dataclasses.replace(_REGISTRY[rule_id], origin=origin)
    return dict(sorted(_REGISTRY.items()))


def run_rule(rule_: Rule, api: Api, context: Context) -> Iterator[Issue]:
    yield from rule_.check(api, context)
