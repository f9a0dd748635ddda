"""Sunset dates (``x-sunset``) and stability levels (``x-stability-level``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

STABILITY = ("draft", "alpha", "beta", "stable")


def parse_sunset(value: Any) -> dt.date | None:
    """A date from ``x-sunset`` (YYYY-MM-DD, RFC 3339, or an HTTP date); None when unparsable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def stability(value: Any) -> str | None:
    """The stability level, "invalid" for an unknown value, None when absent."""
    if value is None:
        return None
    return value if isinstance(value, str) and value in STABILITY else "invalid"


def today() -> dt.date:
    return dt.date.today()
