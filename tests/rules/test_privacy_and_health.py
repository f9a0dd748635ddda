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


def test_words_like_health_or_live_in_domain_paths_are_no_probes(tmp_path):
    # India's health-ID API (/v1/health/facility/authenticate), sportsdata.io LiveBoxScores,
    # AWS Rekognition CreateFaceLivenessSession.
    for path in ("/v1/health/facility/authenticate", "/{format}/LiveBoxScores",
                 "/#X-Amz-Target=RekognitionService.CreateFaceLivenessSession"):
        assert found(tmp_path, _get(path, "[]", "{status: {type: string}}"), "health-check-shallow") == [], path
    assert len(found(tmp_path, _get("/healthz", "[]", "{status: {type: string}}"), "health-check-shallow")) == 1



def test_shared_429_response_is_reported_once(tmp_path):
    # A components/responses/TooManyRequests used by every operation is one response to fix.
    ref = "responses:\n      '200': {description: OK}\n      '429': {$ref: '#/components/responses/TooMany'}"
    text = spec(f"/a:\n  get:\n    {ref}\n/b:\n  get:\n    {ref}\n",
                "responses:\n  TooMany: {description: Slow down}\n")
    assert len(found(tmp_path, text, "rate-limit-no-retry-after")) == 1
    inline = "responses:\n      '200': {description: OK}\n      '429': {description: Slow down}"
    assert len(found(tmp_path, spec(f"/a:\n  get:\n    {inline}\n/b:\n  get:\n    {inline}\n"),
                     "rate-limit-no-retry-after")) == 2


def test_retry_after_body_field_tells_when_to_retry(tmp_path):
    # Discord-style 429 body: {"message": "You are being rate limited.", "retry_after": 0.5, "global": false}
    def limited(props: str) -> str:
        return spec("/a:\n  get:\n    responses:\n      '200': {description: OK}\n      '429':\n"
                    "        description: Slow down\n        content:\n          application/json:\n"
                    f"            schema: {{type: object, properties: {props}}}\n")
    assert found(tmp_path, limited("{message: {type: string}, retry_after: {type: number}}"),
                 "rate-limit-no-retry-after") == []
    assert len(found(tmp_path, limited("{message: {type: string}, retryable: {type: boolean}}"),
                     "rate-limit-no-retry-after")) == 1


def test_429_promised_in_an_operation_description_is_documented(tmp_path):
    # Asana: "You may receive a `429 Too Many Requests` response if you hit any of our rate limits."
    def api(description: str) -> str:
        return spec(f"/workspaces/{{workspace_gid}}/tasks/search:\n  get:\n    description: {description}\n"
                    "    responses: {'200': {description: OK}}\n")
    prose = "'You may receive a `429 Too Many Requests` response if you hit any of our rate limits.'"
    assert found(tmp_path, api(prose), "rate-limit-undocumented") == []
    assert len(found(tmp_path, api("'Search tasks (returns at most 100 results).'"), "rate-limit-undocumented")) == 1


def test_ambiguous_terms_are_not_pii_and_owner_prefixes_are(tmp_path):
    # GitHub's `pin` (a pinned issue comment), Stripe's bank `routing_number` and vendor `account_number`
    # name no person's data; `customerSsn` is an SSN.
    props = "{pin: {type: object, properties: {pinned_at: {type: string}}}, routing_number: {type: string}, " \
            "account_number: {type: string}, customerSsn: {type: string}, billing_card_number: {type: string}}"
    assert sorted(m.split("'")[1] for m in found(tmp_path, _get("/v1/me", "[]", props), "pii-exposed")) == [
        "billing_card_number", "customerSsn"]
