"""Where in the spec file a violation's rule is written, for specs converted from Swagger 2.0.

A violation names the field of the exchange and the rule it broke; for a 3.x spec the operation and
field lead the reader to the rule. A 2.0 spec is validated as its 3.0 conversion, whose layout the
user never wrote, so each violation also gets ``spec_pointer``: the JSON pointer of the parameter,
body, response or header in the 2.0 file (``apilint.load.swagger2.source_pointer``).
"""

from __future__ import annotations

from typing import Any

from apilint.load.pointer import escape, get
from apilint.load.swagger2 import ORIGINS_KEY, source_pointer
from apilint.recording.format import Violation


def needs_pointers(spec: dict[str, Any]) -> bool:
    return ORIGINS_KEY in spec


def add_pointers(spec: dict[str, Any], method: str, template: str | None, status: int | None,
                 violations: list[Violation]) -> list[Violation]:
    """``violations`` with ``spec_pointer`` set (``template``: the matched path, None when none did)."""
    for violation in violations:
        pointer = "/paths" if template is None else _pointer(spec, template, method.lower(), status, violation)
        violation["spec_pointer"] = source_pointer(spec, pointer)
    return violations


def _pointer(spec: dict[str, Any], template: str, method: str, status: int | None, violation: Violation) -> str:
    item = f"/paths/{escape(template)}"
    op = f"{item}/{method}"
    where, _, name = (violation.get("field") or "").partition(".")
    if violation["side"] == "response":
        responses = get(spec, f"{op}/responses", {})
        code = str(status)
        key = next((k for k in (code, f"{code[:1]}XX", f"{code[:1]}xx", "default") if k in responses), None)
        if key is None:
            return f"{op}/responses"
        at = f"{op}/responses/{escape(key)}"
        if where == "header" and get(spec, f"{at}/headers/{escape(name)}", None) is not None:
            return f"{at}/headers/{escape(name)}"
        return at
    if where in ("query", "path", "header", "cookie"):
        for base in (op, item):
            for i, param in enumerate(get(spec, f"{base}/parameters", [])):
                if isinstance(param, dict) and str(param.get("$ref", "")).startswith("#/"):
                    param = get(spec, param["$ref"][1:], None)
                if isinstance(param, dict) and (param.get("in"), param.get("name")) == (where, name.split(".")[0]):
                    return f"{base}/parameters/{i}"
    if where == "body":
        body = f"{op}/requestBody"
        for media in get(spec, f"{body}/content", {}):
            prop = f"{body}/content/{escape(media)}/schema/properties/{escape(name.split('.')[0])}"
            if name and get(spec, prop, None) is not None:
                return prop  # a form field: its own formData parameter in 2.0
        return body
    if violation["kind"] == "security" and get(spec, f"{op}/security", None) is not None:
        return f"{op}/security"
    return op
