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
