"""The shapes the OpenAPI model promises its rules: a mapping from the document is handed over only
with its well-known keywords of the right JSON type; a keyword of another type is left out.

The raw document is not changed: ``oas-schema-invalid`` validates it and reports each wrong-typed
node at its position. Copies are made only when something is wrong, so a valid spec's model holds
the document's own mappings (and lints exactly as before).
"""

from __future__ import annotations

from typing import Any

_STR, _BOOL, _LIST, _DICT = (str,), (bool,), (list,), (dict,)
_NUMBER = (int, float)

DOCUMENT: dict[str, tuple[type, ...]] = {
    "openapi": _STR, "swagger": _STR, "info": _DICT, "servers": _LIST, "paths": _DICT, "webhooks": _DICT,
    "components": _DICT, "security": _LIST, "tags": _LIST, "externalDocs": _DICT, "host": _STR,
    "basePath": _STR, "schemes": _LIST, "consumes": _LIST, "produces": _LIST, "definitions": _DICT,
    "parameters": _DICT, "responses": _DICT, "securityDefinitions": _DICT, "jsonSchemaDialect": _STR,
}
OPERATION: dict[str, tuple[type, ...]] = {
    "tags": _LIST, "summary": _STR, "description": _STR, "externalDocs": _DICT, "operationId": _STR,
    "parameters": _LIST, "requestBody": _DICT, "responses": _DICT, "callbacks": _DICT, "deprecated": _BOOL,
    "security": _LIST, "servers": _LIST, "consumes": _LIST, "produces": _LIST, "schemes": _LIST,
}
PARAMETER: dict[str, tuple[type, ...]] = {
    "name": _STR, "in": _STR, "description": _STR, "required": _BOOL, "deprecated": _BOOL,
    "allowEmptyValue": _BOOL, "style": _STR, "explode": _BOOL, "allowReserved": _BOOL, "schema": _DICT,
    "content": _DICT, "examples": _DICT, "collectionFormat": _STR,
}
SCHEMA: dict[str, tuple[type, ...]] = {
    "type": (str, list), "format": _STR, "title": _STR, "description": _STR, "properties": _DICT,
    "patternProperties": _DICT, "additionalProperties": (bool, dict), "unevaluatedProperties": (bool, dict),
    "items": (dict, list), "prefixItems": _LIST, "required": _LIST, "enum": _LIST, "allOf": _LIST,
    "oneOf": _LIST, "anyOf": _LIST, "not": _DICT, "discriminator": _DICT, "pattern": _STR,
    "minimum": _NUMBER, "maximum": _NUMBER, "exclusiveMinimum": (bool, int, float),
    "exclusiveMaximum": (bool, int, float), "minLength": _NUMBER, "maxLength": _NUMBER, "minItems": _NUMBER,
    "maxItems": _NUMBER, "minProperties": _NUMBER, "maxProperties": _NUMBER, "uniqueItems": _BOOL,
    "multipleOf": _NUMBER, "readOnly": _BOOL, "writeOnly": _BOOL, "nullable": _BOOL, "deprecated": _BOOL,
    "xml": _DICT, "externalDocs": _DICT, "examples": (list, dict),
}


def shaped(value: dict[str, Any], shape: dict[str, tuple[type, ...]]) -> dict[str, Any]:
    """``value`` itself when every keyword of ``shape`` it holds has an allowed type, else a copy
    without the keywords that do not."""
    wrong = [key for key, item in value.items() if key in shape and not (
        isinstance(item, shape[key]) and (item.__class__ is not bool or bool in shape[key]))]
    if not wrong:
        return value
    return {key: item for key, item in value.items() if key not in wrong}
