from ._lint import HEAD, findings, op

STATE = "safe-method-changes-state"


def test_get_generate_flagged(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/reports/generate", op_id="getReport")
    assert len(findings(tmp_path, spec, STATE)) == 1


def test_noun_segments_that_start_like_verbs_not_flagged(tmp_path):
    # DigitalOcean /v2/add-ons and .../restart_count, Twilio AddOnResults, GitHub .../archive downloads.
    paths = ["/v2/add-ons/apps", "/v2/monitoring/metrics/apps/restart_count",
             "/Recordings/{Sid}/AddOnResults.json", "/user/migrations/{migration_id}/archive"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, STATE) == []


def test_compound_nouns_and_form_routes_not_flagged(tmp_path):
    # TfL /Line/{id}/StopPoints, Azure .../updateSummary/default, Reverb's Rails-style GET .../edit form.
    paths = ["/Line/{id}/StopPoints", "/devices/{name}/updateSummary/default", "/listings/{slug}/edit"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, STATE) == []


def test_noun_like_operation_names_of_path_resources_not_flagged(tmp_path):
    # Discourse postReplies on /posts/{id}/replies, Files.com LockListForPath on /locks/{path},
    # Azure PatchSchedules_ListByRedisResource on .../patchSchedules.
    spec = HEAD + "paths:\n" + op("/posts/{id}/replies.json", op_id="postReplies") + op(
        "/locks/{path}", op_id="LockListForPath") + op("/Redis/{name}/patchSchedules",
                                                        op_id="PatchSchedules_ListByRedisResource")
    assert findings(tmp_path, spec, STATE) == []
    assert len(findings(tmp_path, HEAD + "paths:\n" + op("/v1/replies", op_id="postReply"), STATE)) == 1


def test_verb_segments_still_flagged(tmp_path):
    # Microsoft Graph .../tasks/{id}/trigger, Jira .../jmx/startExposing.
    paths = ["/print/tasks/{id}/trigger", "/monitoring/jmx/startExposing", "/sessions/stop"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert len(findings(tmp_path, spec, STATE)) == 3


_PATCH = HEAD + """paths:
  /v1/orders/{order_id}:
    put:
      operationId: replaceOrder
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses: {'200': {description: OK}}
    patch:
      operationId: updateOrder
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/%s'}}}}
      responses: {'200': {description: OK}}
  /v1/orders/values:
    get:
      operationId: listValues
      responses: {'200': {description: OK, content: {application/json: {schema: {type: array, items: {}}}}}}
    patch:
      operationId: setValues
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Bulk'}}}}
      responses: {'204': {description: Done}}
components:
  schemas:
    Order: {type: object, required: [customer_id], properties: {customer_id: {type: string}, note: {type: string}}}
    OrderPatch: {type: object, properties: {note: {type: string}}}
    Bulk: {type: object, required: [names, values], properties: {names: {type: array}, values: {type: array}}}
"""


def test_patch_reusing_put_schema_flagged(tmp_path):
    found = findings(tmp_path, _PATCH % "Order", "patch-replaces-resource")
    assert len(found) == 1 and "PUT /v1/orders/{order_id}" in found[0].message


def test_bulk_patch_with_required_fields_not_flagged(tmp_path):
    # GitHub PATCH /orgs/{org}/properties/values requires all its (bulk) fields: it is not a resource.
    assert findings(tmp_path, _PATCH % "OrderPatch", "patch-replaces-resource") == []


def test_post_for_read(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/orders/list", "post", "listOrders") + op(
        "/v1/orders/search", "post", "getOrders", "      description: Uses POST because filters exceed URL limits.\n")
    found = findings(tmp_path, spec, "post-for-read")
    assert [f.message.split(" ")[1] for f in found] == ["/v1/orders/list"]


def test_empty_closed_body_on_get_is_no_body(tmp_path):
    # Stripe declares {type: object, properties: {}, additionalProperties: false} bodies on every GET.
    body = ("      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n"
            "            schema: {type: object, properties: {}, additionalProperties: false}\n")
    spec = HEAD + "paths:\n" + op("/v1/account", op_id="getAccount", extra=body)
    assert findings(tmp_path, spec, "request-body-on-safe-method") == []
    spec = spec.replace("properties: {}", "properties: {expand: {type: string}}")
    assert len(findings(tmp_path, spec, "request-body-on-safe-method")) == 1


def test_noun_compounds_are_not_verbs_in_paths(tmp_path):
    # DigitalOcean /v2/add-ons and do_settings, Twilio AddOnResults, GitHub remove-token.
    paths = ["/v2/add-ons/apps", "/v2/databases/{id}/do_settings", "/Recordings/{Sid}/AddOnResults.json",
             "/orgs/{org}/actions/runners/remove-token"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, "verb-in-path") == []
    assert len(findings(tmp_path, HEAD + "paths:\n" + op("/v1/getUser", op_id="getUser"), "verb-in-path")) == 1
