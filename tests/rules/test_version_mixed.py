"""Behaviour of version-mixed."""

from ._lint import findings, op


def test_parallel_versions_are_not_mixed(tmp_path):
    spec = ("openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n" + op("/v1/orders", op_id="a") +
            op("/v2/orders", op_id="b") + op("/apis/batch/v1/jobs", op_id="c") + op("/apis/apps/v2/sets", op_id="d"))
    assert findings(tmp_path, spec, "version-mixed") == []
