"""component-unused: Component is defined but never referenced (7.5)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import unquote

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.load.pointer import escape, split
from apilint.model.core import Api, Loc
from apilint.rules._examples import GET_ORDER, ORDER, spec
from apilint.rules._inventory import inventory

_KINDS_3 = ("schemas", "parameters", "responses", "requestBodies", "headers")


_KINDS_2 = ("definitions", "parameters", "responses")


_SPEC = spec(GET_ORDER, ORDER + "{extra}")


def _used(api: Api, root_path: str, swagger: bool) -> set[tuple[str, str]]:
    used: set[tuple[str, str]] = set()
    for file, ref in set(inventory(api).refs):
        target, _, fragment = ref.partition("#")
        if not _ and not swagger and "/" not in ref:  # discriminator mapping by bare schema name
            used.add(("schemas", ref))
            continue
        if target:
            path = os.path.normpath(os.path.join(os.path.dirname(file), unquote(target)))
            if path != root_path:
                continue
        elif file != root_path:
            continue
        try:
            tokens = split(unquote(fragment))
        except ValueError:
            continue
        if swagger and len(tokens) >= 2:
            used.add((tokens[0], tokens[1]))
        elif len(tokens) >= 3 and tokens[0] == "components":
            used.add((tokens[1], tokens[2]))
    return used


@rule(id="component-unused", title="Component is defined but never referenced", sections=("7.5",),
      reads_descriptions=False,
      severity="warning", presets=("minimal",), rationale="""
A schema, parameter, response, request body or header in `components` that nothing references is dead
weight: readers cannot tell whether it is part of the contract, generators emit models nobody uses, and
it drifts from what the service really does (anti-pattern 7.5: documentation that matches the API).""",
      fix="Delete the component, or reference it where it was meant to be used.",
      examples=[Example("openapi", bad=_SPEC.format(extra="\n    LegacyOrder: {type: object}"),
                        good=_SPEC.format(extra=""))])
def component_unused(api: Api, ctx: Context) -> Iterator[Issue]:
    doc = api.raw if isinstance(api.raw, dict) else {}
    swagger = api.spec_version.startswith("2.")
    if swagger:
        sections = {kind: doc.get(kind) for kind in _KINDS_2}
        base = ""
    else:
        components = doc.get("components") if isinstance(doc.get("components"), dict) else {}
        sections = {kind: components.get(kind) for kind in _KINDS_3}
        base = "/components"
    if not any(isinstance(v, dict) and v for v in sections.values()):
        return
    root = api.workspace.root.path
    used = _used(api, root, swagger)
    for kind, entries in sections.items():
        if not isinstance(entries, dict):
            continue
        for name in entries:
            if (kind, str(name)) not in used:
                yield Issue(Loc(api.file, f"{base}/{kind}/{escape(str(name))}"),
                            f"{kind[:-1] if kind != 'requestBodies' else 'requestBody'} '{name}' is never referenced",
                            hint="delete it or reference it")
