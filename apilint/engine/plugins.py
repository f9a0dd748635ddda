"""Python rule plugins: installed packages that register rules with the same ``@rule`` decorator as the
built-in ones, found through the ``apilint.rules`` entry point group (importing the entry point's module
registers its rules)."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from apilint.errors import InputError

GROUP = "apilint.rules"


def load_plugins(registered: Callable[[], set[str]]) -> dict[str, str]:
    """Import every plugin; rule id -> origin ("plugin <distribution> <version>"). A plugin that fails to
    import is one InputError naming it: its rules are never silently missing."""
    origins: dict[str, str] = {}
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        before = registered()
        try:
            point.load()
        except Exception as exc:
            raise InputError(f"rule plugin '{point.name}' ({point.value}) failed to load: "
                             f"{exc.__class__.__name__}: {exc}") from None
        dist = point.dist
        origin = f"plugin {dist.name} {dist.version}" if dist is not None else f"plugin {point.value}"
        origins.update(dict.fromkeys(registered() - before, origin))
    return origins
