"""benchmarks/spectral_yardstick.py on two small corpus specs: Spectral (pinned, benchmarks/.peers) and
apilint agree on every finding of the oas-core ruleset. The test installs the pinned peers itself
(`bash benchmarks/install_peers.sh`, idempotent) when they are missing; skipped, saying why, without the corpus
or Node.js and npm, or when that install fails."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from ..conftest import CORPUS, ROOT

SPECTRAL = ROOT / "benchmarks" / ".peers" / "node_modules" / ".bin" / "spectral"
SPECS = [CORPUS / "openapi" / "museum" / "openapi.yaml",
         CORPUS / "openapi" / "oai-examples" / "v3.0" / "petstore-expanded.yaml"]


@pytest.mark.slow
def test_spectral_and_apilint_agree_on_small_corpus_specs():
    if not all(spec.is_file() for spec in SPECS):
        pytest.skip(f"corpus specs not found under {CORPUS}")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are not installed: Spectral cannot run")
    if not SPECTRAL.exists():
        install = subprocess.run(["bash", str(ROOT / "benchmarks" / "install_peers.sh")], capture_output=True,
                                 text=True, timeout=900, cwd=ROOT)
        if not SPECTRAL.exists():
            pytest.skip(f"benchmarks/install_peers.sh did not install Spectral: {install.stderr.strip()[-300:]}")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "spectral_yardstick.py"), "--rounds", "1",
                           *map(str, SPECS)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agreement: 8/8 of Spectral's findings (100.0%)" in done.stdout, done.stdout
