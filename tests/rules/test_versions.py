import pytest

from ._lint import findings, op


def test_parallel_versions_are_not_mixed(tmp_path):
    spec = ("openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n" + op("/v1/orders", op_id="a") +
            op("/v2/orders", op_id="b") + op("/apis/batch/v1/jobs", op_id="c") + op("/apis/apps/v2/sets", op_id="d"))
    assert findings(tmp_path, spec, "version-mixed") == []


@pytest.mark.parametrize(("version", "flagged"), [
    ("1.0.0", False), ("v2.1", False), ("v2", False), ("2024-06-20", False), ("2022-11-15.preview", False), ("latest", True),
    ("unversioned", True)])
def test_semver_or_release_date(tmp_path, version, flagged):
    spec = f"openapi: 3.0.3\ninfo: {{title: Shop, version: '{version}'}}\npaths: {{}}\n"
    assert bool(findings(tmp_path, spec, "version-not-semver")) is flagged


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
