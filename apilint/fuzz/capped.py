"""A requests session whose response bodies are read up to ``MAX_RESPONSE_BODY`` bytes (decoded).

schemathesis reads every body whole (``response.content``); a build under test that answers with an
endless or gigantic body would otherwise fill memory. Past the limit the read stops with
``BodyTooLarge``, a ``RequestException`` the runner reports like any transport failure of the case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from apilint.target import MAX_RESPONSE_BODY


class BodyTooLarge(requests.RequestException):
    pass


class _CappedBody:
    """The urllib3 response, with ``stream`` (what ``requests`` reads ``content`` through) capped."""

    def __init__(self, raw: Any, limit: int) -> None:
        self._raw = raw
        self._limit = limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def stream(self, amt: int = 65536, decode_content: bool | None = None) -> Iterator[bytes]:
        seen = 0
        for chunk in self._raw.stream(amt, decode_content=decode_content):
            seen += len(chunk)
            if seen > self._limit:
                self._raw.close()
                raise BodyTooLarge(f"the response body passed the {self._limit >> 20} MiB limit; the rest was not read")
            yield chunk


class _CappedAdapter(HTTPAdapter):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def build_response(self, req: Any, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        response.raw = _CappedBody(response.raw, self.limit)
        return response


def capped_session(limit: int = MAX_RESPONSE_BODY) -> requests.Session:
    session = requests.Session()
    adapter = _CappedAdapter(limit)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
