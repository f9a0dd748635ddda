"""RFC 6901 JSON pointers."""

from __future__ import annotations

from typing import Any


def escape(token: str | int) -> str:
    token = str(token)
    return token.replace("~", "~0").replace("/", "~1") if "~" in token or "/" in token else token


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join(["/" + escape(t) for t in tokens])


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def is_index(token: str) -> bool:
    """An array index token: ASCII digits, short enough for ``int()`` (a 5,000-digit index would raise)."""
    return token.isascii() and token.isdigit() and len(token) <= 18


_MISSING = object()


def get(document: Any, pointer: str, default: Any = _MISSING) -> Any:
    """The node at ``pointer``; ``default`` (or KeyError) when there is none."""
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and is_index(token) and int(token) < len(node):
            node = node[int(token)]
        else:
            if default is _MISSING:
                raise KeyError(pointer)
            return default
    return node
