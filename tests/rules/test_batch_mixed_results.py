"""Batch results (3.7) on real-API cases."""

from .helpers import found, spec

RULE = "batch-mixed-results"


def _batch(method: str, path: str) -> str:
    return f"""
{path}:
  {method}:
    operationId: {method}BatchThings
    responses:
      '200':
        description: Results
        content:
          application/json:
            schema:
              type: object
              properties:
                results:
                  type: array
                  items: {{type: object, properties: {{id: {{type: string}}, error: {{type: string}}}}}}
"""


def test_batch_call_mixing_results_and_errors_is_flagged(tmp_path):
    assert len(found(tmp_path, spec(_batch("post", "/v1/things:batchCreate")), RULE)) == 1


def test_listing_batch_jobs_that_carry_their_error_is_not_a_batch_result(tmp_path):
    # Google AI Platform: GET /v1/{parent}/batchPredictionJobs lists jobs, each with its own `error`.
    assert found(tmp_path, spec(_batch("get", "/v1/batchPredictionJobs")), RULE) == []
