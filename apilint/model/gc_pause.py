"""Loading builds hundreds of thousands of long-lived objects; the cyclic garbage collector would rescan
them again and again while they are built (a third of the time on large specs)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector while one spec (or one pair, for a diff) is loaded; re-enabled afterwards, it
    collects that load's cycles (``-j`` workers lint many)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
