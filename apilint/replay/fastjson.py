"""JSON parsing on the replay hot path: orjson when installed (3-5x faster), else the standard library."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import orjson

    loads: Callable[[bytes | str], Any] = orjson.loads
    DecodeError: type[Exception] = orjson.JSONDecodeError
except ImportError:  # pragma: no cover - orjson is a core dependency; keep working without it
    import json

    loads = json.loads
    DecodeError = ValueError
