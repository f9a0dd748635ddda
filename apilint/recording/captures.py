"""The capture syntax of contracts: ``captures`` name a value of a response, ``{{var:NAME}}`` sends it.

::

    captures: {order_id: response.body.order.id}      # or response.headers.<name>
    request: {path: /v1/orders/{{var:order_id}}}

``contract/`` writes it (``capture_expression``, ``variable``); ``replay/`` reads it
(``capture_location``, ``VAR``). A location is a tuple: ``("body", "order", "id")``,
``("body", "items", 0, "id")`` or ``("headers", "x-request-id")``.
"""

from __future__ import annotations

import re
from typing import Any

Location = tuple[Any, ...]

VAR = re.compile(r"\{\{var:([A-Za-z0-9_.-]+)\}\}")
VAR_START = "{{var:"  # a cheap test before the regex


def variable(name: str) -> str:
    """``order_id`` -> ``{{var:order_id}}``."""
    return "{{var:%s}}" % name


def capture_expression(at: Location) -> str:
    """``("body", "order", "id")`` -> ``response.body.order.id``."""
    return "response." + ".".join(str(part) for part in at)


def capture_location(expr: str) -> Location:
    """``response.body.items.0.id`` -> ``("body", "items", 0, "id")``; ValueError when not a capture."""
    parts = expr.split(".")
    if len(parts) >= 3 and parts[0] == "response" and parts[1] == "headers":
        return ("headers", ".".join(parts[2:]).lower())
    if len(parts) >= 2 and parts[0] == "response" and parts[1] == "body":
        return ("body", *(int(p) if p.isdigit() else p for p in parts[2:]))
    raise ValueError(f"capture {expr!r} is not response.body.<path> or response.headers.<name>")
