"""server-not-https: Server URL uses plain http (7.2, 7.7)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc

_LOCAL = ("localhost", "127.0.0.1", "[::1]", "0.0.0.0", "{")


_SERVERS = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
servers:
  - url: {url}
paths: {{}}
"""


@rule(id="server-not-https", title="Server URL uses plain http", sections=("7.2", "7.7"), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
Over plain HTTP, credentials, tokens and personal data in requests and responses can be read and
changed by anyone on the path, and shared caches may store them (anti-patterns 7.2 and 7.7).
Local development URLs (localhost) are not flagged.""",
      fix="Serve the API over https:// only.",
      examples=[Example("openapi", bad=_SERVERS.format(url="http://api.example.com/v1"),
                        good=_SERVERS.format(url="https://api.example.com/v1"))])
def server_not_https(api: Api, ctx: Context) -> Iterator[Issue]:
    if api.spec_version.startswith("2."):
        schemes = api.raw.get("schemes") or []
        host = str(api.raw.get("host", ""))
        if "http" in schemes and not host.startswith(_LOCAL):
            yield Issue(Loc(api.file, "/schemes"), "the API is served over plain http")
        return
    for index, server in enumerate(api.raw.get("servers") or []):
        url = server.get("url") if isinstance(server, dict) else None
        if isinstance(url, str) and url.startswith("http://") and not url[7:].startswith(_LOCAL):
            yield Issue(Loc(api.file, f"/servers/{index}/url"), f"server {url} uses plain http")
