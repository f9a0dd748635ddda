"""Behaviour of pii-exposed."""

from ._privacy_and_health import _get
from .helpers import found


def test_location_resource_id_is_not_personal(tmp_path):
    # Stripe: GET /v1/terminal/locations/{location}; GitHub: codespaces ?location=EastUs.
    text = _get("/v1/terminal/locations/{location}", "[{name: location, in: path, required: true, schema: "
                "{type: string}}]", "{id: {type: string}}")
    assert found(tmp_path, text, "pii-exposed") == []


def test_date_of_birth_in_query_is_flagged(tmp_path):
    text = _get("/v1/customers", "[{name: date_of_birth, in: query, schema: {type: string}}]", "{id: {type: string}}")
    assert len(found(tmp_path, text, "pii-exposed")) == 1


def test_masked_write_only_and_flag_fields_are_not_exposed(tmp_path):
    props = "{card_last4: {type: string}, has_password: {type: boolean}, password: {type: string, writeOnly: true}, " \
            "password_changed_at: {type: string, format: date-time}}"
    assert found(tmp_path, _get("/v1/me", "[]", props), "pii-exposed") == []
    assert len(found(tmp_path, _get("/v1/me", "[]", "{ssn: {type: string}}"), "pii-exposed")) == 1


def test_ambiguous_terms_are_not_pii_and_owner_prefixes_are(tmp_path):
    # GitHub's `pin` (a pinned issue comment), Stripe's bank `routing_number` and vendor `account_number`
    # name no person's data; `customerSsn` is an SSN.
    props = "{pin: {type: object, properties: {pinned_at: {type: string}}}, routing_number: {type: string}, " \
            "account_number: {type: string}, customerSsn: {type: string}, billing_card_number: {type: string}}"
    assert sorted(m.split("'")[1] for m in found(tmp_path, _get("/v1/me", "[]", props), "pii-exposed")) == [
        "billing_card_number", "customerSsn"]
