"""Result cache keyed by content: the findings of a spec are reused while neither the spec, nor any
file it references, nor the configuration or apilint's version has changed."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any

from apilint import __version__
from apilint.dirs import cache_dir


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=20).hexdigest()
    except OSError:
        return None


def _entry_path(target: str, settings: str) -> str:
    key = hashlib.blake2b(f"{__version__}\x00{os.path.abspath(target)}\x00{settings}".encode(),
                          digest_size=16).hexdigest()
    return os.path.join(cache_dir(), key + ".json")


def lookup(target: str, settings: str) -> dict[str, Any] | None:
    try:
        with open(_entry_path(target, settings), encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    for path, digest in entry.get("files", {}).items():
        if _digest(path) != digest:
            return None
    return entry.get("result")


def store(target: str, settings: str, files: list[str], result: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written is silently skipped."""
    try:
        directory = cache_dir()
        os.makedirs(directory, exist_ok=True)
        entry = {"files": {path: _digest(path) for path in files}, "result": result}
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle)
        os.replace(tmp, _entry_path(target, settings))
    except OSError:
        pass
