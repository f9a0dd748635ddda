"""Breaking-change detection between two versions of an OpenAPI document or a proto tree.

``diff(old, new, DiffOptions(...))`` returns a ``DiffResult`` whose changes carry a stable id from
``apilint.diff.kinds.KINDS`` and a level (breaking, warning, info). See docs/diff.md.
"""

from apilint.diff.engine import DiffOptions, DiffResult, diff

__all__ = ["DiffOptions", "DiffResult", "diff"]
