"""`apilint lsp` latency: time from a didChange to its publishDiagnostics, median of 20 edits.

    python benchmarks/lsp_latency.py [--corpus DIR] [--edits 20]

Specs: a small one-file spec, DigitalOcean's multi-file description (an edit to its root, and an edit to
a schema file its roots `$ref`), and GitHub's 13 MB description. Each edit changes the trailing
whitespace of the document, so every edit re-lints the whole spec from the editor's text. The time
includes the server's debounce (apilint.lsp.server.DEBOUNCE_SECONDS). The real `apilint lsp` process is
driven over stdio by the tests' JSON-RPC client.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO_DIR, default_corpus

sys.path.insert(0, str(REPO_DIR))

from tests.lsp.rpc import LspClient

SMALL = """openapi: 3.0.3
info: {title: Small, version: "1.0"}
paths:
  /v1/users:
    get:
      operationId: listUsers
      responses:
        "200": {description: ok}
"""


def time_edits(folder: Path, file: Path, edits: int) -> tuple[float, float, int]:
    """(open seconds, median didChange -> publishDiagnostics seconds, diagnostics on the file)."""
    client = LspClient(folder)
    try:
        client.initialize(folder)
        text = file.read_text(encoding="utf-8")
        started = time.perf_counter()
        document = client.open(file, text, "json" if file.suffix == ".json" else "yaml")
        found = client.wait_diagnostics(document, timeout=300)
        opened = time.perf_counter() - started
        times = []
        for number in range(edits):
            started = time.perf_counter()
            client.replace(document, text + " " * (number % 2 + 1), number + 2)
            client.wait_diagnostics(document, timeout=300)
            times.append(time.perf_counter() - started)
        return opened, statistics.median(times), len(found)
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    digitalocean = args.corpus / "openapi/digitalocean/specification"
    cases = [
        ("GitHub api.github.com.json (13 MB)", args.corpus / "openapi/github", "api.github.com.json"),
        ("DigitalOcean root (2,850 files)", digitalocean, "DigitalOcean-public.v2.yaml"),
        ("DigitalOcean $ref'd schema file", digitalocean, "resources/droplets/models/droplet.yml"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "small.yaml").write_text(SMALL)
        cases.insert(0, ("small one-file spec", Path(tmp), "small.yaml"))
        print(f"{'spec':<38} {'open (s)':>9} {'median edit (ms)':>17} {'diagnostics':>12}")
        for name, folder, relative in cases:
            if not (folder / relative).is_file():
                print(f"{name:<38} skipped: {folder / relative} not found")
                continue
            opened, median, count = time_edits(folder, folder / relative, args.edits)
            print(f"{name:<38} {opened:>9.2f} {median * 1000:>17.0f} {count:>12}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
