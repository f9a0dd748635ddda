"""How deep and how wide the OpenAPI comparer goes before it refuses a spec (documented in docs/diff.md).

Real schemas nest a few dozen levels; these bounds exist for hostile or generated input, so that a
deep ``$ref`` chain ends in one clear line instead of a RecursionError, and shared schemas that fan out
(2^25 property paths from 25 schemas) end before they fill the memory.
"""

from __future__ import annotations

from apilint.diff.openapi.doc import Node
from apilint.errors import InputError

MAX_SCHEMA_DEPTH = 100  # schemas nested in each other (properties, items, allOf, ...), refs followed
MAX_VALUE_NESTING = 3 * MAX_SCHEMA_DEPTH  # JSON values nested in each other, refs followed
MAX_PROPERTY_PATHS = 100_000  # changes reported below one schema (one per property path)


def too_deep(node: Node) -> InputError:
    return _at(node, f"schemas nested more than {MAX_SCHEMA_DEPTH} levels deep (following $ref); "
                     "apilint diff does not compare them")


def too_wide(node: Node) -> InputError:
    return _at(node, f"changes below this schema reach more than {MAX_PROPERTY_PATHS} property paths "
                     "(shared schemas fan out); apilint diff does not list them")


def _at(node: Node, message: str) -> InputError:
    line, column = node.source.positions([node.pointer]).get(node.pointer, (None, None))
    return InputError(message, node.source.display, line, column)
