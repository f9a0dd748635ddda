"""Each change once, where it is defined: a change inside a schema reached from several places is one entry at
the schema's definition naming the operations it reaches, at the worst level over those places; a change
reached once, and every operation-level change, stays per operation."""

from __future__ import annotations

import copy
import datetime as dt

from apilint.diff.config import DiffConfig, IgnoreEntry
from apilint.diff.engine import DiffOptions, diff


def changes(old: str, new: str, **options) -> list:
    return diff(old, new, DiffOptions(today=dt.date(2026, 1, 1), **options)).changes


def schemas(spec):
    return spec["components"]["schemas"]


def _put_order(spec):
    """PUT /orders/{orderId} takes a NewOrder too, so NewOrder is shared by two requests."""
    spec["paths"]["/orders/{orderId}"]["put"] = copy.deepcopy(spec["paths"]["/orders"]["post"])
    spec["paths"]["/orders/{orderId}"]["put"]["operationId"] = "replaceOrder"


def test_a_shared_response_schema_change_is_one_entry_at_its_definition(spec_pair):
    found = changes(*spec_pair(lambda s: schemas(s)["Order"]["properties"].pop("note")))
    assert len(found) == 1
    entry = found[0]
    assert (entry.id, entry.level, entry.operation) == ("response-property-removed", "breaking", None)
    assert entry.element == "#/components/schemas/Order/properties/note"
    assert entry.message.startswith("#/components/schemas/Order/properties/note: optional property removed")
    assert entry.extra["affected_operations"] == ["GET /orders/{orderId}", "POST /orders"]
    assert entry.location.pointer == "/components/schemas/Order/properties/note" and entry.location.side == "old"
    assert entry.as_dict()["operations"] == ["GET /orders/{orderId}", "POST /orders"]


def test_a_change_reached_once_stays_per_operation(spec_pair):
    found = changes(*spec_pair(lambda s: schemas(s)["NewOrder"]["properties"].pop("coupon")))
    assert [(c.id, c.operation) for c in found] == [("request-property-removed", "POST /orders")]
    assert found[0].message.startswith("POST /orders: request body property `coupon`")
    assert "affected_operations" not in found[0].extra and "operations" not in found[0].as_dict()


def test_a_schema_used_only_in_requests_is_no_response_break(spec_pair):
    def edit(s):
        _put_order(s)
        schemas(s)["NewOrder"]["properties"].pop("coupon")

    found = changes(*spec_pair(edit, old_edit=_put_order))
    assert [(c.id, c.level, c.extra["affected_operations"]) for c in found] == [
        ("request-property-removed", "warning", ["PUT /orders/{orderId}", "POST /orders"])]


def test_a_schema_used_in_requests_and_responses_takes_the_worst_level(spec_pair):
    def both(s):  # POST /orders takes an Order and returns one
        s["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/Order"}

    def edit(s):
        both(s)
        schemas(s)["Order"]["required"].remove("status")
        schemas(s)["Order"]["properties"].pop("status")

    found = changes(*spec_pair(edit, old_edit=both))
    # removed from a request it is "removed", from a response "required-removed": one edit, one entry
    assert [(c.id, c.level) for c in found] == [("response-property-required-removed", "breaking")]


def test_identical_inline_copies_count_as_one(spec_pair):
    inline = {"type": "object", "properties": {"id": {"type": "string"}, "total": {"type": "integer"}}}

    def copies(s):
        for path, method, code in (("/orders/{orderId}", "get", "200"), ("/orders", "post", "201")):
            s["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"] = \
                copy.deepcopy(inline)

    def edit(s):
        copies(s)
        for path, method, code in (("/orders/{orderId}", "get", "200"), ("/orders", "post", "201")):
            s["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]["properties"] \
                .pop("total")

    found = changes(*spec_pair(edit, old_edit=copies))
    assert len(found) == 1 and found[0].extra["affected_operations"] == ["GET /orders/{orderId}", "POST /orders"]
    assert found[0].element.startswith("#/paths/")  # the first copy's place


def test_places_accepted_and_not_accepted_stay_apart(spec_pair):
    config = DiffConfig(ignore=[IgnoreEntry("response-property-removed", operation="GET *")])
    result = diff(*spec_pair(lambda s: schemas(s)["Order"]["properties"].pop("note")),
                  DiffOptions(today=dt.date(2026, 1, 1), config=config))
    assert [(c.allowed is not None, c.extra["affected_operations"]) for c in result.changes] == [
        (True, ["GET /orders/{orderId}"]), (False, ["POST /orders"])]
    assert result.breaking


def test_x_apilint_ignore_on_one_inline_copy_is_kept(spec_pair):
    inline = {"type": "object", "properties": {"total": {"type": "integer", "maximum": 10}}}
    places = (("/orders/{orderId}", "get", "200"), ("/orders", "post", "201"))

    def copies(s):
        for path, method, code in places:
            s["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"] = \
                copy.deepcopy(inline)

    def edit(s):
        copies(s)
        for index, (path, method, code) in enumerate(places):
            total = s["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"][
                "properties"]["total"]
            total["maximum"] = 20
            if index == 1:
                total["x-apilint-ignore"] = True

    found = changes(*spec_pair(edit, old_edit=copies))
    assert sorted((c.operation, c.allowed is not None) for c in found) == [
        ("GET /orders/{orderId}", False), ("POST /orders", True)]


def test_operation_level_changes_stay_per_operation(spec_pair):
    def edit(s):
        _put_order(s)
        for op in (s["paths"]["/orders"]["post"], s["paths"]["/orders/{orderId}"]["put"]):
            op.setdefault("parameters", []).append({"name": "tenant", "in": "header", "required": True,
                                                    "schema": {"type": "string"}})

    found = changes(*spec_pair(edit, old_edit=_put_order))
    assert sorted((c.id, c.operation) for c in found) == [
        ("request-parameter-added-required", "POST /orders"),
        ("request-parameter-added-required", "PUT /orders/{orderId}")]


def test_one_operation_reaching_a_schema_twice_is_one_entry(spec_pair):
    def twice(s):
        s["paths"]["/orders/{orderId}"]["get"]["responses"]["404"] = copy.deepcopy(
            s["paths"]["/orders/{orderId}"]["get"]["responses"]["400"])

    def edit(s):
        twice(s)
        schemas(s)["Error"]["properties"]["code"]["enum"].append("gone")

    found = changes(*spec_pair(edit, old_edit=twice))
    assert [(c.id, c.extra["affected_operations"]) for c in found] == [
        ("response-property-enum-value-added", ["GET /orders/{orderId}"])]


def test_two_definitions_alike_stay_two_changes(spec_pair):
    alike = {"type": "object", "properties": {"name": {"type": "string"}}}

    def two(s):
        schemas(s)["Cat"], schemas(s)["Fox"] = copy.deepcopy(alike), copy.deepcopy(alike)
        for path, method, code, name in (("/orders/{orderId}", "get", "200", "Cat"), ("/orders", "post", "201", "Fox")):
            s["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"] = {
                "$ref": f"#/components/schemas/{name}"}

    def edit(s):
        two(s)
        for name in ("Cat", "Fox"):
            schemas(s)[name]["properties"]["name"]["type"] = "integer"

    found = changes(*spec_pair(edit, old_edit=two))
    assert sorted((c.operation, c.location.pointer) for c in found) == [
        ("GET /orders/{orderId}", "/components/schemas/Cat/properties/name"),
        ("POST /orders", "/components/schemas/Fox/properties/name")]


def test_a_definition_in_another_file_is_named_after_its_file(tmp_path):
    body = ("      requestBody:\n        content:\n          application/json:\n            schema:\n"
            "              type: object\n              properties:\n                name: {$ref: 'schemas.yaml#/Name'}\n"
            "      responses: {'204': {description: ok}}\n")
    for version, max_length in (("old", 64), ("new", 32)):
        folder = tmp_path / version
        folder.mkdir()
        (folder / "schemas.yaml").write_text(f"Name:\n  type: string\n  maxLength: {max_length}\n")
        (folder / "api.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
                                         f"{body}  /y:\n    put:\n{body}")
    found = changes(str(tmp_path / "old" / "api.yaml"), str(tmp_path / "new" / "api.yaml"))
    assert [(c.id, c.extra["affected_operations"]) for c in found] == [
        ("request-property-max-length-decreased", ["POST /x", "PUT /y"])]
    assert found[0].element.endswith("schemas.yaml#/Name") and found[0].message.startswith(found[0].element + ": ")
    assert found[0].location.file.endswith("schemas.yaml") and found[0].location.line == 1
