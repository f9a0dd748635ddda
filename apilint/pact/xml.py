"""XML bodies in the shape Pact's rules address: an element is ``{name: {...}}`` (``{uri}name`` in a namespace) holding
its attributes as ``@name``, its text as ``#text`` and its child elements by name."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree


def is_xml(media: str) -> bool:
    return media.endswith("/xml") or media.endswith("+xml")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _name(tag: str) -> str:
    """An element's name with its namespace URI (not its prefix): ``{urn:a}alligator``; plain without one."""
    return tag

def _element(node: ElementTree.Element) -> dict[str, Any]:
    out: dict[str, Any] = {f"@{_local(k)}": v for k, v in node.attrib.items()}
    text = (node.text or "").strip()
    if text or len(node) == 0:
        out["#text"] = text
    for child in node:
        out.setdefault(_name(child.tag), []).append(_element(child))
    return out


def xml_tree(text: str) -> Any:
    """The document as ``{root_name: {...}}``; text that is not XML stays text."""
    try:
        root = ElementTree.fromstring(text.encode() if text.startswith("<?xml") else text)
    except ElementTree.ParseError:
        return text
    return {_name(root.tag): _element(root)}
