"""Every real spec of the shared corpus lints with exit 0 or 1: never a crash, never 'bad input'."""

from __future__ import annotations

import json

import pytest

from .conftest import CORPUS, run_cli

pytestmark = pytest.mark.skipif(not (CORPUS / "openapi").is_dir(),
                                reason=f"{CORPUS} not present: a clone without a shared/ folder above it skips the corpus tests")


@pytest.mark.slow
def test_whole_openapi_corpus_lints():
    result = run_cli("check", "--no-cache", "-j", "2", "-f", "json", str(CORPUS / "openapi"))
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert document["errors"] == []
    assert document["summary"]["specs"] >= 45
    files = {f["file"] for f in document["findings"]}
    # multi-file spec: findings land in DigitalOcean's referenced files, not only in its root
    assert any("digitalocean/specification/resources/" in f for f in files)
