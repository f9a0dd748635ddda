"""Edge cases of the proto rules, most of them false alarms found on the real corpus and fixed."""

from __future__ import annotations

import json

import pytest

from apilint.engine.config import Config
from tests.conftest import lint_text, run_cli

_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'
_IMPORTS = ('import "google/protobuf/empty.proto";\nimport "google/api/resource.proto";\n'
            'import "google/api/field_behavior.proto";\n')


def _found(tmp_path, rule: str, body: str) -> list[str]:
    result = lint_text(tmp_path, _HEAD + _IMPORTS + body, name="api.proto", only_rules=(rule,),
                       config=Config(preset="strict"))  # the rule's behaviour, whatever its presets
    assert result.error is None, result.error
    return [f.pointer for f in result.findings if f.rule == rule]


@pytest.mark.parametrize(("body", "expected"), [
    # Storage v2: counts of days relative to a time are not instants
    ("message C { int32 days_since_custom_time = 1; int64 update_time = 2; }", ["/shop.v1.C.update_time"]),
    ("message C { int64 created_at_ms = 1; google.protobuf.Empty x = 2; int32 timeout_seconds = 3; }",
     ["/shop.v1.C.created_at_ms"]),
])
def test_time_not_timestamp(tmp_path, body, expected):
    assert _found(tmp_path, "timestamp-untyped", body) == expected


def test_status_not_enum_skips_postal_state(tmp_path):
    body = "message Address { string city = 1; string state = 2; }\nmessage Job { string state = 1; }\n"
    assert _found(tmp_path, "state-free-string", body) == ["/shop.v1.Job.state"]


def test_leaky_name_skips_cloud_sql_and_a_lone_pk(tmp_path):
    body = ("message CloudSQLCredentials { string cloud_sql_user = 1; bytes pk = 2; string user_pk = 3; "
            "string sql_filter = 4; }\n")
    assert _found(tmp_path, "storage-term-exposed", body) == ["/shop.v1.CloudSQLCredentials.user_pk",
                                                          "/shop.v1.CloudSQLCredentials.sql_filter"]


def test_lifecycle_verb_allows_destroy_and_edits_of_parts_of_a_resource(tmp_path):
    body = ("service S {\n  rpc DestroySecretVersion(DestroySecretVersionRequest) returns (Rule);\n"
            "  rpc AddAccessConfig(AddAccessConfigRequest) returns (Rule);\n"
            "  rpc ModifyAckDeadline(ModifyAckDeadlineRequest) returns (Rule);\n"
            "  rpc GetRule(GetRuleRequest) returns (Rule);\n"
            "  rpc AddRule(AddRuleRequest) returns (Rule);\n"
            "  rpc LookupRule(LookupRuleRequest) returns (Rule);\n}\n"
            "message DestroySecretVersionRequest {}\nmessage AddAccessConfigRequest {}\n"
            "message ModifyAckDeadlineRequest {}\nmessage GetRuleRequest {}\nmessage AddRuleRequest {}\n"
            "message LookupRuleRequest {}\nmessage Rule { string name = 1; }\n")
    assert _found(tmp_path, "lifecycle-verb-inconsistent", body) == ["/shop.v1.S.AddRule", "/shop.v1.S.LookupRule"]


_UPDATE = ("service S {{\n  rpc UpdateOrder(UpdateOrderRequest) returns (Order);\n}}\n"
           "message UpdateOrderRequest {{ Order order = 1; {extra} }}\nmessage Order {{ {fields} }}\n"
           "message DocumentMask {{ repeated string field_paths = 1; }}\n"
           "message Precondition {{ bool exists = 1; }}\n")


@pytest.mark.parametrize(("extra", "fields", "flagged"), [
    ("", "string name = 1; string email = 2;", True),
    ("", "optional string name = 1; optional string email = 2;", False),  # Compute: presence on every field
    ("DocumentMask mask = 2;", "string name = 1;", False),  # Firestore's own mask type
    ("string update_mask = 2;", "string name = 1;", False),  # Compute's string update_mask
])
def test_update_field_mask(tmp_path, extra, fields, flagged):
    found = _found(tmp_path, "proto-update-field-mask", _UPDATE.format(extra=extra, fields=fields))
    assert found == (["/shop.v1.S.UpdateOrder"] if flagged else [])


@pytest.mark.parametrize(("extra", "fields", "flagged"), [
    ("", "string name = 1;", True),
    ("Precondition current_document = 2;", "string name = 1;", False),  # Firestore
    ("", "string name = 1; string fingerprint = 2;", False),  # Compute
])
def test_update_etag(tmp_path, extra, fields, flagged):
    found = _found(tmp_path, "update-without-concurrency-control", _UPDATE.format(extra=extra, fields=fields))
    assert found == (["/shop.v1.S.UpdateOrder"] if flagged else [])


def test_update_rules_skip_command_rpcs_named_update(tmp_path):
    body = ("service S {\n  rpc UpdateWorkflowExecution(UpdateWorkflowExecutionRequest) returns "
            "(UpdateWorkflowExecutionResponse);\n}\nmessage WorkflowExecution { string workflow_id = 1; }\n"
            "message UpdateWorkflowExecutionRequest { WorkflowExecution workflow_execution = 1; string input = 2; }\n"
            "message UpdateWorkflowExecutionResponse { string outcome = 1; }\n")
    assert _found(tmp_path, "proto-update-field-mask", body) == []
    assert _found(tmp_path, "update-without-concurrency-control", body) == []


def test_delete_response_accepts_empty_per_rpc_response_and_lro(tmp_path):
    body = ("service S {\n  rpc DeleteA(DeleteARequest) returns (DeleteAResponse);\n"
            "  rpc DeleteB(DeleteBRequest) returns (Operation);\n"
            "  rpc DeleteC(DeleteCRequest) returns (DeleteCResponse);\n}\n"
            "message DeleteARequest {}\nmessage DeleteAResponse {}\nmessage DeleteBRequest {}\n"
            "message Operation { string name = 1; }\nmessage DeleteCRequest {}\n"
            "message DeleteCResponse { bool ok = 1; }\n")
    assert _found(tmp_path, "proto-delete-response", body) == ["/shop.v1.S.DeleteC"]


def test_rpc_message_names_accepts_service_qualified_names(tmp_path):
    body = ("service Disks {\n  rpc SetLabels(SetLabelsDiskRequest) returns (Operation);\n"
            "  rpc Get(DisksGetRequest) returns (Operation);\n  rpc Put(Operation) returns (Operation);\n}\n"
            "message SetLabelsDiskRequest {}\nmessage DisksGetRequest {}\nmessage Operation {}\n")
    assert _found(tmp_path, "proto-rpc-message-names", body) == ["/shop.v1.Disks.Put"]


def test_enum_prefix_applies_to_package_level_enums_only(tmp_path):
    body = ("enum Color { COLOR_UNSPECIFIED = 0; RED = 1; }\n"
            "message Secret { enum State { STATE_UNSPECIFIED = 0; ENABLED = 1; } State state = 1; }\n")
    assert _found(tmp_path, "proto-enum-value-prefix", body) == ["/shop.v1.Color.RED"]
    assert _found(tmp_path, "proto-enum-zero-unspecified", body) == []


def test_pii_skips_input_only_and_masked_fields_and_requests(tmp_path):
    body = ("service S {\n  rpc GetUser(GetUserRequest) returns (User);\n}\n"
            "message GetUserRequest { string password = 1; }\n"
            "message User { string password = 1 [(google.api.field_behavior) = INPUT_ONLY]; "
            "string card_number_last4 = 2; Card card = 3; }\nmessage Card { string card_number = 1; }\n")
    assert _found(tmp_path, "pii-exposed", body) == ["/shop.v1.Card.card_number"]


def test_error_details_ignores_error_records_kept_in_resources(tmp_path):
    body = ("message Instance { LastError last_error = 1; }\n"
            "message LastError { string code = 1; string message = 2; }\n"
            "message ApiError { int32 code = 1; string message = 2; }\n")
    assert _found(tmp_path, "proto-error-details", body) == ["/shop.v1.ApiError"]


def test_execute_pattern_needs_conditional_fields_not_just_an_operation_name(tmp_path):
    body = ("service S {\n  rpc StartNexusOperation(StartNexusOperationRequest) returns "
            "(StartNexusOperationResponse);\n}\n"
            "message StartNexusOperationRequest {\n  // Service name.\n  string service = 1;\n"
            "  // Operation name.\n  string operation = 2;\n  string endpoint = 3;\n  string input = 4;\n}\n"
            "message StartNexusOperationResponse {}\n")
    assert _found(tmp_path, "action-field-dispatch", body) == []


def test_pagination_on_aip_path_templates_is_not_a_list(tmp_path):
    body = ('import "google/api/annotations.proto";\nservice S {\n  rpc GetShelf(GetShelfRequest) returns (Shelf) '
            '{ option (google.api.http) = {get: "/v1/{name=shelves/*}"}; }\n}\n'
            "message GetShelfRequest { string name = 1; }\nmessage Shelf { repeated string books = 1; }\n")
    assert _found(tmp_path, "pagination-missing", body) == []


def test_version_missing_only_for_packages_with_services(tmp_path):
    text = 'syntax = "proto3";\npackage shop.types;\nmessage Money { int64 units = 1; }\n'
    result = lint_text(tmp_path, text, name="api.proto", only_rules=("version-missing",))
    assert result.error is None and result.findings == []


@pytest.mark.parametrize(("request_fields", "flagged"), [
    ("string namespace = 1; int32 maximum_page_size = 2; bytes next_page_token = 3;", False),  # Temporal
    ("string namespace = 1;", True),
])
def test_pagination_accepts_temporal_page_fields(tmp_path, request_fields, flagged):
    body = ("service S {\n  rpc ListWorkflows(ListWorkflowsRequest) returns (ListWorkflowsResponse);\n}\n"
            f"message ListWorkflowsRequest {{ {request_fields} }}\n"
            "message ListWorkflowsResponse { repeated string executions = 1; bytes next_page_token = 2; }\n")
    assert bool(_found(tmp_path, "pagination-missing", body)) is flagged


def test_validation_consistency_stays_within_a_package(tmp_path):
    # A proto tree holds unrelated APIs (grpc-gateway's examples beside Compute): one package's fields are
    # not compared with another's. The same pair inside one package is flagged.
    message = "message {m} {{ string contact_email = 1 [(validate.rules).string.max_len = {n}]; }}\n"
    for package, rpc, n in (("shop.v1", "CreateOrder", 255), ("other.v1", "CreateThing", 50)):
        (tmp_path / f"{rpc}.proto").write_text(
            f'syntax = "proto3";\npackage {package};\nimport "validate/validate.proto";\n'
            f"service {rpc}Service {{\n  rpc {rpc}({rpc}Request) returns ({rpc}Request);\n}}\n"
            + message.format(m=f"{rpc}Request", n=n))

    def flagged() -> list[str]:
        result = run_cli("check", "--no-cache", "--preset", "strict", "--rule", "validation-inconsistent",
                         "-f", "json", ".", cwd=tmp_path)
        return [f["message"] for f in json.loads(result.stdout)["findings"]]

    assert flagged() == []
    text = (tmp_path / "CreateThing.proto").read_text()
    (tmp_path / "CreateThing.proto").write_text(text.replace("package other.v1", "package shop.v1"))
    assert len(flagged()) == 1
