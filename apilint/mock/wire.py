"""Response bytes on the wire (HTTP/1.1), built once per static answer or per dynamic one."""

from __future__ import annotations

from http import HTTPStatus

MOCK_HEADER = "x-apilint-mock"
HIT, MISS = "hit", "miss"
# headers a recorded response carried that the mock must not repeat: it frames its own bytes
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding",
                      "date", "server", MOCK_HEADER})


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Mock Miss" if status == 598 else "Unknown"


def head(status: int, headers: list[tuple[str, str]]) -> bytes:
    """Status line and headers, without the framing the mock adds per answer (``framed``)."""
    lines = [f"HTTP/1.1 {status} {reason(status)}"]
    lines.extend(f"{name}: {value}" for name, value in headers if name.lower() not in _FRAMING)
    return ("\r\n".join(lines) + "\r\n").encode("latin-1", "replace")


KEEP_ALIVE = b"\r\n"
CLOSE = b"connection: close\r\n\r\n"


def framed(top: bytes, body: bytes, mock: str) -> tuple[bytes, bytes]:
    """(bytes for a kept-alive connection, bytes for one that closes after this answer)."""
    top += b"content-length: %d\r\n%s: %s\r\n" % (len(body), MOCK_HEADER.encode(), mock.encode())
    return top + KEEP_ALIVE + body, top + CLOSE + body


def message(status: int, headers: list[tuple[str, str]], body: bytes, mock: str) -> tuple[bytes, bytes]:
    return framed(head(status, headers), body, mock)
