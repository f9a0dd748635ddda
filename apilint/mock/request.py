"""One request as the mock sees it: parsed lazily, because most routes look at the path only."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson

NOT_JSON = object()  # what ``json`` is when the body does not parse


class Request:
    __slots__ = ("_json", "_query", "body", "headers", "method", "path", "raw_query", "segments")

    def __init__(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        self.method = method
        self.path, _, self.raw_query = target.partition("?")
        self.path = self.path.partition("#")[0]
        self.segments = self.path.split("/")
        self.headers = headers  # lower-case names, last value wins
        self.body = body
        self._query: dict[str, list[str]] | None = None
        self._json: Any = None

    @property
    def query(self) -> dict[str, list[str]]:
        if self._query is None:
            self._query = {}
            for name, value in parse_qsl(self.raw_query, keep_blank_values=True):
                self._query.setdefault(name, []).append(value)
        return self._query

    @property
    def json(self) -> Any:
        """The body parsed as JSON, ``None`` when empty, ``NOT_JSON`` when it does not parse."""
        if self._json is None and self.body:
            try:
                self._json = orjson.loads(self.body)
            except orjson.JSONDecodeError:
                self._json = NOT_JSON
        return self._json

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "query": self.raw_query}
