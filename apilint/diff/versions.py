"""The major-version policy (2.3, 7.4): a breaking change is accepted as a major bump only when the version
its clients see went up for it.

Clients see the version in what they call: a ``/vN`` path segment, a ``/vN`` in the server URL (Swagger 2.0:
``basePath``), a proto package ending ``.vN``. Each format's comparer tags every change with a ``Visible``
(``change.extra["visible"]``): the major version(s) the change's clients see before and after it.
``info.version`` is documentation, not something clients send: it accepts breaks only when the API has no
client-visible version at all, on either side (it is then the only version signal there is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apilint.diff.change import Change

_SEGMENT = re.compile(r"/v(\d+)(?=/|$)")
_PACKAGE = re.compile(r"(?:^|\.)v(\d+)(?:(?:alpha|beta|test)\d*)?$")


def major(version: str) -> int | None:
    """The major number of a version string (``2.1.0``, ``v3``), None when it has none."""
    match = re.match(r"\s*v?(\d+)", version or "")
    return int(match.group(1)) if match else None


def segment(path: str) -> re.Match[str] | None:
    """The ``/vN`` segment of a path or URL path (``/api/v2/orders`` -> ``/v2``)."""
    return _SEGMENT.search(path or "")


def package_major(package: str) -> int | None:
    """The major of a versioned proto package (``shop.v2``, ``shop.v1beta1`` -> 1), None when unversioned."""
    match = _PACKAGE.search(package or "")
    return int(match.group(1)) if match else None


def package_family(package: str) -> str:
    """A versioned package without its version (``shop.v2`` -> ``shop``)."""
    return _PACKAGE.sub("", package)


@dataclass(frozen=True)
class Visible:
    """The major versions a change's clients see before (``old``) and after it (``new``), both empty when
    they see none. ``whole``: the change is a removal, and ``new`` is what the API still serves in place of
    the removed version (so it is not a bump while the old version is still served)."""

    where: str  # "path", "server URL", "package"
    old: frozenset[int]
    new: frozenset[int]
    old_names: str  # "/v1", "shop.v1"
    new_names: str
    whole: bool = False

    @property
    def exists(self) -> bool:
        return bool(self.old or self.new)

    def went_up(self) -> bool:
        return bool(self.old and self.new) and min(self.new) > max(self.old)

    def reason(self) -> str:
        if self.whole:
            return f"major version bumped: {self.where} {self.old_names} removed as a whole, replaced by " \
                   f"{self.new_names}"
        return f"major version bumped in the {self.where} ({self.old_names} -> {self.new_names})"


def major_bump(change: Change, api: Visible | None, old_version: str, new_version: str) -> str | None:
    """Why ``change`` is accepted as a major-version bump (plain words), or None: did the major version its
    clients see go up for it? ``info.version`` (``old_version``, ``new_version``) answers only when the API
    (``api``: its versions as a whole) has no client-visible version."""
    seen = change.extra.get("visible")
    if seen is not None and seen.went_up():
        return seen.reason()
    if api is not None and api.exists:
        return None
    if _bumped(old_version, new_version):
        return f"major version bumped ({old_version} -> {new_version})"
    return None


def info_version_note(api: Visible | None, old_version: str, new_version: str) -> str | None:
    """Why a bumped ``info.version`` accepts nothing in an API whose clients see another version (said when
    breaking changes still count)."""
    if api is None or not api.exists or not _bumped(old_version, new_version):
        return None
    bump = f"info.version {old_version} -> {new_version}"
    if api.old_names == api.new_names:
        return f"{bump} but the {api.where}s stay {api.new_names}: clients see no new version, so breaking " \
               "changes still count"
    return f"{bump} accepts no breaking change: clients see the version in the {api.where}s " \
           f"({api.old_names or '(none)'} -> {api.new_names or '(none)'}), and only changes that move to a " \
           "higher one are accepted"


def _bumped(old: str, new: str) -> bool:
    a, b = major(old), major(new)
    return a is not None and b is not None and b > a
