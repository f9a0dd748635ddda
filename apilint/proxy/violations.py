"""openapi-core's validation errors as violation records (``side``, ``kind``, ``field``, ``message``).

Messages never quote the offending value (it may be a secret or PII): they name the field and the
rule it broke, e.g. ``body.items.0.quantity: minimum 1``.
"""

from __future__ import annotations

import json

from apilint.recording.format import Violation


def _violation(side: str, kind: str, field: str | None, message: str) -> Violation:
    return {"side": side, "kind": kind, "field": field, "message": message}


def _schema_violations(side: str, prefix: str, exc: BaseException) -> list[Violation]:
    cause = exc.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or [])
    if not schema_errors:
        return [_violation(side, "schema", prefix, type(cause or exc).__name__)]
    out = []
    for err in schema_errors:
        base = ".".join([prefix, *(str(p) for p in err.absolute_path)])
        if err.validator == "required" and isinstance(err.instance, dict):
            for name in err.validator_value:
                if name not in err.instance:
                    out.append(_violation(side, "schema", f"{base}.{name}", "required property is missing"))
            continue
        rule = json.dumps(err.validator_value, default=str)
        if len(rule) > 120:
            rule = rule[:117] + "..."
        out.append(_violation(side, "schema", base, f"{err.validator} {rule}"))
    return out


def violations(side: str, errors: list[BaseException]) -> list[Violation]:
    """The violation records of openapi-core's errors for one side of an exchange."""
    from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
    from openapi_core.templating.responses.exceptions import ResponseNotFound
    from openapi_core.validation.request.exceptions import (
        MissingRequestBodyError,
        ParameterValidationError,
        RequestBodyValidationError,
        SecurityValidationError,
    )
    from openapi_core.validation.response.exceptions import HeaderValidationError

    out: list[Violation] = []
    for exc in errors:
        if isinstance(exc, PathNotFound | OperationNotFound):
            out.append(
                _violation(side, "unknown_operation", None, "no operation in the spec matches this method and path")
            )
        elif isinstance(exc, ResponseNotFound):
            out.append(
                _violation(side, "undocumented_status", "status", "status code not documented for this operation")
            )
        elif isinstance(exc, ParameterValidationError):
            field = f"{exc.location}.{exc.name}"
            if exc.__cause__ is not None and getattr(exc.__cause__, "schema_errors", None):
                out.extend(_schema_violations(side, field, exc))
            else:
                why = f" ({type(exc.__cause__).__name__})" if exc.__cause__ is not None else ""
                out.append(_violation(side, "parameter", field, f"{exc}{why}"))
        elif isinstance(exc, MissingRequestBodyError):
            out.append(_violation(side, "missing_body", "body", str(exc)))
        elif isinstance(exc, SecurityValidationError):
            out.append(_violation(side, "security", None, "no security requirement of the operation is met"))
        elif isinstance(exc, RequestBodyValidationError) or type(exc).__name__ in (
            "InvalidData",
            "DataValidationError",
        ):
            cause = exc.__cause__
            if cause is not None and not getattr(cause, "schema_errors", None):
                kind = "content_type" if "MediaType" in type(cause).__name__ else "body"
                out.append(_violation(side, kind, "body", type(cause).__name__))
            else:
                out.extend(_schema_violations(side, "body", exc))
        elif isinstance(exc, HeaderValidationError):
            out.append(_violation(side, "header", f"header.{getattr(exc, 'name', '')}", str(exc)))
        else:
            out.append(_violation(side, "other", None, type(exc).__name__))
    return out
