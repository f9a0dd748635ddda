"""Plain-text phrases of an item that several formats show alike (text, markdown, junit)."""

from __future__ import annotations

from apilint.report.model import Item


def sort_key(item: Item) -> tuple[str, int, int, str]:
    loc = item.location
    return (loc.file, loc.line, loc.column, item.kind) if loc else ("", 0, 0, item.kind)


def difference(item: Item) -> str:
    """A difference a case found, as one line (text, markdown and junit show it alike)."""
    return f"{item.where}: {item.message} [{item.kind}]{item.detail}"


def position(item: Item) -> str:
    loc = item.location
    if loc is None or not loc.file:
        return ""
    return f"{loc.file}:{loc.line}:{loc.column}" if loc.line else loc.file
