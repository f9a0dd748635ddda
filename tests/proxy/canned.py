"""Canned answers for the proxy tests' second service (``canned_upstream.py``), shared with the tests.

``RESPONSES[path] = (status, headers, body)``: the service answers any method on ``path`` with it,
after reading the request body. Every value in ``PLANTED`` is a secret or PII that must never reach
a file the proxy writes; the requests that carry them are in ``tests/proxy/test_proxy_secrets.py``.
"""

from __future__ import annotations

import json

PLANTED = {
    "text_plain_json": "PW-textplain-7Qx",
    "no_type_json": "PW-notype-8Rk",
    "broken_json": "PW-broken-9Zt",
    "multipart_field": "PW-multipart-4Hv",
    "multipart_file": "FILE-SECRET-5Jw",
    "xml": "PW-xml-6Lp",
    "location_token": "AT-location-2Mn",
    "location_code": "CODE-location-3Bq",
    "referer_token": "REF-token-4Cs",
    "link_key": "LINK-apikey-5Dt",
    "content_location_session": "CL-session-6Eu",
    "path_email": "bob.path@example.com",
    "key_email": "carol.key@example.org",
    "float_card": "4111111111111111",
    "query_session": "SESS-query-7Fv",
    "query_code": "OAUTHCODE-8Qq",  # an OAuth callback's ?code=
    "x_authentication": "XAUTH-8Gw",
    "x_refresh": "XREF-9Hx",
    "client_key": "CK-client-1Iy",
    "aws_key": "AKIAIOSFODNN7EXAMPLE",
    "token_in_string": "TOKSTR-2Jz",
    "resp_password": "PW-response-3Ka",
    "resp_xml": "PW-respxml-4Lb",
    "resp_email_key": "dave.key@example.net",
    "resp_aws": "AKIAJ7EXAMPLEKEY2AB3",
}
P = PLANTED

JSON_WITH_EVERYTHING = json.dumps(
    {
        "client_key": P["client_key"],
        "note": f"key {P['aws_key']} and callback token={P['token_in_string']} done",
        "owners": {P["key_email"]: 1},
    }
).replace('"owners"', f'"card": {P["float_card"]}.0, "owners"')

RESPONSES: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {
    "/planted/redirect": (
        302,
        [
            ("location", f"https://app.example/cb?access_token={P['location_token']}&code={P['location_code']}"),
            ("link", f'<https://api.example/items?api_key={P["link_key"]}&page=2>; rel="next"'),
            ("content-location", f"/items?session={P['content_location_session']}"),
        ],
        b"",
    ),
    "/planted/json-as-text": (
        200,
        [("content-type", "text/plain")],
        json.dumps({"password": P["resp_password"], "owners": {P["resp_email_key"]: 2}}).encode(),
    ),
    "/planted/xml": (
        200,
        [("content-type", "application/xml")],
        f'<login><user a="1">x</user><password>{P["resp_xml"]}</password><n>{P["resp_aws"]}</n></login>'.encode(),
    ),
    "/planted/page": (
        200,
        [("content-type", "application/json")],
        json.dumps({"items": [], "next_page_token": "cursor-page-2Xy", "access_token": "AT-page-3Zz"}).encode(),
    ),
}


def gzip_bomb(decoded_mb: int) -> bytes:
    """A valid multi-member gzip body that inflates to ``decoded_mb`` MiB of zeros (~1 KB per MiB)."""
    import gzip

    member = gzip.compress(b"\0" * (16 << 20), compresslevel=9)
    return member * (decoded_mb // 16)


def brotli_bomb(decoded_mb: int) -> bytes:
    """A brotli body of a few hundred bytes that inflates to ``decoded_mb`` MiB of zeros."""
    import brotli

    compressor, zeros = brotli.Compressor(quality=5), b"\0" * (1 << 20)
    return b"".join([*(compressor.process(zeros) for _ in range(decoded_mb)), compressor.finish()])


BOMB_MB = 1024
DYNAMIC = {  # path -> (status, headers, a function making the body), made on the first request
    "/bomb/br": (200, [("content-type", "application/json"), ("content-encoding", "br")], lambda: brotli_bomb(BOMB_MB)),
}
