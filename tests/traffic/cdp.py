"""A small Chrome DevTools Protocol client (aiohttp's websocket) driving Debian's headless chromium:
open a page, collect console errors, uncaught exceptions, error log entries and network requests,
evaluate JavaScript, take a screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1"]


def available() -> bool:
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.errors: list[str] = []  # console errors, uncaught exceptions, error log entries
        self.requests: list[str] = []  # every URL the page asked for
        self.events: list[str] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        await self.ws.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = await self.ws.receive(timeout=30)
            data = json.loads(message.data)
            if data.get("id") == ident:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
            self._event(data)

    async def wait_for(self, event: str, timeout: float = 30) -> None:
        async def until() -> None:
            while event not in self.events:
                message = await self.ws.receive(timeout=timeout)
                self._event(json.loads(message.data))

        await asyncio.wait_for(until(), timeout)

    def _event(self, data: dict[str, Any]) -> None:
        method, params = data.get("method", ""), data.get("params", {})
        self.events.append(method)
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append("log: " + params["entry"]["text"])
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def screenshot(self, path: str, width: int = 1280, height: int = 1000) -> None:
        await self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                        mobile=False)
        shot = await self.call("Page.captureScreenshot", format="png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))


@contextlib.asynccontextmanager
async def open_page(url: str) -> AsyncIterator[Page]:
    """Chromium on a fresh profile, the page at ``url`` loaded with every collector on from the start."""
    profile = tempfile.mkdtemp(prefix="apilint-chromium-")
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- a file, not a pipe: chromium is chatty on stderr
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=log)
    try:
        port = await _devtools_port(profile, proc)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as answer:
                targets = await answer.json()
            target = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                for domain in ("Runtime", "Log", "Network", "Page"):
                    await page.call(f"{domain}.enable")
                await page.call("Page.navigate", url=url)
                await page.wait_for("Page.loadEventFired")
                yield page
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(profile, ignore_errors=True)


async def _devtools_port(profile: str, proc: subprocess.Popen, timeout: float = 30) -> int:
    """Chromium writes its port to DevToolsActivePort in the profile once it listens."""
    path = os.path.join(profile, "DevToolsActivePort")
    for _ in range(int(timeout * 10)):
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with {proc.returncode}")
        if os.path.exists(path):
            with open(path) as handle:
                first = handle.readline().strip()
            if re.fullmatch(r"\d+", first):
                return int(first)
        await asyncio.sleep(0.1)
    raise TimeoutError("chromium did not open its DevTools port")
