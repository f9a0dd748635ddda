"""Bundle a multi-file spec into one document: external ``$ref`` targets are copied once under
``x-apilint-bundled`` and the refs rewritten to point there, so cycles stay cycles and nothing is
inlined twice. Refs that cannot be followed safely are left as they are (see Workspace)."""

from __future__ import annotations

from typing import Any

from apilint.load.limits import MAX_INLINE_DEPTH
from apilint.load.pointer import escape
from apilint.load.problem import LoadProblem
from apilint.load.source import SourceFile
from apilint.load.workspace import Workspace

BUNDLE_KEY = "x-apilint-bundled"


def bundle_spec(path: str, *, allow_remote: bool = False, allow_outside: bool = False) -> dict[str, Any]:
    """The spec at ``path`` as one self-contained document (raises InputError on bad input)."""
    return bundle(Workspace(path, allow_remote=allow_remote, allow_outside=allow_outside))


def bundle(workspace: Workspace) -> dict[str, Any]:
    root = workspace.root
    names: dict[tuple[str, str], str] = {}
    hoisted: dict[str, Any] = {}

    def copy(value: Any, source: SourceFile, pointer: str) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                return {**{k: copy(v, source, f"{pointer}/{escape(k)}") for k, v in value.items()
                           if k != "$ref"}, "$ref": rewrite(ref, source, pointer)}
            return {k: copy(v, source, f"{pointer}/{escape(k)}") for k, v in value.items()}
        if isinstance(value, list):
            return [copy(v, source, f"{pointer}/{i}") for i, v in enumerate(value)]
        return value

    def rewrite(ref: str, source: SourceFile, pointer: str) -> str:
        if source is root and ref.startswith("#"):
            return ref
        target = workspace.resolve_ref(ref, source, pointer)
        if target is None:
            return ref
        if target.source is root:
            return "#" + target.pointer
        key = (target.source.path, target.pointer)
        if key not in names:
            names[key] = name = str(len(names))
            hoisted[name] = None  # reserve before recursing: a cycle finds the name already there
            hoisted[name] = copy(target.value, target.source, target.pointer)
        return f"#/{BUNDLE_KEY}/{names[key]}"

    document = copy(root.data, root, "")
    if hoisted and isinstance(document, dict):
        document[BUNDLE_KEY] = hoisted
    return document


def inline_external(workspace: Workspace) -> tuple[Any, dict[str, tuple[str, str]]]:
    """The root document with every ref into *another file* replaced by its target (refs inside the
    root file are kept: OpenAPI allows them where they stand). Returns the document and, for each
    pointer where a file's content was inlined, (file as shown, pointer in that file), so that a
    problem found in the inlined view is reported where it is defined. Cycles keep their $ref.

    Bounded: a chain of refs is followed in a loop, and a ref met deeper than MAX_INLINE_DEPTH levels
    is kept as written (with a ref-unresolved problem), so files nested through each other cannot
    build an arbitrarily deep document."""
    root = workspace.root
    origins: dict[str, tuple[str, str]] = {}
    stack: set[tuple[str, str]] = set()
    written = workspace.originals  # what the model normalised: validate what the author wrote
    texts: dict[tuple[Any, str | int], str] = {}

    def follow(value: dict[str, Any], source: SourceFile, at: Pointer, out: Pointer, depth: int) -> Any:
        """Inline the external chain starting at ``value``; None when it is to stay a ref."""
        ref = value.get("$ref")
        if not isinstance(ref, str) or (source is root and ref.startswith("#")):  # most nodes: no chain
            return members(value, source, at, out, depth)
        entered: list[tuple[str, str]] = []
        try:
            while True:
                ref = value.get("$ref")
                if not isinstance(ref, str) or (source is root and ref.startswith("#")):
                    break
                at = _text(at, texts)
                target = workspace.resolve_ref(ref, source, at)
                key = (target.source.path, target.pointer) if target else None
                if target is None or key in stack:
                    break
                if depth > MAX_INLINE_DEPTH:
                    workspace.problem(LoadProblem(
                        "ref-unresolved", f"$ref '{ref}' is nested more than {MAX_INLINE_DEPTH} levels deep "
                        "through other files; not followed further", source.display, at + "/$ref"))
                    break
                if target.source is root and target.pointer.startswith("/"):
                    return {"$ref": "#" + target.pointer}
                out = _text(out, texts)
                origins[out] = (target.source.display, target.pointer)
                stack.add(key)
                entered.append(key)
                value, source, at = target.value, target.source, target.pointer
                if written:
                    value = written.get((source.path, at), value)
                if not isinstance(value, dict):
                    return copy(value, source, at, out, depth)
            return members(value, source, at, out, depth)
        finally:
            stack.difference_update(entered)

    def members(value: dict[str, Any], source: SourceFile, at: Pointer, out: Pointer, depth: int) -> dict[str, Any]:
        return {k: copy(v, source, (at, k), (out, k), depth + 1) if isinstance(v, (dict, list)) or written else v
                for k, v in value.items()}

    def copy(value: Any, source: SourceFile, at: Pointer, out: Pointer, depth: int) -> Any:
        if written:
            at = _text(at, texts)
            value = written.get((source.path, at), value)
        if isinstance(value, dict):
            return follow(value, source, at, out, depth)
        if isinstance(value, list):
            return [copy(v, source, (at, i), (out, i), depth + 1) if isinstance(v, (dict, list)) or written else v
                    for i, v in enumerate(value)]
        return value

    try:
        if len(workspace.files) == 1 and not written and not _has_external_ref(root.text):
            return root.data, origins
        return copy(root.data, root, "", "", 0), origins
    finally:
        follow = members = copy = None  # type: ignore[assignment]  # closures calling each other: a cycle


# A JSON pointer built only when needed: a string, or (parent, token) for one level below the parent.
# Inlining a 2,850-file spec visits ~400k nodes, and the pointers of nearly all of them are never read.
Pointer = str | tuple[Any, str | int]


def _text(pointer: Pointer, known: dict[tuple[Any, str | int], str]) -> str:
    """The pointer as a string; ``known`` keeps those built, so that siblings share their parent's."""
    if isinstance(pointer, str):
        return pointer
    found = known.get(pointer)
    if found is not None:
        return found
    pending = []
    while not isinstance(pointer, str) and pointer not in known:
        pending.append(pointer)
        pointer = pointer[0]
    text = pointer if isinstance(pointer, str) else known[pointer]
    for link in reversed(pending):
        text = known[link] = text + "/" + escape(link[1])
    return text


def _has_external_ref(text: str) -> bool:
    import re

    return re.search(r"""\$ref["']?\s*:\s*["']?[^#"'\s]""", text) is not None


def origin_of(pointer: str, origins: dict[str, tuple[str, str]], root_display: str) -> tuple[str, str]:
    """Map a pointer of the inlined view back to (file, pointer) where that node is written."""
    probe = pointer
    while True:
        if probe in origins:
            file, base = origins[probe]
            return file, base + pointer[len(probe):]
        if not probe:
            return root_display, pointer
        probe = probe.rsplit("/", 1)[0]
