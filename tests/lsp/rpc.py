"""A small JSON-RPC client for `apilint lsp` over stdio (Content-Length framing), for tests and the benchmark."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def uri(path: str | Path) -> str:
    return Path(path).resolve().as_uri()


class LspClient:
    def __init__(self, cwd: str | Path, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "apilint", "lsp", *args], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 20) -> Any:
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, "params": params})
        answer = self.wait(lambda m: m.get("id") == self._next_id and "method" not in m, timeout)
        if "error" in answer:
            raise AssertionError(answer["error"])
        return answer.get("result")

    def wait(self, accept, timeout: float = 20) -> dict[str, Any]:
        """The next message ``accept`` takes; diagnostics seen on the way are remembered; server requests
        (showDocument, ...) are answered with null."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(f"no expected message within {timeout} s; stderr: {self.stderr()}") from None
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif "method" in message and "id" in message:
                self.send({"id": message["id"], "result": None})
            if accept(message):
                return message

    def wait_diagnostics(self, document_uri: str, timeout: float = 20) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == document_uri, timeout)
        return message["params"]["diagnostics"]

    def wait_all(self, document_uris: list[str], timeout: float = 20) -> None:
        """Until each of these documents had its diagnostics published (in any order)."""
        waiting = set(document_uris)
        while waiting:
            message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] in waiting, timeout)
            waiting.discard(message["params"]["uri"])

    def initialize(self, root: str | Path, capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": uri(root),
                                             "capabilities": capabilities or {},
                                             "workspaceFolders": [{"uri": uri(root), "name": "root"}]})
        self.notify("initialized", {})
        return result

    def open(self, path: str | Path, text: str | None = None, language: str = "yaml") -> str:
        document = uri(path)
        text = Path(path).read_text() if text is None else text
        self.notify("textDocument/didOpen", {"textDocument": {"uri": document, "languageId": language,
                                                              "version": 1, "text": text}})
        return document

    def replace(self, document: str, text: str, version: int) -> None:
        """didChange with the whole new text."""
        self.notify("textDocument/didChange", {"textDocument": {"uri": document, "version": version},
                                               "contentChanges": [{"text": text}]})

    def edit(self, document: str, start: tuple[int, int], end: tuple[int, int], text: str, version: int) -> None:
        """didChange replacing one range ((line, UTF-16 character) pairs, 0-based) with ``text``, as an editor
        sends a keystroke."""
        change = {"range": {"start": {"line": start[0], "character": start[1]},
                            "end": {"line": end[0], "character": end[1]}}, "text": text}
        self.notify("textDocument/didChange", {"textDocument": {"uri": document, "version": version},
                                               "contentChanges": [change]})

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(running)"
        return self.process.stderr.read().decode(errors="replace")[-2000:]

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("shutdown", {}, timeout=5)
                self.notify("exit", {})
                self.process.wait(timeout=5)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()
