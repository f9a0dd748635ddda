"""mitmproxy flow dumps (``mitmdump -w``) -> captured exchanges, exactly as the proxy captures a live flow.

Read with mitmproxy's own ``FlowReader`` (imported only here, only when a dump is read: mitmproxy is the
``proxy`` extra). Each HTTP flow with a response goes through the proxy's ``snapshot`` and
``Captured.from_raw``, so bodies are decoded, bounded and later redacted the same way. Other flows (TCP,
UDP, DNS) and HTTP flows without a response are skipped with a count. A dump damaged after some good
flows (a ``mitmdump`` killed mid-write) keeps those flows and names where the damage starts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from apilint.errors import InputError, shown_path
from apilint.recording.capture import Captured, snapshot

Skip = Callable[..., None]  # skip(reason, count=1)


def _mitmproxy() -> tuple[Any, Any, Any]:
    try:
        from mitmproxy import exceptions, http
        from mitmproxy.io import FlowReader
    except ImportError as exc:
        raise InputError(f"reading mitmproxy flow dumps needs mitmproxy: pip install 'apilint[proxy]' "
                         f"({exc.name} missing)") from None
    return FlowReader, exceptions.FlowReadException, http.HTTPFlow


def flow_captures(path: str, skip: Skip) -> Iterator[tuple[str, Captured]]:
    """``(file#N, captured)`` for each HTTP flow with a response (N counts every flow from 1)."""
    reader_cls, read_error, http_flow = _mitmproxy()
    shown = shown_path(path)
    other: Counter[str] = Counter()
    try:
        fh = open(path, "rb")  # noqa: SIM115 -- an OSError is one line, then the file is closed by `with`
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", shown) from None
    with fh:
        stream = iter(reader_cls(fh).stream())
        number = 0
        while True:
            offset = fh.tell()
            try:
                flow = next(stream)
            except StopIteration:
                break
            except Exception as exc:  # mitmproxy parsing a damaged or hostile file: FlowReadException, KeyError, ...
                reason = str(exc) if isinstance(exc, read_error) else type(exc).__name__
                if number == 0:
                    raise InputError(f"byte {offset}: not a mitmproxy flow dump, or damaged from its start "
                                     f"({reason})", shown) from None
                skip(f"{shown}: byte {offset}: truncated or damaged after {number} flows; the rest is lost")
                break
            number += 1
            where = f"{shown}#{number}"
            if not isinstance(flow, http_flow):
                other[getattr(flow, "type", type(flow).__name__)] += 1
            elif flow.response is None:
                skip(f"{where}: no response recorded")
            else:
                yield where, Captured.from_raw(snapshot(flow))
    for kind, count in sorted(other.items()):
        skip(f"{shown}: {count} {kind} flow{'s' if count > 1 else ''} skipped (not HTTP)", count)
