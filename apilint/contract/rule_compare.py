"""Compare an actual value with a contract's example under matching rules (``apilint.contract.rules``).

The one walker of the matcher engine, for pacts and for apilint's contracts (their inline matchers are
rules, ``apilint.contract.inline``). ``Compare(rules, allow_extra).value(expected, actual)`` lists every
difference as a ``Mismatch`` whose ``where`` names the path (``body.items[0].id``) and whose message names
the rule that failed. Where apilint contracts and Pact differ, options say which:

- ``allow_extra``: unexpected object keys are fine (responses, apilint requests) or not (pact requests);
- ``zip_other_lengths``: arrays of another length are still compared item by item (Pact, replay), or
  the length alone is the difference (the mock's request matching);
- ``var``: the hook that decides a ``{{var:NAME}}`` (what was handed out or captured);
- ``first_only``: stop at the first difference (the mock's hot path needs yes or no).

Without rules, a contract value's inline matchers (``"{{uuid}}"``) are translated into rules on the spot;
callers that compare often translate once (``apilint.contract.inline.translate``) and pass the rules.
``match_value`` and ``match_text`` are the request side for one apilint contract value.

It also counts ``score`` (how specific the match was, ``apilint.contract.mismatch``) and ``held`` (rules
that held). Callers that classify differences (replay) override ``found`` and ``missing``.
"""

from __future__ import annotations

from typing import Any

from apilint.contract.inline import text_leaf, translate
from apilint.contract.mismatch import LITERAL, MATCHER, Mismatch, VarCheck
from apilint.contract.rule_checks import check, group_test, json_kind, kind_of
from apilint.contract.rules import STAR, Matcher, RuleGroup, Rules, show_path

Path = tuple[Any, ...] | str  # a path under the prefix, or (for one text value) the place itself
_SCALARS = frozenset({str, int, float, bool, type(None)})
_LEAVES = frozenset({str, bool})  # what a translated inline matcher's example is
_NO_RULES = Rules()  # a subtree without rules
_NONE = Rules()  # no rules given: inline matchers are translated when compared


def short(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else json_kind(value)


class Compare:
    """One comparison (see the module's options)."""

    __slots__ = ("allow_extra", "first_only", "held", "out", "prefix", "rules", "score", "text_wire", "var", "xml",
                 "zip_other_lengths")

    def __init__(self, rules: Rules | None, allow_extra: bool, prefix: str = "body", text_wire: bool = False,
                 xml: bool = False, *, var: VarCheck | None = None, first_only: bool = False,
                 zip_other_lengths: bool = True) -> None:
        self.rules = rules if rules is not None else _NONE
        self.xml = xml  # Pact's XML paths name repeated elements without an index
        self.allow_extra = allow_extra
        self.prefix = prefix
        self.text_wire = text_wire
        self.var = var
        self.first_only = first_only
        self.zip_other_lengths = zip_other_lengths
        self.out: list[Mismatch] = []
        self.score = 0
        self.held = 0

    def restart(self, out: list[Mismatch], var: VarCheck | None, first_only: bool) -> Compare:
        """The same comparison again, on another value (the mock keeps one per route: building costs more than
        matching a small request); differences go to ``out``."""
        self.out, self.var, self.first_only, self.score, self.held = out, var, first_only, 0, 0
        return self

    def found(self, kind: str, path: Path, message: str, expected: Any, actual: Any,
              group: RuleGroup | None = None) -> None:
        """A difference: ``kind`` is missing, extra, length, type, value, rule or var (and Pact's element,
        key, contains); ``expected`` and ``actual`` are the values themselves."""
        self.out.append(Mismatch(show_path(path, self.prefix), message, short(expected), short(actual)))

    def missing(self, path: Path, key: str, expected: dict[str, Any], actual: dict[str, Any]) -> None:
        """``expected[key]`` is not in ``actual`` (both the objects at ``path``)."""
        self.found("missing", (*path, key), "field missing", expected[key], None)

    def group(self, path: tuple[Any, ...], expected: Any) -> RuleGroup | None:
        found = self.rules.at(path)
        if found is None and self.xml:
            found = self.rules.at(tuple(t for t in path if not isinstance(t, int)))
        return found

    def value(self, expected: Any, actual: Any, path: tuple[Any, ...] = ("$",)) -> list[Mismatch]:
        if self.rules is _NONE:
            expected, self.rules = translate(expected, path)
        self._value(expected, actual, path)
        return self.out

    def _value(self, expected: Any, actual: Any, path: tuple[Any, ...]) -> None:
        rules, cls = self.rules, expected.__class__
        group = rules.at(path) if rules.paths and (cls in _LEAVES or not rules.leaves_only) else None
        if group is None and self.xml:
            group = self.group(path, expected)
        if group is None:
            if rules.leaves_only and rules.paths and (cls is dict or cls is list) and path not in rules.above:
                self.rules = _NO_RULES  # no rule below: the subtree compares without looking any up
                try:
                    self._plain(expected, actual, path)
                finally:
                    self.rules = rules
            elif cls is dict and actual.__class__ is dict:
                self._object(expected, actual, path, None)
            else:
                self._plain(expected, actual, path)
            return
        test = group.test  # bound on first use by ``apply``; never for a variable (the hook decides)
        if test is not None and not test(expected, actual, self.text_wire):
            self.score += MATCHER
            self.held += 1
        elif not self.apply(group, expected, actual, path):
            return
        if cls in _LEAVES or "contentType" in group.kinds:
            return  # a leaf has no children; a body of the named content type is all contentType asks
        if isinstance(actual, dict) and isinstance(expected, dict):
            self._object(expected, actual, path, group)
        elif isinstance(actual, list) and isinstance(expected, list):
            self._array(expected, actual, path, group)

    def leaf(self, expected: Any, group: RuleGroup | None, actual: Any, where: str) -> None:
        """One value that has no children (a query or header value, a path segment) at ``where``."""
        if group is None:
            self._plain(expected, actual, where)
        else:
            self.apply(group, expected, actual, where)

    def apply(self, group: RuleGroup, expected: Any, actual: Any, path: Path) -> bool:
        """The group's matchers on the value itself (not its children); a failure is recorded."""
        first = group.matchers[0]
        if first.kind == "variable":
            return self._variable(first, group, actual, path)
        test = group.test
        if test is None:
            test = group_test(group)
            object.__setattr__(group, "test", test)  # built once per group, on first use
        reason = test(expected, actual, self.text_wire)
        if reason:
            if group.label is not None:
                self.found("rule", path, f"{group.label} does not hold (rule: {group.label})", group.label, actual,
                           group)
            else:
                self.found("rule", path, f"{reason} (rule: {_kinds(group)})", expected, actual, group)
            return False
        self.score += MATCHER
        self.held += 1
        return True

    def _variable(self, matcher: Matcher, group: RuleGroup, actual: Any, path: Path) -> bool:
        name = matcher.args.get("name")
        score = MATCHER if self.var is None else self.var(name, actual) if name else None
        if score is None:
            self.found("var", path, f"{short(actual)!r} is no value this mock handed out for {group.label}",
                       group.label, actual, group)
            return False
        self.score += score
        self.held += 1
        return True

    def _plain(self, expected: Any, actual: Any, path: Path) -> None:
        cls = expected.__class__
        if cls is actual.__class__ and cls in _SCALARS:  # the common case, decided at once
            if expected == actual:
                self.score += LITERAL
            else:
                self.found("value", path, "value differs", expected, actual)
            return
        if isinstance(expected, dict) and isinstance(actual, dict):
            self._object(expected, actual, path, None)  # type: ignore[arg-type]
        elif isinstance(expected, list) and isinstance(actual, list):
            if len(expected) != len(actual) and not (self.xml and self.allow_extra and len(actual) > len(expected)):
                self.found("length", path, f"expected an array of {len(expected)} item(s), got {len(actual)}",
                           len(expected), len(actual))
                if not self.zip_other_lengths or self.first_only:
                    return
            for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
                self._value(want, got, (*path, index))
                if self.first_only and self.out:
                    return
        elif json_kind(expected) != json_kind(actual):
            self.found("type", path, f"expected a {json_kind(expected)}, got a {json_kind(actual)}", expected, actual)
        elif expected != actual:
            self.found("value", path, "value differs", expected, actual)
        else:
            self.score += LITERAL

    def _object(self, expected: dict[str, Any], actual: dict[str, Any], path: tuple[Any, ...],
                group: RuleGroup | None) -> None:
        if group is not None and group.has("values", "eachValue"):
            example = next(iter(expected.values()), None)
            for key, got in actual.items():
                self._value(expected.get(key, example), got, (*path, key))
            self._each_key(group, actual, path)
            return
        if group is not None:
            self._each_key(group, actual, path)
            if self.xml:  # Pact: under a rule, every child element is like the expected ones, by name too
                for key in actual:
                    if key not in expected and key[:1] not in "@#":
                        self.found("element", (*path, key), f"unexpected element <{key}> (rule: {_kinds(group)})",
                                   None, key)
        gone = [key for key in expected if key not in actual]
        for key in gone:  # what is gone first, then what changed
            self.missing(path, key, expected, actual)
            if self.first_only and self.out:
                return
        for key, want in expected.items():
            if not gone or key in actual:
                self._value(want, actual[key], (*path, key))
                if self.first_only and self.out:
                    return
        if not self.allow_extra:
            for key in actual:
                if key not in expected:
                    self.found("extra", (*path, key), "unexpected field", None, actual[key])

    def _each_key(self, group: RuleGroup, actual: dict[str, Any], path: tuple[Any, ...]) -> None:
        for matcher in group.matchers:
            if matcher.kind != "eachKey":
                continue
            for key in actual:
                for raw in matcher.args.get("rules") or []:
                    reason = check(_plain_matcher(raw), key, key)
                    if reason:
                        self.found("key", (*path, key), f"key {reason} (rule: eachKey)", None, key)

    def _array(self, expected: list[Any], actual: list[Any], path: tuple[Any, ...], group: RuleGroup) -> None:
        contains = next((m for m in group.matchers if m.kind == "arrayContains"), None)
        if contains is not None:
            self._contains(contains, expected, actual, path)
            return
        each = next((m for m in group.matchers if m.kind == "eachValue"), None)
        if not expected and each is None:
            return
        for index, got in enumerate(actual):
            want = expected[index] if index < len(expected) else expected[0] if expected else None
            if each is not None:
                probe = Compare(_nested(each, path), self.allow_extra, self.prefix, self.text_wire)
                self.out.extend(probe.value(want, got, (*path, index)))
            else:
                self._value(want, got, (*path, index))

    def _contains(self, matcher: Matcher, expected: list[Any], actual: list[Any], path: tuple[Any, ...]) -> None:
        for variant in matcher.args.get("variants") or []:
            index = variant.get("index", 0)
            rules = Rules({k: group_of(v) for k, v in (variant.get("rules") or {}).items()})
            wanted = expected[index] if isinstance(index, int) and index < len(expected) else None
            if not any(not Compare(rules, self.allow_extra, "$", self.text_wire).value(wanted, got) for got in actual):
                self.found("contains", path, f"no item matches variant {index} (rule: arrayContains)", wanted, None)


def _kinds(group: RuleGroup) -> str:
    return "/".join(m.kind for m in group.matchers)


def _plain_matcher(raw: dict[str, Any]) -> Matcher:
    return Matcher(kind_of(raw), {k: v for k, v in raw.items() if k != "match"})


def group_of(raw: Any) -> RuleGroup:
    """``{"matchers": [...], "combine": "AND"}`` or a bare list of matchers -> a group."""
    matchers = raw.get("matchers") if isinstance(raw, dict) else raw
    combine = raw.get("combine", "AND") if isinstance(raw, dict) else "AND"
    return RuleGroup(tuple(_plain_matcher(m) for m in matchers or []), str(combine).upper())


def _nested(each: Matcher, path: tuple[Any, ...]) -> Rules:
    rules = Rules()
    rules.paths = [((*path, STAR), group_of(each.args.get("rules") or []))]
    return rules


def match_value(want: Any, got: Any, where: str, out: list[Mismatch], var: VarCheck,
                first_only: bool = False) -> int:
    """The score of a JSON value ``got`` against the contract value ``want``; differences go to ``out``."""
    example, rules = translate(want)
    engine = Compare(rules, True, where, var=var, first_only=first_only, zip_other_lengths=False)
    engine.value(example, got)
    out.extend(engine.out)
    return 0 if engine.out else engine.score


def match_text(want: Any, got: str, where: str, out: list[Mismatch], var: VarCheck) -> int:
    """The score of a text value ``got`` (query, header, path segment) against the contract value ``want``."""
    example, group = text_leaf(want)
    engine = Compare(None, True, where, text_wire=True, var=var)
    engine.leaf(example, group, got, where)
    out.extend(engine.out)
    return 0 if engine.out else engine.score
