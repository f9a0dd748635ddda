"""Which recording files a path holds, and of what kind: segments (docs/recording-format.md), HAR 1.2
files, mitmproxy flow dumps ("Other inputs" there).

In a folder a file is known by its name (``*.jsonl``/``*.jsonl.open``, ``*.har``, ``*.mitm``/``*.flows``/
``*.flow``); a file named on the command line is also known by its first bytes, since ``mitmdump -w``
takes any name and browsers save HAR files as ``.json`` too.
"""

from __future__ import annotations

import os
import re

from apilint.errors import InputError, shown_path
from apilint.recording.format import is_segment

SEGMENT, HAR, FLOWS = "segment", "har", "flows"
HAR_SUFFIXES = (".har",)
FLOW_SUFFIXES = (".mitm", ".flows", ".flow")
_HAR_START = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"log"\s*:')
_TNETSTRING_START = re.compile(rb"\A(\d{1,12}):")  # a flow dump: tnetstring dicts, "<length>:...}"


def kind_by_name(path: str) -> str | None:
    name = os.path.basename(path)
    if is_segment(name):
        return SEGMENT
    lower = name.lower()
    if lower.endswith(HAR_SUFFIXES):
        return HAR
    if lower.endswith(FLOW_SUFFIXES):
        return FLOWS
    return None


def sniffed_kind(path: str) -> str | None:
    """A file's kind by its name, else by its first bytes (None when it is none of them)."""
    kind = kind_by_name(path)
    if kind is not None:
        return kind
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            if _HAR_START.match(head):
                return HAR
            length = _TNETSTRING_START.match(head)
            if length:
                fh.seek(length.end() + int(length.group(1)))
                return FLOWS if fh.read(1) == b"}" else None
    except OSError:
        return None
    return None


def recording_files(path: str) -> list[str]:
    """The recording files of a folder (sub-folders too) in name order (segment names start with the
    time), or the one file named."""
    if os.path.isfile(path):
        if sniffed_kind(path) is None:
            raise InputError("not a recording: *.jsonl segments, a HAR file (*.har) or a mitmproxy flow dump",
                             shown_path(path))
        return [path]
    if not os.path.isdir(path):
        raise InputError("not a recording folder or file (no such file or directory)", file=shown_path(path))
    found = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in files if kind_by_name(f) is not None)
    return sorted(found, key=lambda p: (os.path.basename(p), p))
