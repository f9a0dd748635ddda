"""The one way to write a rule's bad/good example: a complete small spec built from only the part that
matters, so every example shows the same runnable header and the rule modules do not repeat it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

OPENAPI_HEAD = "openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\nservers:\n  - url: https://api.example.com\n"
PROTO_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'


def _block(key: str, text: str) -> str:
    return f"{key}:\n" + textwrap.indent(textwrap.dedent(text).strip("\n"), "  ") + "\n"


def spec(paths: str, components: str = "", *, head: str = OPENAPI_HEAD) -> str:
    """A complete small OpenAPI document from the YAML text of its `paths` (and `components`)."""
    return head + _block("paths", paths) + (_block("components", components) if components else "")


def proto(body: str, imports: Iterable[str] = ()) -> str:
    """A complete small .proto file (package shop.v1) from its declarations and the files it imports."""
    return PROTO_HEAD + "".join(f'import "{name}";\n' for name in imports) + textwrap.dedent(body).lstrip("\n")
