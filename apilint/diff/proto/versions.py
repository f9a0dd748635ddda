"""The major version a proto change's clients see: the ``.vN`` ending of the package the changed element was
in. Elements are compared by fully qualified name, so a change inside a package that is still there stays in
its version; only a versioned package gone as a whole, with a higher major of the same family served
(``shop.v1`` -> ``shop.v2``), is a major bump (``apilint.diff.versions``)."""

from __future__ import annotations

from apilint.diff.change import Change
from apilint.diff.proto.tree import Tree
from apilint.diff.versions import Visible, package_family, package_major


def tag_versions(old: Tree, new: Tree, changes: list[Change]) -> None:
    """Set ``extra["visible"]`` on every change made in a versioned package of the old tree."""
    old_packages = {fd.package for fd in old.files.values() if fd.package}
    new_packages = {fd.package for fd in new.files.values() if fd.package}
    by_length = sorted(old_packages, key=len, reverse=True)
    for change in changes:
        element = change.element or ""
        fd = old.files.get(element)
        package = fd.package if fd is not None else next(
            (p for p in by_length if element == p or element.startswith(p + ".")), "")
        visible = _visible(package, new_packages)
        if visible is not None:
            change.extra["visible"] = visible


def _visible(package: str, new_packages: set[str]) -> Visible | None:
    before = package_major(package)
    if before is None:
        return None
    family = package_family(package)
    served = sorted(p for p in new_packages if package_family(p) == family and package_major(p) is not None)
    return Visible("package", frozenset({before}), frozenset(package_major(p) for p in served), package,
                   ", ".join(served), whole=True)
