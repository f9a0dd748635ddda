"""The OpenAPI comparer, one behaviour per test, on small specs written by the test."""

from __future__ import annotations

import datetime as dt

import pytest

from apilint.diff.engine import DiffOptions, diff


def ids(old: str, new: str, **options) -> dict[str, str]:
    result = diff(old, new, DiffOptions(today=dt.date(2026, 1, 1), **options))
    return {c.id: c.level for c in result.changes}


def schemas(spec):
    return spec["components"]["schemas"]


def get_op(spec):
    return spec["paths"]["/orders/{orderId}"]["get"]


def test_identical_specs_report_nothing(spec_pair):
    assert ids(*spec_pair()) == {}


def test_operation_removed_is_breaking(spec_pair):
    found = ids(*spec_pair(lambda s: s["paths"].pop("/orders")))
    assert found == {"path-removed": "breaking"}


def test_path_parameter_rename_is_the_same_operation(spec_pair):
    def edit(s):
        item = s["paths"].pop("/orders/{orderId}")
        item["get"]["parameters"][0]["name"] = "id"
        s["paths"]["/orders/{id}"] = item

    assert ids(*spec_pair(edit)) == {}


def test_operation_matched_by_operation_id_when_path_changes(spec_pair):
    def edit(s):
        s["paths"]["/purchases"] = s["paths"].pop("/orders")

    found = ids(*spec_pair(edit))
    assert found == {"operation-moved": "breaking"}


def test_required_parameter_added_and_optional_added(spec_pair):
    def edit(s):
        get_op(s)["parameters"] += [{"name": "tenant", "in": "header", "required": True, "schema": {"type": "string"}},
                                    {"name": "lang", "in": "query", "schema": {"type": "string"}}]

    found = ids(*spec_pair(edit))
    assert found == {"request-parameter-added-required": "breaking", "request-parameter-added": "info"}


def test_parameter_moved_from_query_to_header(spec_pair):
    found = ids(*spec_pair(lambda s: get_op(s)["parameters"][1].update({"in": "header"})))
    assert found == {"request-parameter-moved": "breaking"}


def test_parameter_renamed(spec_pair):
    found = ids(*spec_pair(lambda s: get_op(s)["parameters"][1].update({"name": "expand_fields"})))
    assert found == {"request-parameter-renamed": "breaking"}


def test_parameter_enum_value_removed_and_type_changed(spec_pair):
    found = ids(*spec_pair(lambda s: get_op(s)["parameters"][1]["schema"].update({"enum": ["items"]})))
    assert found == {"request-parameter-enum-value-removed": "breaking"}
    found = ids(*spec_pair(lambda s: get_op(s)["parameters"][1].update({"schema": {"type": "integer"}})))
    assert found["request-parameter-type-changed"] == "breaking"


def test_request_property_bounds_tightened_and_loosened(spec_pair):
    def tighten(s):
        schemas(s)["NewOrder"]["properties"]["sku"].update({"maxLength": 32, "pattern": "^[A-Z]+$"})
        schemas(s)["NewOrder"]["properties"]["quantity"]["minimum"] = 2

    found = ids(*spec_pair(tighten))
    assert found == {"request-property-max-length-decreased": "breaking", "request-property-pattern-added": "breaking",
                     "request-property-min-increased": "breaking"}
    found = ids(*spec_pair(lambda s: schemas(s)["NewOrder"]["properties"]["sku"].update({"maxLength": 128})))
    assert found == {"request-property-max-length-increased": "info"}


def test_request_property_optional_to_required_and_new_required(spec_pair):
    def edit(s):
        schemas(s)["NewOrder"]["required"] = ["sku", "coupon", "channel"]
        schemas(s)["NewOrder"]["properties"]["channel"] = {"type": "string"}

    found = ids(*spec_pair(edit))
    assert found == {"request-property-became-required": "breaking", "request-property-added-required": "breaking"}


def test_request_property_renamed(spec_pair):
    def edit(s):
        props = schemas(s)["NewOrder"]["properties"]
        props["coupon_code"] = props.pop("coupon")

    assert ids(*spec_pair(edit)) == {"request-property-renamed": "breaking"}


def test_default_changed_is_breaking_for_requests(spec_pair):
    found = ids(*spec_pair(lambda s: schemas(s)["NewOrder"]["properties"]["quantity"].update({"default": 10})))
    assert found == {"request-property-default-value-changed": "breaking"}


def test_response_property_removed_required_to_optional_and_enum_added(spec_pair):
    def edit(s):
        order = schemas(s)["Order"]
        order["required"] = ["id"]
        order["properties"]["status"]["enum"] = ["open", "paid", "refunded"]
        del order["properties"]["note"]

    found = ids(*spec_pair(edit))
    assert found == {"response-property-became-optional": "breaking", "response-property-enum-value-added": "warning",
                     "response-property-removed": "breaking"}


def test_response_required_property_removed(spec_pair):
    def edit(s):
        del schemas(s)["Order"]["properties"]["id"]
        schemas(s)["Order"]["required"] = ["status"]

    assert ids(*spec_pair(edit)) == {"response-property-required-removed": "breaking"}


def test_status_code_changed_for_same_condition(spec_pair):
    def edit(s):
        get_op(s)["responses"]["422"] = get_op(s)["responses"].pop("400")

    assert ids(*spec_pair(edit)) == {"response-status-changed": "breaking"}


def test_success_status_removed_and_media_type_removed(spec_pair):
    def edit(s):
        resp = get_op(s)["responses"]["200"]
        resp["content"] = {"application/xml": resp["content"]["application/json"]}

    found = ids(*spec_pair(edit))
    assert found == {"response-media-type-removed": "breaking", "response-media-type-added": "info"}
    assert ids(*spec_pair(lambda s: get_op(s)["responses"].pop("200"))) == {
        "response-success-status-removed": "breaking"}


def test_error_code_enum_split(spec_pair):
    found = ids(*spec_pair(lambda s: schemas(s)["Error"]["properties"]["code"].update(
        {"enum": ["order_not_found", "customer_not_found", "invalid"]})))
    assert found == {"response-property-error-code-enum-split": "breaking"}


def test_request_body_made_required_and_media_type_removed(spec_pair):
    def edit(s):
        body = s["paths"]["/orders"]["post"]["requestBody"]
        body["required"] = True
        body["content"] = {"application/merge-patch+json": body["content"]["application/json"]}

    found = ids(*spec_pair(edit))
    assert found == {"request-body-became-required": "breaking", "request-body-media-type-removed": "breaking",
                     "request-body-media-type-added": "info"}


def test_security_added_and_scope_tightened(spec_pair):
    def scheme(s):
        s["components"]["securitySchemes"] = {"oauth": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://x/token", "scopes": {"read": "", "write": ""}}}}}

    def add(s):
        scheme(s)
        get_op(s)["security"] = [{"oauth": ["read"]}]

    assert ids(*spec_pair(add, scheme)) == {"security-added": "breaking"}

    def old(s):
        add(s)

    def tighten(s):
        add(s)
        get_op(s)["security"] = [{"oauth": ["read", "write"]}]

    assert ids(*spec_pair(tighten, old)) == {"security-scope-added": "breaking"}


@pytest.mark.parametrize(("sunset", "expected"), [
    ("2099-01-01", {"operation-removed-before-sunset": "breaking"}),
    ("2025-06-01", {"operation-removed-after-sunset": "info"}),
    ("soon", {"sunset-invalid": "breaking"}),
])
def test_removing_a_deprecated_operation_respects_sunset(spec_pair, sunset, expected):
    def old(s):
        s["paths"]["/orders"]["post"].update({"deprecated": True, "x-sunset": sunset})

    assert ids(*spec_pair(lambda s: s["paths"]["/orders"].pop("post"), old)) == expected


def test_deprecation_notice_period(spec_pair):
    from apilint.diff.config import DiffConfig

    def deprecate(s):
        s["paths"]["/orders"]["post"].update({"deprecated": True, "x-sunset": "2026-01-15"})

    old, new = spec_pair(deprecate)
    assert ids(old, new) == {"operation-deprecated": "info"}
    assert ids(old, new, config=DiffConfig(notice_days=90)) == {"operation-deprecated-without-notice": "breaking"}


def test_moving_inline_schema_into_all_of_components_is_no_change(spec_pair):
    def edit(s):
        schemas(s)["Base"] = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
        schemas(s)["Order"] = {"allOf": [{"$ref": "#/components/schemas/Base"}, {
            "type": "object", "required": ["status"], "properties": {
                "status": {"type": "string", "enum": ["paid", "open"]}, "note": {"type": "string"}}}]}

    assert ids(*spec_pair(edit)) == {}


def test_one_of_members_matched_regardless_of_order_and_ref_form(spec_pair):
    def old(s):
        schemas(s)["Card"] = {"type": "object", "properties": {"pan": {"type": "string"}}}
        schemas(s)["Bank"] = {"type": "object", "properties": {"iban": {"type": "string"}}}
        schemas(s)["NewOrder"]["properties"]["payment"] = {"oneOf": [
            {"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Bank"}]}

    def reordered(s):
        old(s)
        schemas(s)["NewOrder"]["properties"]["payment"] = {"oneOf": [
            {"type": "object", "properties": {"iban": {"type": "string"}}}, {"$ref": "#/components/schemas/Card"}]}

    assert ids(*spec_pair(reordered, old)) == {}

    def removed(s):
        old(s)
        schemas(s)["NewOrder"]["properties"]["payment"]["oneOf"].pop()

    assert ids(*spec_pair(removed, old)) == {"request-property-one-of-removed": "breaking"}


def test_cyclic_schemas_terminate(spec_pair):
    def cyc(s):
        schemas(s)["Order"]["properties"]["parent"] = {"$ref": "#/components/schemas/Order"}

    def cyc_changed(s):
        cyc(s)
        schemas(s)["Order"]["properties"]["note"]["type"] = "integer"

    found = ids(*spec_pair(cyc_changed, cyc))
    assert found == {"response-property-type-changed": "breaking"}


def test_locations_point_into_the_new_file_and_old_file_for_removals(spec_pair):
    old, new = spec_pair(lambda s: schemas(s)["NewOrder"]["properties"]["sku"].update({"maxLength": 8}))
    change = diff(old, new).changes[0]
    assert change.location.file.endswith("new.json") and change.location.line and change.location.column
    assert change.location.pointer == "/components/schemas/NewOrder/properties/sku"
    old, new = spec_pair(lambda s: s["paths"].pop("/orders"))
    change = diff(old, new).changes[0]
    assert change.location.file.endswith("old.json") and change.location.side == "old"
    assert change.location.pointer == "/paths/~1orders/post"


def test_multi_file_refs_are_followed(tmp_path):
    for version, max_length in (("old", 64), ("new", 32)):
        folder = tmp_path / version
        folder.mkdir()
        (folder / "schemas.yaml").write_text(f"Name:\n  type: string\n  maxLength: {max_length}\n")
        (folder / "api.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      requestBody:\n"
            "        content:\n          application/json:\n            schema:\n              type: object\n"
            "              properties:\n                name: {$ref: 'schemas.yaml#/Name'}\n"
            "      responses: {'204': {description: ok}}\n")
    result = diff(str(tmp_path / "old" / "api.yaml"), str(tmp_path / "new" / "api.yaml"))
    assert [(c.id, c.location.file.endswith("schemas.yaml"), c.location.line) for c in result.changes] == [
        ("request-property-max-length-decreased", True, 1)]


def test_swagger2_body_parameter_is_compared_as_request_body(tmp_path):
    def spec(required):
        return ("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      parameters:\n"
                "        - in: body\n          name: body\n          schema:\n            type: object\n"
                f"            required: {required}\n            properties:\n              a: {{type: string}}\n"
                "      responses: {'200': {description: ok}}\n")

    (tmp_path / "old.yaml").write_text(spec("[]"))
    (tmp_path / "new.yaml").write_text(spec("[a]"))
    assert ids(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")) == {
        "request-property-became-required": "breaking"}


def test_docs_list_every_change_id():
    from pathlib import Path

    from apilint.diff.kinds import KINDS, markdown_tables

    docs = (Path(__file__).resolve().parents[2] / "docs" / "diff.md").read_text()
    assert markdown_tables() in docs, "regenerate the tables: python -m apilint.diff.kinds"
    assert [k for k in KINDS if f"`{k}`" not in docs] == []
