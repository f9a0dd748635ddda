"""PII (7.2) and health-check (6.6) rules on real-API cases."""

from .helpers import found, spec


def _get(path: str, params: str, props: str) -> str:
    return spec(f"""
{path}:
  get:
    operationId: getThing
    parameters: {params}
    responses:
      '200':
        description: The thing
        content:
          application/json:
            schema: {{type: object, properties: {props}}}
""")


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


def test_resource_health_is_not_the_service_probe(tmp_path):
    # DigitalOcean: GET /v2/apps/{app_id}/health reports a customer's app.
    text = _get("/v2/apps/{app_id}/health", "[{name: app_id, in: path, required: true, schema: {type: string}}]",
                "{status: {type: string}}")
    assert found(tmp_path, text, "health-check-shallow") == []
    assert len(found(tmp_path, _get("/v1/health", "[]", "{status: {type: string}}"), "health-check-shallow")) == 1
