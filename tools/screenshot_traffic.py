"""The screenshot of the HTML traffic report in docs/traffic.md (docs/traffic-report.png).

Records the example orders service through the real `apilint proxy` (the traffic of the end-to-end test,
tests/traffic/traffic.py), reports it against the spec with the planted gaps, and has Debian's headless
chromium (tools/install_browser.sh) render the page::

    python tools/screenshot_traffic.py [--out docs/traffic-report.png]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.traffic.traffic import planted_spec, record, write_spec  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "traffic-report.png"))
    parser.add_argument("--size", default="1280,1000", help="window width,height (default 1280,1000)")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium: run tools/install_browser.sh first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="apilint-shot-") as tmp:
        folder = Path(tmp)
        record(folder / "rec")
        spec = write_spec(planted_spec(), folder / "openapi.json")
        page = folder / "report.html"
        subprocess.run([sys.executable, "-m", "apilint", "traffic", "report", "rec", "--spec", "openapi.json",
                        "-f", "html", "-o", str(page)], cwd=folder, check=False, env={
                            **os.environ, "PYTHONPATH": str(ROOT)})
        assert Path(spec).exists() and page.exists()
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--window-size={args.size}",
                        f"--screenshot={os.path.abspath(args.out)}", page.as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
