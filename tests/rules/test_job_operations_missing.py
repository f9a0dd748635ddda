"""Behaviour of job-operations-missing."""

from ._lifecycle import _op
from .helpers import found, spec

_JOB = """schemas:
  job:
    type: object
    properties:
      id: {type: integer}
      status: {type: string, enum: [queued, in_progress, completed]}
"""


_JOB_BODY = ("      '200':\n        description: The job\n        content:\n          application/json:\n"
             "            schema: {$ref: '#/components/schemas/job'}")


def test_job_cancelled_with_its_parent_run(tmp_path):
    # GitHub: a workflow job is cancelled through POST /repos/{o}/{r}/actions/runs/{run_id}/cancel.
    get = _op("/repos/{owner}/{repo}/actions/jobs/{job_id}", "get", _JOB_BODY)
    cancel = _op("/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", "post", "      '202': {description: OK}")
    assert len(found(tmp_path, spec(get, _JOB), "job-operations-missing")) == 1
    assert found(tmp_path, spec(get + cancel, _JOB), "job-operations-missing") == []
