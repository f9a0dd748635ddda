"""The build under test (``--target``) and the one way to build a request URL for it.

Replay, fuzz and (later) the mock server send requests whose paths come from files anyone can change in
a pull request (contracts, recordings), while the run holds CI credentials (``--header``, basic auth in
``--target``). So a URL is never ``target + path``: scheme, host and port come from ``--target`` only,
and a path is accepted only when it cannot move the request anywhere else (docs/security.md)::

    target = parse_target("http://127.0.0.1:8000/api")
    target.url("/v1/orders", "page_size=1")   # http://127.0.0.1:8000/api/v1/orders?page_size=1
    target.url("@127.0.0.2:18399/steal")      # UnsafePath
"""

from __future__ import annotations

import base64
import math
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from apilint.errors import InputError

# What a path may not hold: a query or fragment start (they would move text out of the path), a
# backslash (some servers read it as "/"), whitespace and control characters (request splitting).
_NOT_IN_PATH = re.compile(r"[?#\\\s\x00-\x1f\x7f]")


MAX_RESPONSE_BODY = 16 << 20  # bytes of one response body replay and fuzz read (after decompression)
PATH_SAFE = "/-._~!$&'()*+,;=:@"  # ``quote(raw_path, safe=PATH_SAFE)``: RFC 3986 path characters stay as they are


class UnsafePath(ValueError):
    """A request path that does not start with ``/`` or holds what could change where it goes."""


def path_problem(path: object) -> str | None:
    """Why ``path`` cannot be sent to a target, or None when it can."""
    if not isinstance(path, str):
        return "the path is not a string"
    if not path.startswith("/"):
        return f"the path {_short(path)} does not start with '/' (a path can never name another host or port)"
    bad = _NOT_IN_PATH.search(path)
    if bad:
        return f"the path {_short(path)} holds {bad.group(0)!r} (query, fragment, backslash or control character)"
    return None


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    netloc: str  # host[:port]; basic auth in --target is kept apart, in ``authorization``
    host: str
    port: int
    base_path: str  # "" or "/api" (no trailing slash)
    text: str  # as given, for messages
    authorization: str | None = None  # "Basic ..." from user:password@ in --target

    @property
    def secure(self) -> bool:
        """TLS (https, grpcs)."""
        return self.scheme in ("https", "grpcs")

    @property
    def base(self) -> str:
        """``scheme://host:port/base_path``, without credentials."""
        return urlunsplit((self.scheme, self.netloc, self.base_path, "", ""))

    def headers(self, given: dict[str, str]) -> dict[str, str]:
        """``given`` plus the target's basic auth, unless ``given`` sets Authorization itself."""
        if self.authorization is None or any(k.lower() == "authorization" for k in given):
            return given
        return {**given, "authorization": self.authorization}

    def url(self, path: str, query: str = "") -> str:
        """The URL for ``path`` (already percent-encoded as it goes on the wire) and an encoded query
        string; UnsafePath when the path could leave the target."""
        problem = path_problem(path)
        if problem:
            raise UnsafePath(problem)
        return urlunsplit((self.scheme, self.netloc, self.base_path + path, query, ""))

    def check_reachable(self, timeout: float) -> None:
        """InputError unless a TCP connection to host:port opens within ``timeout`` seconds: an
        unreachable target is one clear error before the run, not a report full of transport errors."""
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout):
                pass
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, TimeoutError):
                reason = f"no connection within {timeout:g}s"
            raise InputError(f"--target {self.text}: cannot connect to {self.host}:{self.port} ({reason})") from None


def _split(text: str, bad: Callable[[str], InputError]) -> tuple[SplitResult, int | None]:
    """The URL's parts and port; ``bad(why)`` for text that is not a URL (a port out of range, ...)."""
    try:
        parts = urlsplit(text)
        return parts, parts.port
    except ValueError as exc:
        raise bad(f"not a URL ({exc})") from None


def parse_target(text: str) -> Target:
    """``--target``: an http(s) URL with a host, optionally a port, basic auth and a base path; no
    query or fragment. InputError (one line) otherwise."""
    def bad(why: str) -> InputError:
        return InputError(f"--target {text!r}: {why}")

    parts, port = _split(text, bad)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad("expected an http(s) URL such as http://127.0.0.1:8000")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise bad("a target has no query or fragment")
    if _NOT_IN_PATH.search(parts.path):
        raise bad("the base path holds a backslash, whitespace or control character")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    authorization = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode()
    return Target(parts.scheme, host + (f":{port}" if port else ""), parts.hostname,
                  port or (443 if parts.scheme == "https" else 80), parts.path.rstrip("/"), text, authorization)


GRPC_SCHEMES = ("grpc", "grpcs")  # plaintext HTTP/2 (h2c) and TLS


def is_grpc_url(text: str) -> bool:
    return text.split("://", 1)[0].lower() in GRPC_SCHEMES if "://" in text else False


def parse_grpc_target(text: str, option: str = "--target") -> Target:
    """``grpc://host:port`` (h2c) or ``grpcs://host:port`` (TLS): a host and port only, no path, query or
    credentials (an RPC's path comes from the protos). ``Target.secure`` tells TLS. InputError otherwise."""
    def bad(why: str) -> InputError:
        return InputError(f"{option} {text!r}: {why}")

    parts, port = _split(text, bad)
    if parts.scheme not in GRPC_SCHEMES or not parts.hostname:
        raise bad("expected grpc://HOST:PORT (plaintext HTTP/2) or grpcs://HOST:PORT (TLS)")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username is not None:
        raise bad("a gRPC target is a host and port only (no path, query or credentials)")
    if port is None:
        raise bad("a gRPC target needs a port")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return Target(parts.scheme, f"{host}:{port}", parts.hostname, port, "", text)


def positive_seconds(value: float, option: str) -> float:
    """A timeout or budget given on the command line: finite and above zero, else InputError."""
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{option} {value:g}: expected a number of seconds above 0")
    return value
