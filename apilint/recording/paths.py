"""Matching concrete request paths against OpenAPI path templates (``/v1/orders/{order_id}``).

A parameter matches one non-empty path segment (or part of one: ``/files/{name}.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAM = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True, slots=True)
class PathTemplate:
    template: str
    regex: re.Pattern[str]
    names: tuple[str, ...]  # parameter names, in order
    literal_length: int  # characters outside parameters: more is more specific

    def match(self, path: str) -> dict[str, str] | None:
        """Parameter name -> value when ``path`` matches, else None."""
        found = self.regex.match(path)
        return dict(zip(self.names, found.groups(), strict=True)) if found else None


def compile_template(template: str, trailing_slash: bool = False) -> PathTemplate:
    """``trailing_slash``: also match the path with one ``/`` appended."""
    parts = PARAM.split(template)
    names = tuple(name[1:-1] for name in PARAM.findall(template))
    regex = "".join(re.escape(p) + ("([^/]+)" if i < len(names) else "") for i, p in enumerate(parts))
    return PathTemplate(template, re.compile(f"^{regex}{'/?' if trailing_slash else ''}$"), names,
                        len("".join(parts)))
