"""Fast evaluation of the filters Spectral rulesets use: python-jsonpath parses a filter into its
expression tree; the common node kinds (``&&``/``||``/``!``, comparisons, ``@.a.b``, ``#``, literals,
``isinstance``, ``contains``/``in``) are compiled here into one Python closure. Anything else makes
``compile_filter`` return None and the library evaluates the filter itself (same results, slower).
Query results follow python-jsonpath's semantics: ``@.x`` alone is true when ``x`` exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonpath.filter import (
    BooleanLiteral,
    CurrentKey,
    FilterExpressionLiteral,
    FunctionExtension,
    InfixExpression,
    Nil,
    PrefixExpression,
    RelativeFilterQuery,
    Undefined,
)
from jsonpath.selectors import IndexSelector, NameSelector

MISSING = object()
Predicate = Callable[[Any, Any], Any]  # (current value, current key) -> value or MISSING
Follow = Callable[[Any], Any]  # a $ref object -> its target (or itself)

_TYPES: dict[str, Callable[[Any], bool]] = {
    "array": lambda v: isinstance(v, list), "list": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict), "dict": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str), "str": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool), "bool": lambda v: isinstance(v, bool),
    "null": lambda v: v is None, "undefined": lambda v: v is MISSING, "missing": lambda v: v is MISSING,
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: _ordered(a, b) and a < b, "<=": lambda a, b: _ordered(a, b) and a <= b,
    ">": lambda a, b: _ordered(a, b) and a > b, ">=": lambda a, b: _ordered(a, b) and a >= b,
    "contains": lambda a, b: isinstance(a, list | str | dict) and _contains(a, b),
    "in": lambda a, b: isinstance(b, list | str | dict) and _contains(b, a),
}


def _ordered(a: Any, b: Any) -> bool:
    numbers = int | float
    return (isinstance(a, numbers) and isinstance(b, numbers)) or (isinstance(a, str) and isinstance(b, str))


def _contains(container: Any, item: Any) -> bool:
    try:
        return item in container
    except TypeError:
        return False


def compile_filter(expression: Any, follow: Follow) -> Predicate | None:
    """A closure computing ``expression`` for a current value and key, or None when not supported."""
    try:
        return _compile(expression, follow)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def truthy(value: Any) -> bool:
    """python-jsonpath's truthiness for an operand: a query is true when it found a node."""
    if value is MISSING:
        return False
    return value is not False


def _compile(expression: Any, follow: Follow) -> Predicate:
    if isinstance(expression, InfixExpression):
        left, right = _compile(expression.left, follow), _compile(expression.right, follow)
        if expression.operator == "&&":
            return lambda v, k: truthy(left(v, k)) and truthy(right(v, k))
        if expression.operator == "||":
            return lambda v, k: truthy(left(v, k)) or truthy(right(v, k))
        compare = _COMPARE.get(expression.operator)
        if compare is None:
            raise _Unsupported
        return lambda v, k: compare(left(v, k), right(v, k))
    if isinstance(expression, PrefixExpression) and expression.operator == "!":
        operand = _compile(expression.right, follow)
        return lambda v, k: not truthy(operand(v, k))
    if isinstance(expression, CurrentKey):
        return lambda v, k: k
    if isinstance(expression, Nil):
        return lambda v, k: None
    if isinstance(expression, Undefined):
        return lambda v, k: MISSING
    if isinstance(expression, BooleanLiteral | FilterExpressionLiteral) and not hasattr(expression.value, "pattern"):
        value = expression.value
        return lambda v, k: value
    if isinstance(expression, RelativeFilterQuery):
        return _query(expression, follow)
    if isinstance(expression, FunctionExtension) and expression.name == "isinstance" and len(expression.args) == 2:
        operand, kind = _compile(expression.args[0], follow), expression.args[1]
        test = _TYPES.get(getattr(kind, "value", None))
        if test is None:
            raise _Unsupported
        return lambda v, k: test(operand(v, k))
    raise _Unsupported


def compile_existence(expression: Any, follow: Follow) -> Callable[[Any, Any], bool] | None:
    """The library's own verdict on a filter made of ``&&``/``||`` over ``@`` and ``@.a.b`` (which test
    that a member exists, even when it is ``false``), or None for any other filter. A child segment's
    filter (``$.paths[*][*].parameters[?(@ && @.in)]``) is judged like that; ``compile_filter`` judges
    ``$..`` filters by value, as before."""
    if isinstance(expression, InfixExpression) and expression.operator in ("&&", "||"):
        left, right = compile_existence(expression.left, follow), compile_existence(expression.right, follow)
        if left is None or right is None:
            return None
        if expression.operator == "&&":
            return lambda v, k: left(v, k) and right(v, k)
        return lambda v, k: left(v, k) or right(v, k)
    if not isinstance(expression, RelativeFilterQuery):
        return None
    if not expression.path.segments:  # ``@``: a container, or a scalar the library finds truthy
        return lambda v, k: isinstance(v, dict | list) or v is None or bool(v)
    try:
        steps = [step for step in _steps(expression) if isinstance(step, str)]
    except _Unsupported:
        return None
    if len(steps) != len(expression.path.segments):
        return None

    def exists(value: Any, key: Any) -> bool:
        for step in steps:
            if not isinstance(value, dict):
                return False
            if step != "$ref":
                value = follow(value)
            if not isinstance(value, dict) or step not in value:
                return False
            value = value[step]
        return True

    return exists


def _steps(expression: RelativeFilterQuery) -> list[Any]:
    """The names and indexes of a singular ``@.a[0].b``; _Unsupported for anything else."""
    steps: list[Any] = []
    for segment in expression.path.segments:
        if segment.__class__.__name__ != "JSONPathChildSegment" or len(segment.selectors) != 1:
            raise _Unsupported
        selector = segment.selectors[0]
        if isinstance(selector, NameSelector):
            steps.append(selector.name)
        elif isinstance(selector, IndexSelector):
            steps.append(selector.index)
        else:
            raise _Unsupported
    return steps


def _query(expression: RelativeFilterQuery, follow: Follow) -> Predicate:
    steps = _steps(expression)

    def get(value: Any, key: Any) -> Any:
        for step in steps:
            if isinstance(value, dict):
                value = follow(value)
                value = value.get(step, MISSING) if isinstance(step, str) else MISSING
            elif isinstance(value, list) and isinstance(step, int) and -len(value) <= step < len(value):
                value = value[step]
            else:
                return MISSING
            if value is MISSING:
                return MISSING
        return value

    return get
