"""Questions rules ask of the model, answered the same way for REST and gRPC."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from apilint.model.core import Api, Operation, Schema

_T = TypeVar("_T")


def per_api(compute: Callable[[Api], _T]) -> Callable[[Api], _T]:
    """Compute a fact about an API once and keep it on the API (several rules ask the same question)."""
    key = f"{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def cached(api: Api) -> _T:
        if key not in api.memo:
            api.memo[key] = compute(api)
        return api.memo[key]

    return cached


_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")


def words(name: str) -> list[str]:
    """``listOrderItems`` / ``list_order_items`` / ``List-Order-Items`` -> ['list', 'order', 'items']."""
    return list(_words(name))


@functools.lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    """Memoised: rules ask for the words of the same names (operation ids, path segments) many times."""
    return tuple(w.lower() for w in _WORDS.findall(name))


def case_style(name: str) -> str | None:
    """snake, camel, pascal, kebab, or None when one word gives no evidence (``id``, ``Order``)."""
    if "_" in name.strip("_") and name.lower() == name:
        return "snake"
    if "-" in name and name.lower() == name:
        return "kebab"
    if re.fullmatch(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)+", name):
        return "camel"
    if re.fullmatch(r"([A-Z][a-z0-9]+){2,}", name):
        return "pascal"
    return None


def is_path_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def resource_segments(op: Operation) -> list[str]:
    """Literal path segments, without parameters and version prefixes."""
    return [s for s in op.path_segments if not is_path_param(s) and not re.fullmatch(r"v\d+(\.\d+)?", s)]


def input_fields(op: Operation) -> dict[str, Schema | None]:
    """What a caller sends, by name: query/path parameters and top-level request body fields
    (for gRPC: the request message's fields)."""
    fields: dict[str, Schema | None] = {}
    for param in op.parameters:
        if param.location in ("query", "path", "field"):
            fields.setdefault(param.name, param.schema)
    if op.request is not None and op.request.schema is not None:
        for name, schema in op.request.schema.all_properties().items():
            fields.setdefault(name, schema)
    return fields


def header_names(op: Operation) -> set[str]:
    return {p.name.lower() for p in op.parameters if p.location == "header"}


def response_schema(op: Operation) -> Schema | None:
    success = op.success
    return success.body.schema if success and success.body else None


def collection_field(schema: Schema | None) -> tuple[str | None, Schema] | None:
    """The list a response carries: the schema itself when it is an array (name None), else its
    first array-typed property."""
    if schema is None:
        return None
    if schema.type == "array":
        return None, schema
    for name, prop in schema.all_properties().items():
        if prop.type == "array":
            return name, prop
    return None


COLLECTION_NAMES = frozenset({"items", "data", "results", "values", "records", "entries", "list",
                              "elements", "objects", "content", "resources", "rows", "hits"})


def is_list_operation(op: Operation) -> bool:
    """A List: ``rpc ListX`` / operationId ``listX``, or a GET on a collection path (last segment not a
    parameter) whose success response is an array, or an object whose array property is the
    collection (named like the path's last segment, or items/data/results/...)."""
    first = words(op.operation_id or op.name)[:1]
    if op.method in (None, "get") and first == ["list"]:
        return True
    if op.method != "get" or not op.path_segments or is_path_param(op.path_segments[-1]):
        return False
    found = collection_field(response_schema(op))
    if found is None:
        return False
    name = found[0]
    if name is None or name.lower() in COLLECTION_NAMES:
        return True
    last = words(op.path_segments[-1])
    return bool(last) and words(name)[-1:] == last[-1:]


def is_create_operation(op: Operation) -> bool:
    """``rpc CreateX`` / operationId ``createX``, or a POST to a collection path that answers 201."""
    first = words(op.operation_id or op.name)[:1]
    if first == ["create"] and op.method in (None, "post", "put"):
        return True
    return (op.method == "post" and bool(op.path_segments) and not is_path_param(op.path_segments[-1])
            and "201" in op.responses)


def rest_operations(api: Api) -> Iterator[Operation]:
    return (op for op in api.operations if op.method and op.path)


def named_schemas_and_bodies(api: Api) -> Iterator[Schema]:
    """Every distinct schema of the API once: components/messages and every body and parameter."""
    seen: set[tuple[str, str]] = set()

    def roots() -> Iterator[Schema]:
        yield from api.schemas.values()
        for op in api.operations:
            for param in op.parameters:
                if param.schema is not None:
                    yield param.schema
            if op.request is not None:
                yield from (s for s in op.request.content.values() if s is not None)
            for response in op.responses.values():
                if response.body is not None:
                    yield from (s for s in response.body.content.values() if s is not None)

    for root in roots():
        for _, schema in root.walk(seen):
            yield schema
