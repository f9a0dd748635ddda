"""`apilint lsp` latency: time from a didChange to its publishDiagnostics, median of 20 edits.

    python benchmarks/lsp_latency.py [--corpus DIR] [--edits 20] [--full-text]

Specs: a small one-file spec, GitHub's 13 MB JSON description, OpenAI's 3 MB YAML one, and DigitalOcean's
multi-file description (an edit to its root, and an edit to a schema file its roots `$ref`). Each edit is
what an editor sends for a keystroke: an incremental didChange inserting a word at the start of a
description, a different one each time (spread over the file), so every edit changes the document.
``--full-text`` sends the whole text with changed trailing whitespace instead (the benchmark's first form).
The time includes the server's debounce (apilint.lsp.server.DEBOUNCE_SECONDS). Besides the median, the 90th
percentile and the largest of the 20 are printed. The real `apilint lsp` process is driven over stdio by the
tests' JSON-RPC client.
"""

from __future__ import annotations

import argparse
import re
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
      description: Lists the users.
      responses:
        "200": {description: ok}
"""


_DESCRIPTION = {"json": re.compile(r'"description": "'),
                "yaml": re.compile(r"^[ \t]*-?[ \t]*description: (?=[A-Za-z])", re.M)}  # a plain scalar


def keystroke(text: str, kind: str, number: int, edits: int) -> tuple[tuple[int, int], str]:
    """Where the ``number``-th edit inserts a word ((line, UTF-16 character)) and the text after it: at the
    start of a description, the descriptions taken evenly over the file."""
    starts = [match.end() for match in _DESCRIPTION[kind].finditer(text)]
    offset = starts[number * len(starts) // edits % len(starts)]
    line_start = text.rfind("\n", 0, offset) + 1
    character = len(text[line_start:offset].encode("utf-16-le")) // 2
    return (text.count("\n", 0, offset), character), text[:offset] + "edited " + text[offset:]


def time_edits(folder: Path, file: Path, edits: int, full_text: bool) -> tuple[float, list[float], int]:
    """(open seconds, each didChange -> publishDiagnostics in seconds, diagnostics on the file)."""
    client = LspClient(folder)
    try:
        client.initialize(folder)
        text = original = file.read_text(encoding="utf-8")
        kind = "json" if file.suffix == ".json" else "yaml"
        started = time.perf_counter()
        document = client.open(file, text, kind)
        found = client.wait_diagnostics(document, timeout=300)
        opened = time.perf_counter() - started
        times = []
        for number in range(edits):
            if not full_text:
                where, text = keystroke(text, kind, number, edits)
            started = time.perf_counter()
            if full_text:
                client.replace(document, original + " " * (number % 2 + 1), number + 2)
            else:
                client.edit(document, where, where, "edited ", number + 2)
            client.wait_diagnostics(document, timeout=300)
            times.append(time.perf_counter() - started)
        return opened, times, len(found)
    finally:
        client.close()


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, (len(ordered) * percent + 99) // 100 - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--full-text", action="store_true", help="send the whole text on each edit")
    args = parser.parse_args()
    digitalocean = args.corpus / "openapi/digitalocean/specification"
    cases = [
        ("GitHub api.github.com.json (13 MB)", args.corpus / "openapi/github", "api.github.com.json"),
        ("OpenAI openapi.yaml (3 MB)", args.corpus / "openapi/openai", "openapi.yaml"),
        ("DigitalOcean root (2,850 files)", digitalocean, "DigitalOcean-public.v2.yaml"),
        ("DigitalOcean $ref'd schema file", digitalocean, "resources/droplets/models/droplet.yml"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "small.yaml").write_text(SMALL)
        cases.insert(0, ("small one-file spec", Path(tmp), "small.yaml"))
        print(f"{'spec':<38} {'open (s)':>9} {'median edit (ms)':>17} {'p90 / max (ms)':>15} {'diagnostics':>12}")
        for name, folder, relative in cases:
            if not (folder / relative).is_file():
                print(f"{name:<38} skipped: {folder / relative} not found")
                continue
            opened, times, count = time_edits(folder, folder / relative, args.edits, args.full_text)
            tail = f"{_percentile(times, 90) * 1000:.0f} / {max(times) * 1000:.0f}"
            print(f"{name:<38} {opened:>9.2f} {statistics.median(times) * 1000:>17.0f} {tail:>15} {count:>12}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
