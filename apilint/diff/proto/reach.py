"""Which RPCs a message or enum reaches: a change inside a message used by several RPCs is reported once (the
comparer walks each message once) and names the RPCs whose request or response contains it."""

from __future__ import annotations

from collections import defaultdict

from apilint.diff.change import Change
from apilint.diff.proto.tree import Tree


def rpcs_reaching(tree: Tree) -> dict[str, list[str]]:
    """Message or enum name -> the RPCs (``pkg.Service.Method``) whose request or response holds it, at any
    depth of fields."""
    uses = {name: {f.type_name.lstrip(".") for f in message.proto.field if f.type_name}
            for name, message in tree.messages.items()}
    reached: dict[str, list[str]] = defaultdict(list)
    for service in tree.services.values():
        for method in service.proto.method:
            seen: set[str] = set()
            stack = [method.input_type.lstrip("."), method.output_type.lstrip(".")]
            while stack:
                name = stack.pop()
                if name not in seen:
                    seen.add(name)
                    stack.extend(uses.get(name, ()))
            for name in seen:
                reached[name].append(f"{service.name}.{method.name}")
    return reached


def mark_shared(changes: list[Change], tree: Tree) -> None:
    """Give each change inside a message or enum that several RPCs of ``tree`` (the old version: the clients
    a change can break) reach the list of those RPCs."""
    reached = rpcs_reaching(tree)
    for change in changes:
        parts = (change.element or "").split(".")
        owner = next((".".join(parts[:end]) for end in range(len(parts), 0, -1) if ".".join(parts[:end]) in reached),
                     None)
        if owner is not None and len(reached[owner]) > 1:
            change.extra["affected_operations"] = list(reached[owner])
