"""Where apilint keeps files on this machine. Below every layer, so ``load/`` and ``engine/`` share it."""

from __future__ import annotations

import os


def cache_dir() -> str:
    """``$APILINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/apilint``, else ``~/.cache/apilint``."""
    return os.environ.get("APILINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "apilint")
