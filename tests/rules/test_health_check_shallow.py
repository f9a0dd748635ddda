"""Behaviour of health-check-shallow."""

from ._privacy_and_health import _get
from .helpers import found


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
