"""One value for one Pact generator (``Uuid``, ``RandomInt``, ``Date``, ``Regex``...), as Pact verifiers make them.

``make(generator, rng)`` answers the value, or raises ``CannotMake`` for a generator apilint does not make
(``MockServerURL``, ``ProviderState`` -- the hook's, ``apilint.replay.generated`` --, a regex beyond the simple
subset: literals, classes, ``\\d \\w \\s``, groups, alternation, bounded or unbounded repeats, anchors).
"""

from __future__ import annotations

import functools
import re
import string
import uuid
from collections.abc import Callable
from datetime import datetime
from random import Random
from typing import Any

from apilint.contract.rule_checks import DEFAULT_DATE_FORMAT, strptime_format

_CATEGORY = {"CATEGORY_DIGIT": string.digits, "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
             "CATEGORY_SPACE": " "}
_UNBOUNDED = 4  # at most this many repeats past the minimum of ``*``, ``+`` and ``{n,}``


class CannotMake(ValueError):
    """A generator apilint does not make: the pact's example is sent instead."""


def _uuid(gen: dict[str, Any], rng: Random) -> str:
    value = uuid.UUID(int=rng.getrandbits(128), version=4)
    return {"simple": value.hex, "upper-case-hyphenated": str(value).upper(),
            "URN": value.urn}.get(str(gen.get("format")), str(value))


def _digits(count: Any, rng: Random, alphabet: str) -> str:
    size = count if isinstance(count, int) and 0 < count <= 1000 else 10
    return "".join(rng.choice(alphabet) for _ in range(size))


def _decimal(gen: dict[str, Any], rng: Random) -> float:
    text = _digits(gen.get("digits"), rng, string.digits)
    text = str(rng.randint(1, 9)) + text[1:]
    point = rng.randint(1, max(1, len(text) - 1))
    return float(text[:point] + "." + (text[point:] or "0"))


def _int(gen: dict[str, Any], rng: Random) -> int:
    low, high = gen.get("min", 0), gen.get("max", 2147483647)
    if not isinstance(low, int) or not isinstance(high, int) or low > high:
        raise CannotMake(f"RandomInt with min {low!r} and max {high!r}")
    return rng.randint(low, high)


def _moment(kind: str) -> Callable[[dict[str, Any], Random], str]:
    def make(gen: dict[str, Any], rng: Random) -> str:
        fmt = gen.get("format") or DEFAULT_DATE_FORMAT[kind]
        return datetime.now().astimezone().strftime(strptime_format(str(fmt)))
    return make


_MAKERS: dict[str, Callable[[dict[str, Any], Random], Any]] = {
    "Uuid": _uuid,
    "RandomInt": _int,
    "RandomDecimal": _decimal,
    "RandomHexadecimal": lambda g, r: _digits(g.get("digits"), r, "0123456789abcdef"),
    "RandomString": lambda g, r: _digits(g.get("size"), r, string.ascii_letters + string.digits),
    "RandomBoolean": lambda g, r: r.random() < 0.5,
    "Date": _moment("date"),
    "Time": _moment("time"),
    "DateTime": _moment("timestamp"),
    "Regex": lambda g, r: _from_regex(str(g.get("regex", "")), r),
}


def can_make(generator: dict[str, Any]) -> bool:
    kind = generator.get("type")
    if kind == "Regex":
        return _parsed(str(generator.get("regex", ""))) is not None
    return kind in _MAKERS


def make(generator: dict[str, Any], rng: Random) -> Any:
    """A fresh value for ``generator``; CannotMake when apilint does not make its type."""
    maker = _MAKERS.get(str(generator.get("type")))
    if maker is None:
        raise CannotMake(f"generator type {generator.get('type')!r}")
    return maker(generator, rng)


@functools.lru_cache(maxsize=256)
def _parsed(pattern: str) -> Any:
    """The parsed regex when it is in the simple subset, else None."""
    import re._parser as sre  # the stdlib's own reading of the pattern (3.11+)

    try:
        tree = sre.parse(pattern)
        _walk(tree, Random(0))  # probe: raises CannotMake on what the subset lacks
    except (re.error, CannotMake, RecursionError):
        return None
    return tree


def _from_regex(pattern: str, rng: Random) -> str:
    tree = _parsed(pattern)
    if tree is None:
        raise CannotMake(f"the regex {pattern!r} (beyond the simple subset)")
    for _ in range(20):
        text = _walk(tree, rng)
        if re.fullmatch(pattern, text):
            return text
    raise CannotMake(f"no text made for the regex {pattern!r}")


def _walk(items: Any, rng: Random) -> str:
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append(rng.choice(string.ascii_letters))
        elif name == "IN":
            out.append(_one_of(arg, rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            count = rng.randint(low, min(high, low + _UNBOUNDED))
            out.extend(_walk(sub, rng) for _ in range(count))
        elif name == "SUBPATTERN":
            out.append(_walk(arg[-1], rng))
        elif name == "BRANCH":
            out.append(_walk(rng.choice(arg[1]), rng))
        elif name != "AT":  # anchors make nothing; lookarounds, backreferences, ... are beyond the subset
            raise CannotMake(f"regex element {name}")
    return "".join(out)


def _one_of(items: Any, rng: Random) -> str:
    choices: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            choices.append(chr(arg))
        elif name == "RANGE":
            choices.extend(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 255) + 1))
        elif name == "CATEGORY" and str(arg) in _CATEGORY:
            choices.extend(_CATEGORY[str(arg)])
        else:
            raise CannotMake(f"regex class element {name}")  # NEGATE and the like
    if not choices:
        raise CannotMake("an empty regex class")
    return rng.choice(choices)
