"""Helpers shared by several rules of the pack: names, error responses, raw documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from apilint.load.pointer import get
from apilint.model.core import Api, Loc, Operation, Response, Schema
from apilint.model.query import rest_operations, words


def snake(name: str) -> str:
    """``pageToken`` / ``page-token`` / ``page_token`` -> ``page_token``."""
    return "_".join(words(name))


def is_error_status(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def error_responses(api: Api) -> Iterator[tuple[Operation, str, Response, Schema]]:
    """Every documented error response that has a body schema: (operation, status, response, schema)."""
    for op in rest_operations(api):
        for status, response in op.responses.items():
            if not is_error_status(status) or response.body is None:
                continue
            schema = next((s for m, s in response.body.content.items() if "json" in m.lower() and s is not None),
                          None)
            if schema is not None:  # an HTML or text error page is error-schema-missing's business, not shape
                yield op, status, response, schema


ERROR_WRAPPERS = frozenset({"error", "errors", "fault", "problem"})


def error_fields(schema: Schema) -> dict[str, Schema]:
    """The fields of an error body, looking inside a wrapper (``{"error": {...}}``, ``{"errors": [{...}]}``)."""
    props = schema.all_properties()
    if schema.type == "array" and schema.items() is not None:
        props = schema.items().all_properties()  # type: ignore[union-attr]
    if len(props) <= 2:
        for name, prop in props.items():
            if snake(name) in ERROR_WRAPPERS:
                inner = prop.items() if prop.type == "array" and prop.items() is not None else prop
                inner_props = inner.all_properties() if inner is not None else {}
                if inner_props:
                    merged = {k: v for k, v in props.items() if k != name}
                    merged.update(inner_props)
                    return merged
    return props


def raw_at(api: Api, loc: Loc) -> dict[str, Any]:
    """The raw OpenAPI mapping a model element was built from (``{}`` when unknown, e.g. proto)."""
    workspace = api.workspace
    if workspace is None:
        return {}
    for source in workspace.files.values():
        if source.display == loc.file:
            value = get(source.data, loc.pointer, None)
            return value if isinstance(value, dict) else {}
    return {}


def response_examples(api: Api, loc: Loc) -> list[Any]:
    """The example bodies documented on a response: OpenAPI 3 media-type ``example`` / ``examples[].value``,
    Swagger 2.0 ``examples`` (by media type)."""
    raw = raw_at(api, loc)
    found: list[Any] = []
    content = raw.get("content")
    for media in content.values() if isinstance(content, dict) else ():
        if not isinstance(media, dict):
            continue
        if "example" in media:
            found.append(media["example"])
        examples = media.get("examples")
        if isinstance(examples, dict):
            found.extend(e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e)
    if isinstance(raw.get("examples"), dict) and not isinstance(content, dict):  # swagger 2.0
        found.extend(raw["examples"].values())
    return found


_T = TypeVar("_T")


def by_shape(items: Iterable[_T], shape: Callable[[_T], frozenset[str]]) -> list[list[_T]]:
    """Items grouped by the field names of their error body, in first-seen order: an API that copies one
    inline error body into many responses (GitHub, Slack) has one problem, not one per copy."""
    groups: dict[frozenset[str], list[_T]] = {}
    for item in items:
        groups.setdefault(shape(item), []).append(item)
    return list(groups.values())


def shape_note(responses: int) -> str:
    """The message suffix saying how many error responses share a reported shape."""
    return f" ({responses} error responses have this shape)" if responses > 1 else ""
