"""SOURCE arguments (contract folders, recording folders, single files) -> interactions.

The loader is replay's (``apilint.replay.loading``): a contract file that is wrong stops the mock with
one line naming file and position (exit 2); a torn or malformed recording line is skipped and named.
"""

from __future__ import annotations

from apilint.errors import InputError
from apilint.replay.loading import load
from apilint.replay.model import Interaction


def load_sources(sources: list[str], skipped: list[str]) -> list[Interaction]:
    """Every interaction of every SOURCE, in order; torn recording lines go to ``skipped``."""
    found: list[Interaction] = []
    for source in sources:
        found.extend(load(source, skipped))
    if not found:
        raise InputError("no interaction to serve (every recorded line was skipped)" if skipped
                         else "no interaction to serve", ", ".join(sources))
    return found
