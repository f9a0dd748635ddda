"""Does a concrete request value satisfy a contract's request value? (the request side of matching)

The rules are those of docs/contracts.md, seen from the server: a literal must be equal, a matcher
(``{{uuid}}``, ``{{one_of:A|B}}``, ... from ``apilint.contract.matchers``) must hold, keys the
contract does not name are fine, arrays are matched item by item and must have the same length.
``{{var:NAME}}`` is decided by the caller (what was handed out, see ``VarCheck``).

Each match returns a *score*, how specific the contract value was for this request: an equal
literal counts 2, a matcher that holds 1 (so an exact recorded body beats a matcher), a variable
what ``VarCheck`` says. A difference is added to ``out`` (``where``, expected, actual): the mock names
it in a miss. ``first_only`` stops at the first difference (the hot path only needs yes or no).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apilint.contract.matchers import holds, parse
from apilint.recording.captures import VAR

LITERAL, MATCHER = 2, 1
VarCheck = Callable[[str, Any], int | None]  # (var name, value sent) -> score, or None when refused
_NUMERIC = frozenset({"positive_integer", "integer", "number"})


@dataclass(frozen=True, slots=True)
class Mismatch:
    where: str  # method, path, query.page_size, headers.authorization, body.items[0].quantity
    message: str
    expected: Any = None
    actual: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "message": self.message, "expected": self.expected, "actual": self.actual}


def _describe(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else type(value).__name__


def match_text(want: Any, got: str, where: str, out: list[Mismatch], var: VarCheck) -> int:
    """A query or header value (always text on the wire): a numeric matcher holds for digits."""
    matcher = parse(want) if isinstance(want, str) else None
    if matcher is not None and matcher[0] in _NUMERIC:
        try:
            number: Any = int(got)
        except ValueError:
            try:
                number = float(got)
            except ValueError:
                number = got
        return match_value(want, number, where, out, var)
    if matcher is None and not isinstance(want, str):
        want = "true" if want is True else "false" if want is False else str(want)
    return match_value(want, got, where, out, var)


def match_value(want: Any, got: Any, where: str, out: list[Mismatch], var: VarCheck,
                first_only: bool = False) -> int:
    """The score of ``got`` against ``want``; differences go to ``out``."""
    if isinstance(want, str) and want.startswith("{{"):
        matcher = parse(want)
        if matcher is not None:
            name, arg = matcher
            if name == "var":
                found = VAR.fullmatch(want)
                score = var(found.group(1), got) if found else None
                if score is None:
                    out.append(Mismatch(where, f"{_describe(got)!r} is no value this mock handed out for {want}", want,
                                        _describe(got)))
                    return 0
                return score
            if holds(name, arg, got):
                return MATCHER
            out.append(Mismatch(where, f"{want} does not hold", want, _describe(got)))
            return 0
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append(Mismatch(where, "expected an object", "object", _describe(got)))
            return 0
        score = 0
        for key, item in want.items():
            if key not in got:
                out.append(Mismatch(f"{where}.{key}", "field missing", _describe(item), None))
            else:
                score += match_value(item, got[key], f"{where}.{key}", out, var, first_only)
            if first_only and out:
                return 0
        return score
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            size = len(got) if isinstance(got, list) else _describe(got)
            out.append(Mismatch(where, f"expected an array of {len(want)}", len(want), size))
            return 0
        score = 0
        for index, (item, other) in enumerate(zip(want, got, strict=True)):
            score += match_value(item, other, f"{where}[{index}]", out, var, first_only)
            if first_only and out:
                return 0
        return score
    if (want == got and type(want) is type(got)) or (_number(want) and _number(got) and want == got):
        return LITERAL
    out.append(Mismatch(where, "value differs", _describe(want), _describe(got)))
    return 0


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
