"""Behaviour of version-not-semver."""

import pytest

from ._lint import findings


@pytest.mark.parametrize(("version", "flagged"), [
    ("1.0.0", False), ("v2.1", False), ("v2", False), ("2024-06-20", False), ("2022-11-15.preview", False), ("latest", True),
    ("unversioned", True)])
def test_semver_or_release_date(tmp_path, version, flagged):
    spec = f"openapi: 3.0.3\ninfo: {{title: Shop, version: '{version}'}}\npaths: {{}}\n"
    assert bool(findings(tmp_path, spec, "version-not-semver")) is flagged
