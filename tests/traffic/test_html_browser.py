"""The HTML report in a real headless Chromium (Debian's package, tools/install_browser.sh): it loads with
no console errors and no request beyond itself, shows the planted drift, and its filters and rows work."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from tests.traffic import cdp
from tests.traffic.traffic import ENV, PLANTED, ROOT, planted_spec, record, write_spec

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not cdp.available(), reason=f"no chromium at {cdp.CHROMIUM}: run "
                                 "tools/install_browser.sh (as root, with apt) to run this test")]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    record(folder / "rec")
    spec = write_spec(planted_spec(), folder / "planted.json")
    out = folder / "report.html"
    proc = subprocess.run([sys.executable, "-m", "apilint", "traffic", "report", str(folder / "rec"), "--spec", spec,
                           "-f", "html", "-o", str(out)], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=120)
    assert proc.returncode == 1, proc.stderr
    return out


async def _inspect(url: str) -> dict:
    async with cdp.open_page(url) as page:
        seen = {
            "rows": await page.evaluate("[...document.querySelectorAll('tr.finding')].map(r => "
                                        "[r.dataset.kind, r.textContent])"),
            "bars": await page.evaluate("document.querySelectorAll('svg rect.bar').length"),
            "hidden_example": await page.evaluate("document.getElementById('ex-0').hidden"),
        }
        await page.evaluate("document.querySelector('tr.finding').click()")
        seen["opened_example"] = await page.evaluate("document.getElementById('ex-0').hidden === false && "
                                                     "document.getElementById('ex-0').textContent")
        await page.evaluate("var s=document.getElementById('f-kind'); s.value='undocumented-status';"
                            "s.dispatchEvent(new Event('change'))")
        seen["filtered"] = await page.evaluate("[...document.querySelectorAll('tr.finding')].filter(r => !r.hidden)"
                                               ".map(r => r.dataset.kind)")
        await asyncio.sleep(0.2)  # late errors (a handler failing after load) are collected too
        await page.evaluate("1")
        seen["errors"], seen["requests"] = page.errors, page.requests
    return seen


def test_the_page_loads_cleanly_and_shows_the_planted_drift(page_file):
    url = page_file.resolve().as_uri()
    seen = asyncio.run(_inspect(url))
    assert seen["errors"] == []
    assert seen["requests"] == [url]  # nothing fetched at view time
    kinds = {kind for kind, _ in seen["rows"]}
    assert kinds == {kind for kind, _ in PLANTED}
    text = " ".join(t for _, t in seen["rows"])
    for _, subject in PLANTED:
        assert subject in text
    assert seen["bars"] == 1
    assert seen["hidden_example"] is True and "/v1/orders" in seen["opened_example"]
    assert seen["filtered"] == ["undocumented-status"]
