"""Values to send where a recording or contract holds a redacted request value (docs/replay.md).

The proxy writes ``<redacted:KIND>`` (``email``, ``card``, ``ssn``, ``jwt``, ``token``, ``secret``), a
contract ``{{redacted}}`` (or ``{{redacted:KIND}}``). Sending the placeholder makes a service store
``"{{redacted}}"`` or reject the request, so each one is replaced by, in this order:

1. the value given for the field's name: ``--data NAME=VALUE`` or env ``APILINT_DATA_<NAME>`` (names
   compare without case, ``-``, ``_`` and ``.``: ``APILINT_DATA_CARD_NUMBER`` fills ``cardNumber``);
2. a generated value of the kind's shape: a valid e-mail address, a Luhn-valid test card, ...; the
   kind of a bare ``{{redacted}}`` is guessed from the field's name (``email``, ``card``, ``ssn``).

Generated values are the same for one kind within a run (a redacted e-mail a later request sends
again in a path still finds what the first request created) and differ between runs.
Credential headers are not filled: they come from ``--header`` (see ``engine``).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

ENV_PREFIX = "APILINT_DATA_"
PLACEHOLDER = re.compile(r"<redacted:([a-z_]+)>|\{\{redacted(?::([a-z_]+))?\}\}")
MARKERS = ("<redacted:", "{{redacted")


def flat(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "").replace(".", "")


def is_redacted(text: str) -> bool:
    return MARKERS[0] in text or MARKERS[1] in text


def kind_from_name(name: str | None) -> str:
    key = flat(name or "")
    if "email" in key or key == "mail":
        return "email"
    if "card" in key or key in ("pan", "ccnumber"):
        return "card"
    if "ssn" in key or "socialsecurity" in key:
        return "ssn"
    return "secret"


def parse_data(values: list[str], environ: dict[str, str]) -> dict[str, str]:
    """``--data NAME=VALUE`` (repeatable) over env ``APILINT_DATA_<NAME>``: flattened name -> value."""
    from apilint.errors import InputError

    data = {flat(k[len(ENV_PREFIX):]): v for k, v in environ.items()
            if k.startswith(ENV_PREFIX) and len(k) > len(ENV_PREFIX)}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--data {value.split('=')[0]!r}...: expected NAME=VALUE")
        data[flat(name.strip())] = rest
    return data


class Filler:
    """Replaces redacted placeholders in request values (see the module docstring)."""

    def __init__(self, data: dict[str, str] | None = None, run: str | None = None) -> None:
        self.data = data or {}
        self.run = run or secrets.token_hex(4)

    def sample(self, kind: str) -> str:
        """A value of the kind's shape, fixed for this run."""
        if kind == "email":
            return f"replay-{self.run}@example.com"
        if kind == "card":
            return "4242424242424242"  # a well-known Luhn-valid test card
        if kind == "ssn":
            return "987-65-4320"  # in the range reserved for examples
        if kind == "jwt":
            return "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhcGlsaW50LXJlcGxheSJ9."  # unsigned: {"sub": "apilint-replay"}
        return f"apilint-{kind}-{self.run}"

    def text(self, value: str, name: str | None = None) -> str:
        if not is_redacted(value):
            return value
        given = self.data.get(flat(name)) if name else None
        if given is not None and PLACEHOLDER.fullmatch(value.strip()):
            return given

        def one(match: re.Match[str]) -> str:
            kind = match.group(1) or match.group(2) or "secret"
            return self.sample(kind_from_name(name) if kind == "secret" else kind)

        return PLACEHOLDER.sub(one, value)

    def value(self, value: Any, name: str | None = None) -> Any:
        """A JSON value with every redacted string inside filled; ``name`` is the key it sits under."""
        if isinstance(value, str):
            return self.text(value, name)
        if isinstance(value, dict):
            return {k: self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, name) for v in value]
        return value
