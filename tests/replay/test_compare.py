"""Classification of differences between an expected and a received response (no network)."""

from __future__ import annotations

from apilint.replay.compare import Comparison
from apilint.replay.model import Expected, Received


def diff(expected_body, received_body, *, contract=True, status=(200, 200), renamed=None):
    comparison = Comparison(contract, renamed or {}, {})
    comparison.run(Expected(status[0], "application/json", {}, expected_body, None),
                   Received(status[1], "application/json; charset=utf-8", {}, received_body, None))
    return {(d.severity, d.kind, d.where) for d in comparison.differences}, comparison.noise


def test_matchers_absorb_fresh_values_and_extra_fields():
    found, noise = diff({"order_id": "{{uuid}}", "created_at": "{{iso_timestamp}}", "status": "PENDING"},
                        {"order_id": "3f1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f60", "created_at": "2026-01-01T00:00:00Z",
                         "status": "PENDING", "new_field": 1})
    assert found == set()
    assert noise == 2


def test_rename_removal_type_and_enum_are_breaking():
    found, _ = diff({"order_id": "{{uuid}}", "total": 3, "status": "{{one_of:PENDING|PAID}}", "note": "x"},
                    {"id": "3f1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f60", "total": "3", "status": "LOST"})
    assert found == {("breaking", "field_renamed", "body.order_id"), ("breaking", "type_changed", "body.total"),
                     ("breaking", "enum_value", "body.status"), ("breaking", "field_removed", "body.note")}


def test_status_change_is_breaking_and_other_class_skips_body():
    found, _ = diff({"a": 1}, {"error": {}}, status=(200, 404))
    assert found == {("breaking", "status_changed", "status")}


def test_recorded_literals_are_observations_but_generated_values_are_noise():
    found, noise = diff({"id": "3f1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f60", "at": "2026-01-01T00:00:00Z", "n": "a"},
                        {"id": "0a1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f61", "at": "2026-02-02T10:00:00.5Z", "n": "b"},
                        contract=False)
    assert found == {("warning", "value_changed", "body.n")}
    assert noise == 2


def test_linked_value_is_noise_only_when_it_is_the_new_one():
    found, noise = diff({"token": "old"}, {"token": "new"}, contract=False, renamed={"old": "new"})
    assert (found, noise) == (set(), 1)
    found, _ = diff({"token": "old"}, {"token": "other"}, contract=False, renamed={"old": "new"})
    assert found == {("warning", "value_changed", "body.token")}


def test_contract_literal_change_and_array_length():
    found, _ = diff({"status": "PENDING", "items": [1, 2]}, {"status": "CREATED", "items": [1]})
    assert found == {("breaking", "value_changed", "body.status"), ("warning", "array_length", "body.items")}
