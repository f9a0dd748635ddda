"""Spectral message templates: ``{{property}}``, ``{{error}}``, ``{{path}}``, ``{{description}}``,
``{{value}}`` and ``#{{print("property")}}`` / ``#{{print("value")}}``."""

from __future__ import annotations

import re
from typing import Any

from apilint.spectral.functions import print_value

_PLACEHOLDER = re.compile(r"#\{\{\s*print\(\s*['\"](\w+)['\"]\s*\)\s*\}\}|\{\{\s*(\w+)\s*\}\}")


def render(template: str, variables: dict[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        printed, name = match.group(1), match.group(2)
        if printed == "property":
            prop = variables.get("property")
            return f'"{prop}" property ' if prop not in (None, "") else "The document "
        if printed == "value":
            return print_value(variables.get("value"))
        key = printed or name
        value = variables.get(key)
        if value is None:
            return ""
        return print_value(value) if key == "value" and not isinstance(value, str) else str(value)

    return _PLACEHOLDER.sub(replace, template)
