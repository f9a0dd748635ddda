"""Write every user-visible output of `apilint check` and `apilint diff` over the corpus to a folder, so
that two trees can be compared byte for byte (the "behaviour unchanged" check of a refactor).

    python tools/snapshot.py OUT_DIR [--apilint TREE] [--quick]
    diff -r BEFORE_DIR AFTER_DIR

Each output is one file named after the command; stdout, stderr and the exit code all count.
Needs ../shared (the corpus and the peer cases); exits 2 without it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")
OPENAPI_ROOTS = [
    "github/api.github.com.json", "stripe/spec3.json", "stripe/spec3.yaml", "kubernetes/swagger.json",
    "openai/openapi.yaml", "asana/asana_oas.yaml", "box/openapi.json", "twilio/twilio_api_v2010.yaml",
    "slack/slack_web_openapi_v2.json", "digitalocean/specification/DigitalOcean-public.v2.yaml",
    "temporal/openapiv3.yaml", "museum/openapi.yaml", "oai-examples",
]


def jobs(quick: bool) -> list[tuple[str, list[str], Path]]:
    """(name, argv after `apilint`, working directory) for every output to snapshot."""
    out: list[tuple[str, list[str], Path]] = []
    # Each target is checked from the folder holding it, so that it is named relative to the working
    # directory (a file outside it would be shown by its absolute path, which differs between machines).
    targets = [(f"corpus/openapi/{r}", SHARED) for r in OPENAPI_ROOTS[:1 if quick else None]]
    targets += [("corpus/proto", SHARED), ("examples", ROOT)]
    for tag, cwd in targets:
        for preset in ("recommended", "strict"):
            for fmt in FORMATS if preset == "strict" else ("json",):
                out.append((f"check/{tag}/{preset}.{fmt}",
                            ["check", "--no-cache", "-j", "1", "--preset", preset, "-f", fmt, tag], cwd))
    oasdiff = SHARED / "peer" / "oasdiff"
    cases = json.loads((oasdiff / "cases.json").read_text())
    pairs = sorted({(c["base"], c["revision"]) for c in cases})
    for i, (base, rev) in enumerate(pairs[:20] if quick else pairs):
        for fmt in ("text", "json", "markdown", "sarif", "junit", "github") if i % 10 == 0 else ("json",):
            out.append((f"diff/oasdiff/{i:03d}.{fmt}", ["diff", "-f", fmt, base, rev], oasdiff))
    buf = SHARED / "peer" / "buf-breaking"
    for case in json.loads((buf / "cases.json").read_text()):
        out.append((f"diff/buf/{case['id']}.json", ["diff", "-f", "json", case["previous"], case["current"]], buf))
        out.append((f"diff/buf/{case['id']}.text", ["diff", case["previous"], case["current"]], buf))
    return out


def run(tree: Path, argv: list[str], cwd: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(tree), NO_COLOR="1", COLUMNS="120")
    proc = subprocess.run([sys.executable, "-m", "apilint", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--apilint", type=Path, default=ROOT, help="source tree to run (default: this one)")
    parser.add_argument("--quick", action="store_true", help="one OpenAPI spec and 20 diff pairs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"snapshot: {CORPUS} not found (the shared corpus is needed)", file=sys.stderr)
        return 2
    todo = jobs(args.quick)
    tree = args.apilint.resolve()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {pool.submit(run, tree, argv, cwd): name for name, argv, cwd in todo}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            path = args.out / futures[future]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(future.result().replace(str(tree), "<TREE>"))
            if done % 50 == 0 or done == len(todo):
                print(f"{done}/{len(todo)} outputs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
