from __future__ import annotations

import pytest

from apilint.recording.redaction import Redactor, is_secret_name, luhn_ok


@pytest.fixture
def r() -> Redactor:
    return Redactor()


@pytest.mark.parametrize(
    "number,ok",
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("5555555555554444", True),
        ("378282246310005", True),
    ],
)
def test_luhn(number, ok):
    assert luhn_ok(number) is ok


@pytest.mark.parametrize(
    "text,expected",
    [
        ("write to bob@example.org today", "write to <redacted:email> today"),
        ("card 4111-1111-1111-1111.", "card <redacted:card>."),
        ("order 4111111111111112", "order 4111111111111112"),  # not Luhn-valid: an ordinary number
        ("ssn 078-05-1120", "ssn <redacted:ssn>"),
        ("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer <redacted:token>"),
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.sig", "<redacted:jwt>"),
        ("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
        ("+1 555 0100", "+1 555 0100"),
        ("v1.2.3", "v1.2.3"),
    ],
)
def test_value_patterns(r, text, expected):
    found: list[str] = []
    assert r.text(text, "x", found) == expected
    assert found == (["x"] if expected != text else [])


def test_json_keeps_types_and_reports_locations(r):
    found: list[str] = []
    body = {
        "user": {
            "password": "pw",
            "pin": 1234,
            "email": "a@b.co",
            "age": 30,
            "active": True,
            "tokens": ["t1", "t2"],
            "cardNumber": "4111111111111111",
        },
        "card_as_number": 4111111111111111,
        "count": 12,
    }
    out = r.json(body, "request.body", found)
    assert out == {
        "user": {
            "password": "<redacted:secret>",
            "pin": 0,
            "email": "<redacted:email>",
            "age": 30,
            "active": True,
            "tokens": ["<redacted:secret>", "<redacted:secret>"],
            "cardNumber": "<redacted:card>",
        },
        "card_as_number": 0,
        "count": 12,
    }
    assert "request.body.user.password" in found and "request.body.card_as_number" in found
    assert "request.body.user.age" not in found


def test_headers_keep_scheme_and_cookie_names(r):
    found: list[str] = []
    out = r.headers(
        [
            ("authorization", "Basic dXNlcjpwYXNz"),
            ("set-cookie", "sid=abc; Path=/; HttpOnly"),
            ("x-api-key", "k"),
            ("accept", "application/json"),
            ("x-user", "eve@example.com"),
        ],
        "h",
        found,
    )
    assert out == [
        ["authorization", "Basic <redacted:token>"],
        ["set-cookie", "sid=<redacted:secret>; Path=/; HttpOnly"],
        ["x-api-key", "<redacted:secret>"],
        ["accept", "application/json"],
        ["x-user", "<redacted:email>"],
    ]
    assert found == ["h.authorization", "h.set-cookie", "h.x-api-key", "h.x-user"]


@pytest.mark.parametrize(
    "name,secret",
    [
        ("api_key", True),
        ("X-Auth-Token", True),
        ("client_secret", True),
        ("ssn", True),
        ("author_id", False),
        ("classname", False),
        ("page_size", False),
        ("keyword", False),
        ("next_page_token", False),
        ("pageToken", False),
        ("cursor", False),
        ("refresh_token", True),
        ("id_token", True),
        ("client_key", True),
        ("X-Authentication", True),
    ],
)
def test_secret_names(name, secret):
    assert is_secret_name(name) is secret


def test_a_jwt_used_as_a_cursor_is_still_redacted(r):
    found: list[str] = []
    out = r.json({"next_page_token": "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.sig", "cursor": "c-1"}, "b", found)
    assert out == {"next_page_token": "<redacted:jwt>", "cursor": "c-1"}
