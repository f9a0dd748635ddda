"""A body -> what a record keeps of it, redacted by its *content*, whatever its declared type.

``redact_body`` sniffs: JSON (by type or by its first character), form fields, multipart parts and
XML are parsed and walked field by field (names and values); any other text is redacted by value
and ``name=value`` patterns and the record says so (``body_note.redaction == "patterns"``). A body
that claims or looks like a structure but does not parse, binary content and multipart files are
never written: the record keeps their size and the reason (``body_note.omitted``).

Part of the one redaction pipeline (``apilint.recording.redaction``) every recorder uses.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from xml.etree import ElementTree

from apilint.recording.redaction import SECRET, Redactor

Note = dict[str, Any]  # the record's body_note: {"omitted": reason, "bytes": n} or {"redaction": "patterns"}

_FORM = re.compile(r"[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*")
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.I)
_PART_NAME = re.compile(r'\bname="([^"]*)"', re.I)
_FILE_NAME = re.compile(r'\bfilename\*?=', re.I)
MAX_DEPTH = 200  # deeper JSON/XML is not walked (Python would raise RecursionError): omitted


def omitted(reason: str, size: int) -> Note:
    return {"omitted": reason, "bytes": size}


def loads_json(raw: bytes | str, flags: list[bool]) -> Any:
    """``json.loads(raw)``, noting in ``flags[0]`` whether a number came out NaN or infinite."""

    def constant(name: str) -> float:  # NaN, Infinity, -Infinity: json's default maps them to these
        flags[0] = False
        return float(name)

    def number(text: str) -> float:  # json's default is float(); 1e400 becomes inf
        value = float(text)
        if not math.isfinite(value):
            flags[0] = False
        return value

    return json.loads(raw, parse_constant=constant, parse_float=number)


def redact_body(
    raw: bytes | None,
    content_type: str | None,
    redactor: Redactor,
    where: str,
    found: list[str],
    flags: list[bool] | None = None,
) -> tuple[Any, str | None, Note | None]:
    """(parsed JSON body, body text, note) with secrets and PII removed; ``flags[0]`` turns False when
    a JSON number was NaN or infinite."""
    if not raw:
        return None, None, None
    ctype = (content_type or "").lower()
    size = len(raw)
    if "multipart/" in ctype:
        return None, *_multipart(raw, content_type or "", redactor, where, found)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, None, omitted("binary", size)
    head = text.lstrip()[:1]
    if "json" in ctype or head in ("{", "["):
        try:
            value = loads_json(raw, flags if flags is not None else [True])
        except (ValueError, RecursionError):
            return None, None, omitted("invalid_json", size)
        try:
            return redactor.json(value, where, found), None, None
        except RecursionError:
            return None, None, omitted("too_deep", size)
    if "xml" in ctype or head == "<":
        redacted = _xml(text, redactor, where, found)
        if redacted is not None:
            return None, redacted, None
        if "html" not in ctype:
            return None, None, omitted("invalid_xml", size)
    if "x-www-form-urlencoded" in ctype or _FORM.fullmatch(text):
        return None, redactor.form(text, where, found), None
    return None, redactor.text(text, where, found), {"redaction": "patterns"}


# -- XML ---------------------------------------------------------------------------------------------
def _xml(text: str, redactor: Redactor, where: str, found: list[str]) -> str | None:
    """The document with secret elements/attributes emptied and values pattern-checked, or None
    when it does not parse. A DTD is refused before parsing: no entity is ever expanded (billion
    laughs, external entities), so the stdlib parser is safe here without defusedxml."""
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        return None
    try:
        root = ElementTree.fromstring(text)
        _walk_xml(root, redactor, where, found, 0)
        return ElementTree.tostring(root, encoding="unicode")
    except (ElementTree.ParseError, RecursionError, ValueError):
        return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _walk_xml(node: ElementTree.Element, redactor: Redactor, where: str, found: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise RecursionError
    path = f"{where}.{_local(str(node.tag))}"
    for name, value in list(node.attrib.items()):
        if redactor.secret_name(_local(name)):
            found.append(f"{path}.@{_local(name)}")
            node.attrib[name] = SECRET
        else:
            node.attrib[name] = redactor.text(value, f"{path}.@{_local(name)}", found)
    if redactor.secret_name(_local(str(node.tag))):
        found.append(path)
        for element in node.iter():
            if element.text and element.text.strip():
                element.text = SECRET
            if element is not node and element.tail and element.tail.strip():
                element.tail = SECRET
            element.attrib.update(dict.fromkeys(element.attrib, SECRET))
        return
    if node.text:
        node.text = redactor.text(node.text, path, found)
    for child in node:
        _walk_xml(child, redactor, path, found, depth + 1)
        if child.tail:
            child.tail = redactor.text(child.tail, path, found)


# -- multipart ---------------------------------------------------------------------------------------
def _multipart(
    raw: bytes, content_type: str, redactor: Redactor, where: str, found: list[str]
) -> tuple[str | None, Note | None]:
    """The parts as text with each field redacted through ``redact_body``; file parts keep their
    headers and size only. A body that does not split into parts is omitted."""
    match = _BOUNDARY.search(content_type)
    if not match:
        return None, omitted("invalid_multipart", len(raw))
    delimiter = b"--" + match.group(1).encode("latin-1")
    chunks = raw.split(delimiter)
    if len(chunks) < 3:
        return None, omitted("invalid_multipart", len(raw))
    out = []
    for chunk in chunks[1:-1]:
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            return None, omitted("invalid_multipart", len(raw))
        content = content.removesuffix(b"\r\n")
        try:
            headers = head.decode("utf-8")
        except UnicodeDecodeError:
            return None, omitted("invalid_multipart", len(raw))
        out.append(_part(headers, content, redactor, where, found))
    return "".join(f"--{match.group(1)}\r\n{part}\r\n" for part in out) + f"--{match.group(1)}--\r\n", None


def _part(headers: str, content: bytes, redactor: Redactor, where: str, found: list[str]) -> str:
    name_match = _PART_NAME.search(headers)
    name = name_match.group(1) if name_match else "part"
    shown_headers = redactor.text(headers, f"{where}.<part>", found)
    path = f"{where}.{redactor.text(name, f'{where}.<name>', found)}"
    part_type = next(
        (line.partition(":")[2].strip() for line in headers.splitlines() if line.lower().startswith("content-type:")),
        None,
    )
    if redactor.secret_name(name):
        found.append(path)
        text = SECRET
    elif _FILE_NAME.search(headers):
        text = f"<omitted: file, {len(content)} bytes>"
    else:
        body, text, note = redact_body(content, part_type or "text/plain", redactor, path, found)
        if body is not None:
            text = json.dumps(body, ensure_ascii=False)
        elif note and "omitted" in note:
            text = f"<omitted: {note['omitted']}, {note['bytes']} bytes>"
    return f"{shown_headers}\r\n\r\n{text or ''}"
