"""api-key-in-query: API key sent in the query string (7.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc

_KEYS = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths: {{}}
components:
  securitySchemes:
    api_key: {{type: apiKey, name: api_key, in: {where}}}
"""


@rule(id="api-key-in-query", title="API key sent in the query string", sections=("7.2",), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
Query strings end up in access logs, proxy logs, browser history and Referer headers: a key sent there
leaks to everyone who can read those (anti-pattern 7.2).""",
      fix="Send API keys in a header (`in: header`) or use OAuth2 / bearer tokens.",
      examples=[Example("openapi", bad=_KEYS.format(where="query"), good=_KEYS.format(where="header"))])
def api_key_in_query(api: Api, ctx: Context) -> Iterator[Issue]:
    base = "/securityDefinitions" if api.spec_version.startswith("2.") else "/components/securitySchemes"
    for name, scheme in api.security_schemes.items():
        if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == "query":
            from apilint.load.pointer import join

            yield Issue(Loc(api.file, join(base, name, "in")), f"security scheme '{name}' sends the API key in "
                        "the query string")
