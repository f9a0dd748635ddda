"""Violation records in plain words (apilint/mock/spec_words.py)."""

from __future__ import annotations

from apilint.mock.spec_words import field_name, plain


def violation(field: str | None, message: str, kind: str = "schema") -> dict:
    return {"side": "request", "kind": kind, "field": field, "message": message}


def test_fields_are_named_as_replay_names_them() -> None:
    assert field_name("body.items.0.quantity") == "body.items[0].quantity"
    assert field_name("query.page_size") == "query.page_size"
    assert field_name(None) == "request"


def test_rules_in_plain_words() -> None:
    body = {"total": "12", "tags": []}
    assert plain(violation("body.total", 'type "number"'), body) == "body.total: expected number, got string"
    assert plain(violation("body.gone", 'type "number"'), body) == "body.gone: expected number"
    assert plain(violation("body.tags", "minItems 1"), body) == "body.tags: must not be empty"
    assert plain(violation("body.tags", "maxItems 3")) == "body.tags: must have at most 3 items"
    assert plain(violation("body.id", 'format "uuid"')) == "body.id: must be a valid uuid"
    assert plain(violation("body.kind", 'enum ["a", 1, null]')) == "body.kind: must be one of a, 1, null"
    long_enum = 'enum ["' + '", "'.join(f"value{i}" for i in range(30))
    assert plain(violation("body.kind", long_enum[:117] + "...")) == \
        "body.kind: must be one of the values the spec lists"
    assert plain(violation("body", "additionalProperties false")) == "body: has properties the spec does not allow"
    assert plain(violation("body", "required property is missing")) == "body: is required"
    assert plain(violation("body", "MissingRequestBody", "missing_body")) == "body: is required"
    # what it has no words for is passed on as it is
    assert plain(violation("query.x", "Query parameter error: x", "parameter")) == \
        "query.x: Query parameter error: x"
