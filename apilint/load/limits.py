"""What apilint reads at most: bounds that keep hostile input to seconds and well under 1 GB.

Documented in the README ("Safety"); a spec beyond a limit gets one clear error or finding.
"""

from __future__ import annotations

import sys

MAX_FILE_BYTES = 200 * 1024 * 1024  # one spec, $ref target or .proto file; checked before reading
MAX_DEPTH = 400  # nesting levels of one YAML or JSON file
MAX_INLINE_DEPTH = 200  # nesting at which refs into other files stop being inlined (+ MAX_DEPTH per file)
MAX_ALIAS_RATIO, MAX_ALIAS_NODES = 10, 100_000  # YAML aliases may stand for 10x the written nodes + 100,000
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300  # Python's own bound on int(str)
