"""Secrets and PII out of recordings, before anything reaches disk: names, values, URLs, headers.

Every recorder (the proxy, and later the mock's ``--record-to``, gRPC records, HAR/Pact import)
goes through this module and ``apilint.recording.redact_body``: one pipeline. Redaction keeps the
*shape* of a value so contracts built from the recording stay useful: a string becomes a marker
string (``<redacted:email>``), a number stays a number (0), an ``Authorization`` header keeps its
scheme (``Bearer <redacted:token>``), a cookie keeps its names. It follows the content: strings are
matched percent-decoded too, keys as well as values, numbers as digits, URLs in headers by their
parts, ``name=value`` pairs inside any string by the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Header names whose value is always a credential.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-refresh-token",
        "x-refresh",
        "x-authentication",
        "x-csrf-token",
        "x-xsrf-token",
        "x-amz-security-token",
        "x-goog-api-key",
        "x-session-token",
        "x-session",
        "x-client-secret",
    }
)
# Headers whose value is a URL (or, for Link, URLs in <...>): redacted by their parts.
URL_HEADERS = frozenset({"location", "content-location", "referer", "link", "origin", "refresh"})
# Field / parameter names (lower-case, without '-', '_' and '.') that hold secrets or PII ...
SECRET_NAMES_EXACT = frozenset(
    {
        "ssn",
        "cvv",
        "cvc",
        "cvv2",
        "pin",
        "auth",
        "key",
        "sig",
        "pwd",
        "pass",
        "otp",
        "iban",
        "pan",
        "card",
        "session",
        "sid",
        "socialsecuritynumber",
        "taxid",
        "dob",
        "dateofbirth",
        "passport",
        "passportnumber",
        "accountnumber",
        "routingnumber",
        "xrefresh",
        "xauthentication",
    }
)
# ... and substrings that mark one ...
SECRET_NAMES_PART = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "clientkey",
    "privatekey",
    "secretkey",
    "signingkey",
    "sessionkey",
    "credential",
    "signature",
    "sessionid",
    "cardnumber",
    "creditcard",
    "authorization",
)
# ... except opaque paging cursors: recorded so that paging can be linked and replayed (their values
# still go through the value patterns: a JWT used as a cursor is redacted all the same).
CURSOR_NAMES_PART = ("pagetoken", "cursor", "continuationtoken", "nexttoken", "prevtoken", "previoustoken")
# Query parameters that are secrets in URLs only (OAuth's authorization code), not as JSON fields.
URL_SECRET_PARAMS = frozenset({"code"})

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_JWT = r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"
_BEARER = r"(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"
_AWS_KEY = r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])"
_SSN = r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"
_CARD = r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])"
VALUE_PATTERN = re.compile(
    f"(?P<token>{_BEARER})|(?P<jwt>{_JWT})|(?P<aws_key>{_AWS_KEY})|(?P<email>{_EMAIL})|(?P<ssn>{_SSN})|(?P<card>{_CARD})"
)
# ``name=value`` / ``"name": "value"`` inside any string (a URL, a log line, a broken JSON body): the
# value goes when the name is a secret one. A quoted value is taken whole, an unquoted one up to a
# separator.
NAME_VALUE = re.compile(
    r"""(?P<name>[A-Za-z_][\w.-]{0,63})["']?(?P<sep>\s*[=:]\s*)(?!(?i:bearer|basic)\s)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s&"',;<>()\[\]{}]+))"""
)
# Cheap pre-checks: most strings contain none of these characters and skip the big regexes; a
# ``name=value`` pair is looked for only when a secret name's root appears in the string.
_MAYBE = re.compile(r"[@.\-\d=:%]|(?i:bearer|basic)")  # an AWS key id has digits
NAME_ROOTS = (
    "pass", "pwd", "secret", "token", "key", "auth", "sess", "sig", "cred", "pin", "otp", "ssn", "cvv", "cvc",
    "card", "iban", "pan", "dob", "birth", "social", "tax", "passport", "account", "routing", "sid", "refresh",
)
_FLAT = str.maketrans("", "", "-_.")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_SECRET_PART = re.compile("|".join(re.escape(part) for part in SECRET_NAMES_PART))
_CURSOR_PART = re.compile("|".join(re.escape(part) for part in CURSOR_NAMES_PART))


def flat_name(name: str) -> str:
    return name.lower().translate(_FLAT)


def is_secret_name(name: str) -> bool:
    flat = flat_name(name)
    if flat in SECRET_NAMES_EXACT:
        return True
    return _SECRET_PART.search(flat) is not None and _CURSOR_PART.search(flat) is None


def _card_number(number: int | float) -> bool:
    """A JSON number whose digits are a card number (``4111111111111111`` or ``4111111111111111.0``)."""
    if -1e12 < number < 1e12:
        return False
    if isinstance(number, float):
        if not number.is_integer() or abs(number) >= 1e20:
            return False
        number = int(number)
    digits = str(abs(number))
    return 13 <= len(digits) <= 19 and luhn_ok(digits)


def _value_marker(match: re.Match[str], hits: list[str]) -> str:
    """What a value pattern's match becomes (a card number only when its digits pass Luhn)."""
    kind = match.lastgroup or "secret"
    if kind == "card":
        digits = re.sub(r"[ -]", "", match.group(0))
        if not luhn_ok(digits):
            return match.group(0)
    hits.append(kind)
    if kind == "token":
        return match.group(0).split(None, 1)[0] + " <redacted:token>"
    return f"<redacted:{kind}>"


@dataclass
class RedactionConfig:
    """What to redact. Every default is on; turn a part off only for data known to be synthetic."""

    headers: frozenset[str] = SECRET_HEADERS
    extra_names: frozenset[str] = frozenset()  # more secret field/parameter names (exact, flattened)
    extra_headers: frozenset[str] = frozenset()  # more credential headers (lower-case)
    by_name: bool = True
    by_value: bool = True

    def name_roots(self) -> re.Pattern[str]:
        """What a string must contain (case-insensitively) to hold a secret ``name=value`` pair."""
        roots = [*NAME_ROOTS, *self.extra_names, *self.extra_headers]
        return re.compile("|".join(re.escape(r) for r in sorted(set(roots), key=len, reverse=True)), re.I)


def config_for(fields: list[str]) -> RedactionConfig:
    """Defaults plus the user's extra names (``--redact NAME``): each one counts as a secret
    field, query parameter, form field and header name."""
    names = [f.strip() for f in fields if f.strip()]
    flat = frozenset(flat_name(n) for n in names)
    return RedactionConfig(extra_names=flat, extra_headers=frozenset(n.lower() for n in names))


NAME_CACHE = 4096  # field / header names whose verdict a Redactor remembers (names, never values)
SECRET = "<redacted:secret>"


@dataclass
class Redactor:
    config: RedactionConfig = field(default_factory=RedactionConfig)
    _names: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _clean_keys: set[str] = field(default_factory=set, init=False, repr=False, compare=False)
    _roots: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._roots = self.config.name_roots()

    def secret_name(self, name: str) -> bool:
        """Whether a field, parameter or header *name* marks a secret. An API uses the same few names
        in every exchange, so the verdict is remembered per name (a bounded table; values are never
        kept)."""
        verdict = self._names.get(name)
        if verdict is None:
            if not self.config.by_name:
                return False
            verdict = is_secret_name(name) or flat_name(name) in self.config.extra_names
            if len(self._names) >= NAME_CACHE:
                self._names.clear()
            self._names[name] = verdict
        return verdict

    # -- scalar values -------------------------------------------------------------------------
    def text(self, value: str, where: str, found: list[str]) -> str:
        """Replace PII/secret patterns and secret ``name=value`` pairs inside a string, matched on the
        percent-decoded text too; record ``where`` once if anything changed."""
        if not self.config.by_value or not _MAYBE.search(value):
            return value
        hits: list[str] = []
        out = self._patterns(value, hits)
        if "%" in out:
            decoded = unquote(out)
            if decoded != out:
                redone = self._patterns(decoded, hits)
                if redone != decoded:  # a secret hid behind percent-encoding: keep the decoded form
                    out = redone
        if hits:
            found.append(where)
        return out

    def _patterns(self, value: str, hits: list[str]) -> str:
        out = value
        if VALUE_PATTERN.search(value):  # rare: scan twice then, instead of a callback for every string
            out = VALUE_PATTERN.sub(lambda match: _value_marker(match, hits), value)
        maybe_pair = "=" in out or ": " in out or '":' in out or "':" in out  # not a bare 10:00:00
        if maybe_pair and self.config.by_name and self._roots.search(out):  # type: ignore[union-attr]
            out = NAME_VALUE.sub(lambda m: self._pair(m, hits), out)
        return out

    def _pair(self, match: re.Match[str], hits: list[str]) -> str:
        value = match.group("dq") if match.group("dq") is not None else match.group("sq")
        if value is None:
            value = match.group("bare")
        if not self.secret_name(match.group("name")) or value.startswith("<redacted:"):
            return match.group(0)
        hits.append("name")
        start, end = match.span(match.lastgroup)
        base = match.start()
        return match.group(0)[: start - base] + SECRET + match.group(0)[end - base :]

    def secret_value(self, value: Any, where: str, found: list[str]) -> Any:
        """A value under a secret name: every leaf goes, the type stays."""
        if isinstance(value, dict):
            return {self.key(k, where, found): self.secret_value(v, f"{where}.*", found) for k, v in value.items()}
        if isinstance(value, list):
            return [self.secret_value(v, f"{where}.{i}", found) for i, v in enumerate(value)]
        if value is None or isinstance(value, bool):
            return value
        found.append(where)
        if isinstance(value, int | float):
            return 0
        match = VALUE_PATTERN.fullmatch(str(value).strip())
        if match and match.lastgroup in ("email", "card", "ssn", "jwt"):
            return f"<redacted:{match.lastgroup}>"  # keeps the format for contracts (e.g. {{email}})
        return SECRET

    def key(self, key: Any, where: str, found: list[str]) -> str:
        """A JSON key, itself pattern-checked (an e-mail used as a key goes). An API uses the same
        keys in every exchange: keys found clean are remembered (a bounded set; never a redacted one)."""
        if key in self._clean_keys:
            return key
        text = str(key)
        checked = self.text(text, f"{where}.<key>", found)
        if checked == text and type(key) is str:
            if len(self._clean_keys) >= NAME_CACHE:
                self._clean_keys.clear()
            self._clean_keys.add(key)
        return checked

    # -- structures ----------------------------------------------------------------------------
    def json(self, value: Any, where: str, found: list[str]) -> Any:
        if isinstance(value, str):
            return self.text(value, where, found)
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            clean = self._clean_keys
            for key, item in value.items():
                name = key if key in clean else self.key(key, where, found)
                if name is not key and name in out:  # two keys redacted to the same marker stay two keys
                    name = f"{name}#{len(out)}"
                path = f"{where}.{name}"
                if self.secret_name(str(key)):
                    out[name] = self.secret_value(item, path, found)
                else:
                    out[name] = self.json(item, path, found)
            return out
        if isinstance(value, list):
            return [self.json(item, f"{where}.{i}", found) for i, item in enumerate(value)]
        if type(value) in (int, float) and not -1e12 < value < 1e12 and self.config.by_value and _card_number(value):
            found.append(where)
            return 0
        return value

    def pairs(
        self, pairs: Iterable[tuple[str, str]], where: str, found: list[str], in_url: bool = False
    ) -> list[list[str]]:
        """Query parameters or form fields: secret names lose their value, others are pattern-checked.
        ``in_url``: names that are secrets only in a URL (``code``) go too."""
        out = []
        for name, value in pairs:
            shown = self.text(name, f"{where}.<name>", found)
            path = f"{where}.{shown}"
            if self.secret_name(name) or (in_url and name.lower() in URL_SECRET_PARAMS):
                found.append(path)
                out.append([shown, SECRET])
            else:
                out.append([shown, self.text(value, path, found)])
        return out

    def path(self, path: str, where: str, found: list[str]) -> str:
        """A URL path: each segment is matched percent-decoded; a redacted one is written decoded."""
        if not self.config.by_value or not _MAYBE.search(path):
            return path
        hits: list[str] = []
        segments = []
        for segment in path.split("/"):
            checked = self.text(segment, where, hits)
            segments.append(checked)
        if hits:
            found.append(where)
        return "/".join(segments)

    def url(self, url: str, where: str, found: list[str]) -> str:
        """A URL: path by segments, query and fragment as parameters (OAuth puts tokens in both)."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return self.text(url, where, found)
        hits: list[str] = []
        netloc = self.text(parts.netloc, where, hits)
        if "@" in netloc:  # user:password@host
            netloc = "<redacted:secret>@" + netloc.rpartition("@")[2]
            hits.append(where)
        path = self.path(parts.path, where, hits)
        query = self._url_params(parts.query, where, hits)
        fragment = self._url_params(parts.fragment, where, hits) if "=" in parts.fragment else (
            self.text(parts.fragment, where, hits)
        )
        if hits:
            found.append(where)
        return urlunsplit((parts.scheme, netloc, path, query, fragment))

    def _url_params(self, query: str, where: str, found: list[str]) -> str:
        if not query:
            return query
        pairs = self.pairs(parse_qsl(query, keep_blank_values=True), where, found, in_url=True)
        return urlencode([(name, value) for name, value in pairs], safe="<>:", quote_via=quote)

    def headers(self, headers: Iterable[tuple[str, str]], where: str, found: list[str]) -> list[list[str]]:
        out = []
        for name, value in headers:
            path = f"{where}.{name}"
            if name in self.config.headers or name in self.config.extra_headers or self.secret_name(name):
                found.append(path)
                out.append([name, self.header_value(name, value)])
            elif name in URL_HEADERS:
                out.append([name, self.url_header(name, value, path, found)])
            else:
                out.append([name, self.text(value, path, found)])
        return out

    def url_header(self, name: str, value: str, where: str, found: list[str]) -> str:
        if name == "link":  # <url>; rel="next", <url>; rel="prev"
            return re.sub(r"<([^>]*)>", lambda m: "<" + self.url(m.group(1), where, found) + ">", value)
        if name == "refresh":  # 5; url=https://...
            head, sep, url = value.partition("=")
            return head + sep + self.url(url, where, found) if sep else self.text(value, where, found)
        return self.url(value, where, found)

    @staticmethod
    def header_value(name: str, value: str) -> str:
        """A credential header keeps its scheme or cookie names and attributes, never the secret."""
        if name in ("authorization", "proxy-authorization"):
            scheme, _, rest = value.partition(" ")
            return f"{scheme} <redacted:token>" if rest else "<redacted:token>"
        if name == "cookie":
            names = [part.split("=", 1)[0].strip() for part in value.split(";") if part.strip()]
            return "; ".join(f"{n}={SECRET}" for n in names)
        if name == "set-cookie":
            first, *attrs = value.split(";")
            cookie_name = first.split("=", 1)[0].strip()
            kept = [
                a.strip()
                for a in attrs
                if a.strip().split("=", 1)[0].lower()
                in ("path", "domain", "expires", "max-age", "secure", "httponly", "samesite")
            ]
            return "; ".join([f"{cookie_name}={SECRET}", *kept])
        return SECRET

    def form(self, text: str, where: str, found: list[str]) -> str:
        pairs = self.pairs(parse_qsl(text, keep_blank_values=True), where, found)
        return urlencode([(name, value) for name, value in pairs])
