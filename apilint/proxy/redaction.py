"""Secrets and PII out of recordings, before anything reaches disk.

Redaction keeps the *shape* of a value so contracts built from the recording stay useful: a string
becomes a marker string (``<redacted:email>``), a number stays a number (0), an ``Authorization``
header keeps its scheme (``Bearer <redacted:token>``), a cookie keeps its names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

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
        "x-csrf-token",
        "x-xsrf-token",
        "x-amz-security-token",
        "x-goog-api-key",
        "x-session-token",
        "x-client-secret",
    }
)
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
        "socialsecuritynumber",
        "taxid",
        "dob",
        "dateofbirth",
        "passport",
        "passportnumber",
        "accountnumber",
        "routingnumber",
    }
)
# ... and substrings that mark one.
SECRET_NAMES_PART = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signature",
    "sessionid",
    "cardnumber",
    "creditcard",
    "authorization",
)

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_JWT = r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"
_BEARER = r"(?i:bearer)\s+[A-Za-z0-9._~+/=-]{8,}"
_SSN = r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"
_CARD = r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])"
VALUE_PATTERN = re.compile(
    f"(?P<token>{_BEARER})|(?P<jwt>{_JWT})|(?P<email>{_EMAIL})|(?P<ssn>{_SSN})|(?P<card>{_CARD})"
)
# Cheap pre-checks: most strings contain none of these characters and skip the big regex.
_MAYBE = re.compile(r"[@.\-\d]|(?i:bearer)")


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


def is_secret_name(name: str) -> bool:
    flat = name.lower().replace("-", "").replace("_", "").replace(".", "")
    return flat in SECRET_NAMES_EXACT or _SECRET_PART.search(flat) is not None


@dataclass
class RedactionConfig:
    """What to redact. Every default is on; turn a part off only for data known to be synthetic."""

    headers: frozenset[str] = SECRET_HEADERS
    extra_names: frozenset[str] = frozenset()  # more secret field/parameter names (exact, flattened)
    extra_headers: frozenset[str] = frozenset()  # more credential headers (lower-case)
    by_name: bool = True
    by_value: bool = True


def config_for(fields: list[str]) -> RedactionConfig:
    """Defaults plus the user's extra names (``--redact NAME``): each one counts as a secret
    field, query parameter, form field and header name."""
    names = [f.strip() for f in fields if f.strip()]
    flat = frozenset(n.lower().replace("-", "").replace("_", "").replace(".", "") for n in names)
    return RedactionConfig(extra_names=flat, extra_headers=frozenset(n.lower() for n in names))


NAME_CACHE = 4096  # field / header names whose verdict a Redactor remembers (names, never values)


@dataclass
class Redactor:
    config: RedactionConfig = field(default_factory=RedactionConfig)
    _names: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def secret_name(self, name: str) -> bool:
        """Whether a field, parameter or header *name* marks a secret. An API uses the same few names
        in every exchange, so the verdict is remembered per name (a bounded table; values are never
        kept)."""
        verdict = self._names.get(name)
        if verdict is None:
            if not self.config.by_name:
                return False
            flat = name.lower().replace("-", "").replace("_", "").replace(".", "")
            verdict = is_secret_name(name) or flat in self.config.extra_names
            if len(self._names) >= NAME_CACHE:
                self._names.clear()
            self._names[name] = verdict
        return verdict

    # -- scalar values -------------------------------------------------------------------------
    def text(self, value: str, where: str, found: list[str]) -> str:
        """Replace PII/secret patterns inside a string; record ``where`` once if anything changed."""
        if not self.config.by_value or not _MAYBE.search(value):
            return value
        hit = False

        def sub(match: re.Match[str]) -> str:
            nonlocal hit
            kind = match.lastgroup or "secret"
            if kind == "card":
                digits = re.sub(r"[ -]", "", match.group(0))
                if not luhn_ok(digits):
                    return match.group(0)
            hit = True
            if kind == "token":
                return match.group(0).split(None, 1)[0] + " <redacted:token>"
            return f"<redacted:{kind}>"

        out = VALUE_PATTERN.sub(sub, value)
        if hit:
            found.append(where)
        return out

    def secret_value(self, value: Any, where: str, found: list[str]) -> Any:
        """A value under a secret name: every leaf goes, the type stays."""
        if isinstance(value, dict):
            return {k: self.secret_value(v, f"{where}.{k}", found) for k, v in value.items()}
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
        return "<redacted:secret>"

    # -- structures ----------------------------------------------------------------------------
    def json(self, value: Any, where: str, found: list[str]) -> Any:
        if isinstance(value, str):
            return self.text(value, where, found)
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                path = f"{where}.{key}"
                if self.secret_name(str(key)):
                    out[key] = self.secret_value(item, path, found)
                else:
                    out[key] = self.json(item, path, found)
            return out
        if isinstance(value, list):
            return [self.json(item, f"{where}.{i}", found) for i, item in enumerate(value)]
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.config.by_value
            and 13 <= len(str(abs(value))) <= 19
            and luhn_ok(str(abs(value)))
        ):
            found.append(where)
            return 0
        return value

    def pairs(self, pairs: Iterable[tuple[str, str]], where: str, found: list[str]) -> list[list[str]]:
        """Query parameters or form fields: secret names lose their value, others are pattern-checked."""
        out = []
        for name, value in pairs:
            path = f"{where}.{name}"
            if self.secret_name(name):
                found.append(path)
                out.append([name, "<redacted:secret>"])
            else:
                out.append([name, self.text(value, path, found)])
        return out

    def headers(self, headers: Iterable[tuple[str, str]], where: str, found: list[str]) -> list[list[str]]:
        out = []
        for name, value in headers:
            path = f"{where}.{name}"
            if name in self.config.headers or name in self.config.extra_headers or self.secret_name(name):
                found.append(path)
                out.append([name, self.header_value(name, value)])
            else:
                out.append([name, self.text(value, path, found)])
        return out

    @staticmethod
    def header_value(name: str, value: str) -> str:
        """A credential header keeps its scheme or cookie names and attributes, never the secret."""
        if name in ("authorization", "proxy-authorization"):
            scheme, _, rest = value.partition(" ")
            return f"{scheme} <redacted:token>" if rest else "<redacted:token>"
        if name == "cookie":
            names = [part.split("=", 1)[0].strip() for part in value.split(";") if part.strip()]
            return "; ".join(f"{n}=<redacted:secret>" for n in names)
        if name == "set-cookie":
            first, *attrs = value.split(";")
            cookie_name = first.split("=", 1)[0].strip()
            kept = [
                a.strip()
                for a in attrs
                if a.strip().split("=", 1)[0].lower()
                in ("path", "domain", "expires", "max-age", "secure", "httponly", "samesite")
            ]
            return "; ".join([f"{cookie_name}=<redacted:secret>", *kept])
        return "<redacted:secret>"

    def form(self, text: str, where: str, found: list[str]) -> str:
        pairs = self.pairs(parse_qsl(text, keep_blank_values=True), where, found)
        return urlencode([(name, value) for name, value in pairs])
