"""`diff(old, new)`: load both versions, pick the comparer for their format, apply config and policy."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from apilint.diff.config import DiffConfig, apply_config
from apilint.diff.result import DiffResult
from apilint.diff.shared import group_shared
from apilint.errors import InputError, shown_path


@dataclass
class DiffOptions:
    config: DiffConfig = field(default_factory=DiffConfig)
    proto_paths: tuple[str, ...] = ()
    old_proto_paths: tuple[str, ...] | None = None  # the old side's, when elsewhere (--base): else proto_paths
    proto_rules: frozenset[str] | None = None  # only these buf rule ids (None: apilint's default set)
    proto_ignore: dict | None = None  # buf-style {"ignore": [paths], "ignore_unstable_packages": bool}
    allow_remote_refs: bool = False
    allow_outside_refs: bool = False
    root_dir: str | None = None
    today: dt.date | None = None


def is_proto(path: str) -> bool:
    if os.path.isdir(path):
        return any(n.endswith(".proto") for _, _, names in os.walk(path) for n in names)
    return path.endswith(".proto")


def diff(old: str, new: str, options: DiffOptions | None = None) -> DiffResult:
    options = options or DiffOptions()
    for path in (old, new):
        if not os.path.exists(path):
            raise InputError("no such file or folder", shown_path(path))
    if is_proto(old) != is_proto(new):
        raise InputError("cannot compare a proto tree with an OpenAPI document", shown_path(new))
    if is_proto(new):
        from apilint.diff.proto.compare import compare_protos

        old_paths = options.proto_paths if options.old_proto_paths is None else options.old_proto_paths
        result = DiffResult("proto", compare_protos(old, new, options.proto_paths, options.proto_rules,
                                                    options.proto_ignore, old_paths))
    else:
        result = _diff_openapi(old, new, options)
    apply_config(result, options.config, options.today)
    result.changes = group_shared(result.changes)
    return result


def _diff_openapi(old: str, new: str, options: DiffOptions) -> DiffResult:
    from apilint.diff.openapi.compare import OpenApiComparer
    from apilint.diff.openapi.doc import Doc

    kwargs = {"allow_remote": options.allow_remote_refs, "allow_outside": options.allow_outside_refs}
    old_doc = Doc(old, **kwargs, root_dir=None)
    new_doc = Doc(new, **kwargs, root_dir=options.root_dir)
    comparer = OpenApiComparer(old_doc, new_doc, notice_days=options.config.notice_days, on=options.today)
    changes = comparer.run()
    result = DiffResult("openapi", changes, old_doc.version, new_doc.version, comparer.versions.document())
    from apilint.diff.openapi.operation import ignore_list

    document_wide = ignore_list(new_doc.root.value)  # x-apilint-ignore on the document root
    if document_wide:
        for change in changes:
            change.extra["x-apilint-ignore"] = [*change.extra.get("x-apilint-ignore", []), *document_wide]
    return result
