"""The shapes the OpenAPI model promises its rules: a mapping from the document is handed over only
with its well-known keywords of the right JSON type; a keyword of another type is left out.

The raw document is not changed: ``oas-schema-invalid`` validates it and reports each wrong-typed
node at its position. Copies are made only when something is wrong, so a valid spec's model holds
the document's own mappings (and lints exactly as before).
"""

from __future__ import annotations

from typing import Any

_STR, _BOOL, _LIST, _DICT = frozenset({str}), frozenset({bool}), frozenset({list}), frozenset({dict})
_NUMBER = frozenset({int, float})

DOCUMENT: dict[str, frozenset[type]] = {
    "openapi": _STR, "swagger": _STR, "info": _DICT, "servers": _LIST, "paths": _DICT, "webhooks": _DICT,
    "components": _DICT, "security": _LIST, "tags": _LIST, "externalDocs": _DICT, "host": _STR,
    "basePath": _STR, "schemes": _LIST, "consumes": _LIST, "produces": _LIST, "definitions": _DICT,
    "parameters": _DICT, "responses": _DICT, "securityDefinitions": _DICT, "jsonSchemaDialect": _STR,
}
OPERATION: dict[str, frozenset[type]] = {
    "tags": _LIST, "summary": _STR, "description": _STR, "externalDocs": _DICT, "operationId": _STR,
    "parameters": _LIST, "requestBody": _DICT, "responses": _DICT, "callbacks": _DICT, "deprecated": _BOOL,
    "security": _LIST, "servers": _LIST, "consumes": _LIST, "produces": _LIST, "schemes": _LIST,
}
PARAMETER: dict[str, frozenset[type]] = {
    "name": _STR, "in": _STR, "description": _STR, "required": _BOOL, "deprecated": _BOOL,
    "allowEmptyValue": _BOOL, "style": _STR, "explode": _BOOL, "allowReserved": _BOOL, "schema": _DICT,
    "content": _DICT, "examples": _DICT, "collectionFormat": _STR,
}
SCHEMA: dict[str, frozenset[type]] = {
    "type": _STR | _LIST, "format": _STR, "title": _STR, "description": _STR, "properties": _DICT,
    "patternProperties": _DICT, "additionalProperties": _BOOL | _DICT, "unevaluatedProperties": _BOOL | _DICT,
    "items": _DICT | _LIST, "prefixItems": _LIST, "required": _LIST, "enum": _LIST, "allOf": _LIST,
    "oneOf": _LIST, "anyOf": _LIST, "not": _DICT, "discriminator": _DICT, "pattern": _STR,
    "minimum": _NUMBER, "maximum": _NUMBER, "exclusiveMinimum": _BOOL | _NUMBER,
    "exclusiveMaximum": _BOOL | _NUMBER, "minLength": _NUMBER, "maxLength": _NUMBER, "minItems": _NUMBER,
    "maxItems": _NUMBER, "minProperties": _NUMBER, "maxProperties": _NUMBER, "uniqueItems": _BOOL,
    "multipleOf": _NUMBER, "readOnly": _BOOL, "writeOnly": _BOOL, "nullable": _BOOL, "deprecated": _BOOL,
    "xml": _DICT, "externalDocs": _DICT, "examples": _LIST | _DICT,
}


def shaped(value: dict[str, Any], shape: dict[str, frozenset[type]]) -> dict[str, Any]:
    """``value`` itself when every keyword of ``shape`` it holds has an allowed type, else a copy
    without the keywords that do not. (Exact classes: a parsed document holds no subclasses, and
    ``True`` must not pass as a number.)"""
    for key, item in value.items():
        allowed = shape.get(key)
        if allowed is not None and item.__class__ not in allowed:
            return {k: v for k, v in value.items() if k not in shape or v.__class__ in shape[k]}
    return value
