"""Behaviour of version-missing."""

import pytest

from ._lint import findings, op


def _unversioned(path: str, params: str = "") -> str:
    extra = f"      parameters: {params}\n" if params else ""
    return "openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n" + op(path, op_id="a", extra=extra)


@pytest.mark.parametrize(("path", "params"), [
    # Azure: every operation takes ?api-version=2021-01-01.
    ("/subscriptions/{id}/things", "[{name: api-version, in: query, required: true, schema: {type: string}}]"),
    # AWS query APIs: a required Version parameter.
    ("/#Action=DescribeThings", "[{name: Version, in: query, required: true, schema: {type: string, "
                                "enum: ['2016-11-15']}}]"),
    # Stripe-Version / X-GitHub-Api-Version style headers.
    ("/things", "[{name: X-Api-Version, in: header, schema: {type: string}}]"),
    # AWS: a release date as the first segment, or a date-stamped target.
    ("/2020-08-01/things", ""),
    ("/#X-Amz-Target=CodeBuild_20161006.ListThings", ""),
])
def test_version_in_header_query_or_date_counts(tmp_path, path, params):
    assert findings(tmp_path, _unversioned(path, params), "version-missing") == []


@pytest.mark.parametrize("params", ["", "[{name: version, in: query, schema: {type: integer}}]"])
def test_unversioned_or_optional_version_filter_is_flagged(tmp_path, params):
    # An optional `version` filter (e.g. a document's version) is not the API's version.
    assert len(findings(tmp_path, _unversioned("/things", params), "version-missing")) == 1


def test_unversioned_outlier_among_versioned_paths_is_flagged(tmp_path):
    # 2.3/7.4: /v1/... everywhere except /orders-legacy/{id}; the server URL's version does not excuse it.
    spec = ("openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\nservers: [{url: 'https://api.example.com/v1'}]\n"
            "paths:\n" + op("/v1/orders", op_id="a") + op("/v1/orders/{id}", op_id="b") +
            op("/orders-legacy/{id}", op_id="c"))
    found = findings(tmp_path, spec, "version-missing")
    assert [f.message for f in found] == ["path /orders-legacy/{id} carries no version while 2 of 3 paths do"]


def test_mostly_unversioned_paths_get_one_summary_not_outliers(tmp_path):
    spec = ("openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n" + op("/v1/orders", op_id="a") +
            op("/customers", op_id="b") + op("/items", op_id="c"))
    assert [f.message for f in findings(tmp_path, spec, "version-missing")] == [
        "2 path(s) carry no version (e.g. /customers) and no server URL does"]


def test_discovery_roots_and_server_meta_paths_are_not_outliers(tmp_path):
    # Kubernetes: /apis/apps/ lists the versions below it; /.well-known/... and /healthz are about the server.
    spec = ("openapi: 3.0.3\ninfo: {title: K, version: 1.0.0}\npaths:\n" + op("/apis/apps/v1/sets", op_id="a") +
            op("/apis/apps/v1/jobs", op_id="b") + op("/api/v1/pods", op_id="c") + op("/apis/apps/", op_id="d") +
            op("/.well-known/openid-configuration", op_id="e") + op("/healthz", op_id="f"))
    assert findings(tmp_path, spec, "version-missing") == []
