"""Result cache keyed by content: the findings of a spec are reused while neither the spec, nor any
file it references (or referenced but could not read), nor the configuration or apilint's version
has changed.

Entries live in ``$APILINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/apilint``, else ``~/.cache/apilint``.
File names shown in findings depend on the current folder (``shown_path``), so an entry is keyed by the
spec's absolute path *and* the current folder. An entry that cannot be read or does not have the expected
shape is a miss: it is recomputed and overwritten, never an error.
"""

from __future__ import annotations

import contextlib
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


_LAYOUT = "shown-path"  # findings name files by ``shown_path``: entries written before hold ``../`` spellings


def _entry_path(target: str, settings: str) -> str:
    key = hashlib.blake2b(f"{__version__}\x00{_LAYOUT}\x00{os.path.abspath(target)}\x00{os.getcwd()}\x00{settings}"
                          .encode(), digest_size=16).hexdigest()
    return os.path.join(cache_dir(), key + ".json")


def lookup(target: str, settings: str) -> dict[str, Any] | None:
    """The stored result, or None when there is none, a file it depends on changed, or the entry is
    damaged (the caller checks the result's own shape)."""
    try:
        with open(_entry_path(target, settings), encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        return None
    for path, digest in entry["files"].items():
        if not isinstance(digest, str | None) or _digest(path) != digest:
            return None
    result = entry.get("result")
    return result if isinstance(result, dict) else None


def store(target: str, settings: str, files: list[str], result: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written is silently skipped. ``files`` are the absolute
    paths the result depends on; one that does not exist is recorded as missing, so creating it
    invalidates the entry."""
    entry = {"files": {path: _digest(path) for path in files}, "result": result}
    tmp = None
    try:
        directory = cache_dir()
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle)
        os.replace(tmp, _entry_path(target, settings))
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.remove(tmp)
