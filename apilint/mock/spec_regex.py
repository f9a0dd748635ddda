"""A short string that a regular expression finds (``re.search``), for schema ``pattern``s.

Deterministic: the first alternative, the first character of a class, the fewest repeats (at least
one, so ``^[a-z]*$`` gives ``a``, not an empty string that a ``minLength`` would refuse).
"""

from __future__ import annotations

import re
import re._constants as sre_c
import re._parser as sre_parse
import string

_PRINTABLE = [c for c in string.ascii_letters + string.digits + "-_.~ " if c.strip() or c == " "]
_CATEGORY = {
    sre_c.CATEGORY_DIGIT: "1", sre_c.CATEGORY_NOT_DIGIT: "a", sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "a", sre_c.CATEGORY_WORD: "a", sre_c.CATEGORY_NOT_WORD: "-",
}
_MAX_REPEAT_FILL = 64


def sample(pattern: str, min_length: int = 0) -> str | None:
    """A string ``re.search(pattern, s)`` accepts, at least ``min_length`` characters long when the
    pattern allows it; None when the pattern is beyond this sampler."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    for extra in (0, min_length, _MAX_REPEAT_FILL):
        try:
            text = _emit(parsed, extra, {})
        except (_Unsupported, RecursionError):
            return None
        if len(text) >= min_length or extra == _MAX_REPEAT_FILL:
            break
    try:
        return text if re.search(pattern, text) else None
    except re.error:  # pragma: no cover - parsed above
        return None


class _Unsupported(Exception):
    pass


def _emit(items: sre_parse.SubPattern | list, extra: int, groups: dict[int, str]) -> str:
    out = []
    for op, arg in items:
        if op is sre_c.LITERAL:
            out.append(chr(arg))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("a")
        elif op is sre_c.IN:
            out.append(_in(arg))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            count = max(low, 1) if high != 0 else 0
            if extra and high == sre_c.MAXREPEAT:
                count = max(count, extra)
            elif extra:
                count = max(count, min(high, extra))
            out.append("".join(_emit(sub, 0, groups) for _ in range(count)))
        elif op is sre_c.SUBPATTERN:
            group, _, _, sub = arg
            text = _emit(sub, extra, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is sre_c.BRANCH:
            out.append(_emit(arg[1][0], extra, groups))
        elif op is sre_c.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # anchors and look-arounds: the final re.search decides
        elif op is sre_c.CATEGORY:
            out.append(_CATEGORY.get(arg, "a"))
        else:
            raise _Unsupported(str(op))
    return "".join(out)


def _in(arg: list) -> str:
    """The first character a class ``[...]`` accepts."""
    if arg and arg[0][0] is sre_c.NEGATE:
        refused = "".join(_in([item]) for item in arg[1:] if item[0] is sre_c.LITERAL)
        ranges = [item[1] for item in arg[1:] if item[0] is sre_c.RANGE]
        for c in _PRINTABLE:
            if c not in refused and not any(low <= ord(c) <= high for low, high in ranges):
                return c
        raise _Unsupported("negated class")
    for op, value in arg:
        if op is sre_c.LITERAL:
            return chr(value)
        if op is sre_c.RANGE:
            return chr(value[0])
        if op is sre_c.CATEGORY:
            return _CATEGORY.get(value, "a")
    raise _Unsupported("class")
