"""The major version an OpenAPI operation's clients see: its path's ``/vN`` segment, else the ``/vN`` of its
server URLs (operation, path item, then document ``servers``; Swagger 2.0 ``basePath``). The comparer asks
for the ``Visible`` of each compared pair, each removal and the document (``apilint.diff.versions``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from apilint.diff.openapi.doc import Doc
from apilint.diff.openapi.operation import Operation, mapping
from apilint.diff.versions import Visible, segment


@dataclass(frozen=True)
class _Seen:
    where: str  # "path" or "server URL"
    family: str  # the path before its /vN segment ("/api"); "" for server URLs
    majors: frozenset[int]


class ClientVersions:
    def __init__(self, old: Doc, new: Doc, old_ops: dict[str, Operation], new_ops: dict[str, Operation]) -> None:
        old_root, new_root = mapping(old.root.value), mapping(new.root.value)
        self._old = {op.key: _seen(old_root, op) for op in old_ops.values()}
        self._new = {op.key: _seen(new_root, op) for op in new_ops.values()}
        self._families: dict[tuple[str, str], set[_Seen]] = {}  # what the new version serves, per family
        for seen in self._new.values():
            if seen is not None:
                self._families.setdefault((seen.where, seen.family), set()).add(seen)

    def pair(self, old: Operation, new: Operation) -> Visible:
        """An operation compared with its counterpart (the same path, or the one under a higher /vN)."""
        a, b = self._old.get(old.key), self._new.get(new.key)
        where = (a or b).where if a or b else "path"
        return _visible(where, [a] if a else [], [b] if b else [])

    def removed(self, op: Operation) -> Visible:
        """An operation gone from the new version: a major bump only if its whole version went with it, for
        a higher one (``/v1`` removed, ``/v2`` served; not while any of ``/v1`` is still served)."""
        a = self._old.get(op.key)
        if a is None:
            return _visible("path", [], [])
        return _visible(a.where, [a], list(self._families.get((a.where, a.family), ())), whole=True)

    def document(self) -> Visible:
        """The whole API: every version either side serves (changes to no operation, and the result)."""
        olds = list({s for s in self._old.values() if s is not None})
        news = [s for family in self._families.values() for s in family]
        where = "path" if any(s.where == "path" for s in (*olds, *news)) else "server URL"
        return _visible(where, olds, news)


def _visible(where: str, old: list[_Seen], new: list[_Seen], whole: bool = False) -> Visible:
    return Visible(where, _majors(old), _majors(new), _names(old), _names(new), whole)


def _majors(seen: list[_Seen]) -> frozenset[int]:
    return frozenset(m for s in seen for m in s.majors)


def _names(seen: list[_Seen]) -> str:
    return ", ".join(sorted({f"{s.family}/v{m}" for s in seen for m in s.majors}))


def _seen(root: dict[str, Any], op: Operation) -> _Seen | None:
    found = segment(op.path)
    if found:
        return _Seen("path", op.path[:found.start()], frozenset({int(found.group(1))}))
    majors = frozenset(int(m.group(1)) for url in _server_paths(root, op) if (m := segment(url)))
    return _Seen("server URL", "", majors) if majors else None


def _server_paths(root: dict[str, Any], op: Operation) -> list[str]:
    """The URL paths of the servers the operation is called on (variables at their defaults)."""
    if "swagger" in root:
        base = root.get("basePath")
        return [base] if isinstance(base, str) else []
    for holder in (op.raw, mapping(op.path_node.value), root):
        servers = holder.get("servers")
        if isinstance(servers, list) and servers:
            return [_url_path(s) for s in servers if isinstance(s, dict) and isinstance(s.get("url"), str)]
    return []


def _url_path(server: dict[str, Any]) -> str:
    url = server["url"]
    for name, variable in mapping(server.get("variables")).items():
        default = mapping(variable).get("default")
        if default is not None:
            url = url.replace("{" + str(name) + "}", str(default))
    return urlsplit(url).path if "://" in url else url
