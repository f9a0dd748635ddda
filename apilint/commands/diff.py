"""`apilint diff`: classify the changes between two versions of an OpenAPI document or proto tree."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apilint.diff.engine import DiffOptions, DiffResult
    from apilint.errors import InputError

HELP = "Find breaking changes between two versions of an OpenAPI spec or a proto tree."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="SPEC",
                        help="OLD NEW, or with --base just the current SPEC (file or proto folder)")
    parser.add_argument("--base", metavar="REF",
                        help="read the old version from git at REF (origin/main, a tag, a SHA)")
    parser.add_argument("--base-folder", metavar="DIR",
                        help="with --base: the folder to materialise (default: the spec's folder)")
    parser.add_argument("-f", "--format", choices=("text", "json", "markdown", "github", "sarif"), default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--fail-on", choices=("breaking", "warning"), default="breaking",
                        help="lowest level that makes the exit code 1 (default: breaking)")
    parser.add_argument("--level", choices=("breaking", "warning", "info"), default="info",
                        help="show only changes at this level or above (the exit code still follows --fail-on)")
    parser.add_argument("--show-accepted", action="store_true",
                        help="also list the changes a policy or ignore file accepted (text, markdown, github; "
                             "json and sarif always mark them)")
    parser.add_argument("--ignore", metavar="FILE",
                        help="accepted breaks and policy (default: .apilint-diff-ignore.yaml if present)")
    parser.add_argument("--exclude-path", action="append", default=[], metavar="GLOB",
                        help="do not compare paths matching GLOB (repeatable)")
    parser.add_argument("--notice-days", type=int, metavar="N",
                        help="deprecation notice period: x-sunset must be at least N days away")
    parser.add_argument("--no-major-policy", action="store_true",
                        help="report breaking changes even when the major version was bumped")
    parser.add_argument("--allow-outside-refs", action="store_true", help="let $refs leave the spec's folder")
    parser.add_argument("--allow-remote-refs", action="store_true", help="allow http(s) $refs")
    parser.add_argument("-I", "--proto-path", action="append", default=[], metavar="DIR",
                        help="extra import root for .proto files (repeatable)")
    parser.add_argument("--rule", action="append", default=[], metavar="ID",
                        help="proto: run only these buf rule ids (repeatable)")


def run(args: argparse.Namespace) -> int:
    from apilint.diff.config import DEFAULT_FILES, DiffConfig, load_config
    from apilint.diff.engine import DiffOptions
    from apilint.diff.kinds import KINDS
    from apilint.diff.report import SHOWS_ACCEPTED, diff_report, error_report
    from apilint.errors import InputError
    from apilint.report import write

    if args.base and len(args.paths) != 1:
        raise InputError("with --base give exactly one SPEC (the current version)")
    if not args.base and len(args.paths) != 2:
        raise InputError("give OLD and NEW, or --base REF SPEC")
    config_path = args.ignore or next((f for f in DEFAULT_FILES if os.path.exists(f)), None)
    config = load_config(config_path) if config_path else DiffConfig()
    config.exclude_paths += args.exclude_path
    if args.notice_days is not None:
        if args.notice_days < 0:
            raise InputError("--notice-days must be >= 0")
        config.notice_days = args.notice_days
    if args.no_major_policy:
        config.major_version_policy = False
    unknown = [r for r in args.rule if r not in KINDS or KINDS[r].format != "proto"]
    if unknown:
        raise InputError(f"unknown proto rule id(s): {', '.join(unknown)}")
    options = DiffOptions(config=config, proto_paths=(*args.proto_path, *_config_roots()),
                          proto_rules=frozenset(args.rule) if args.rule else None,
                          allow_remote_refs=args.allow_remote_refs, allow_outside_refs=args.allow_outside_refs)
    try:
        result = _compare(args, options)
    except InputError as exc:  # the report says so too: a scanner must not read an empty one as clean
        write(error_report(exc), args.format, args.output)
        raise
    show_accepted = args.show_accepted or args.format in SHOWS_ACCEPTED
    write(diff_report(result, args.level, show_accepted), args.format, args.output)
    return 1 if result.failing(args.fail_on) else 0


def _compare(args: argparse.Namespace, options: DiffOptions) -> DiffResult:
    from apilint.diff.engine import diff
    from apilint.errors import InputError

    if args.base:
        from apilint.diff.engine import is_proto
        from apilint.diff.gitref import materialise, roots_at
        from apilint.load.protoc import import_roots

        spec = args.paths[0]
        roots = import_roots(spec, options.proto_paths) if os.path.exists(spec) and is_proto(spec) else ()
        with materialise(args.base, spec, args.base_folder, roots) as (old, tmp, top):
            options.proto_paths, options.old_proto_paths = roots, roots_at(tmp, top, roots)
            try:
                result = diff(old, spec, options)
            except InputError as exc:
                raise _at_base(exc, args.base, tmp) from None
            _relocate(result, old, spec, options, tmp, top)
    else:
        old, new = args.paths
        result = diff(old, new, options)
        _relocate(result, old, new, options)
    return result


def _at_base(error: InputError, base: str, tmp: str) -> InputError:
    """``error`` about the old version, its temporary folder shown as git names it: ``REF:path/in/repo``."""
    from apilint.errors import shown_path

    real_tmp = os.path.realpath(tmp)
    spellings = sorted({tmp, real_tmp, shown_path(tmp), shown_path(real_tmp)}, key=len, reverse=True)

    def named(text: str) -> str:
        for shown in spellings:  # longest first: one spelling may end another (/private/tmp/x, /tmp/x)
            text = text.replace(shown + "/", f"{base}:").replace(shown + os.sep, f"{base}:").replace(shown, f"{base}:.")
        return text

    return type(error)(named(error.message), error.file and named(error.file), error.line, error.column)


def _config_roots() -> list[str]:
    """``proto: {roots}`` of the apilint.yaml (or [tool.apilint]) that ``check`` would read here."""
    from apilint.engine.config import find_config, load_config

    path = find_config(os.getcwd())
    return load_config(path).proto_roots if path else []


def _relocate(result, old: str, new: str, options, tmp: str | None = None, top: str | None = None) -> None:
    """Make locations paths the user can open: proto files (named as imported) relative to the working
    directory, and for --base the old version's temporary files shown as their path in the repository."""
    from apilint.errors import shown_path

    if result.format == "proto":
        from apilint.load.protoc import import_roots

        for change in result.changes:
            loc = change.location
            if loc is not None and loc.file:
                base = new if loc.side == "new" else old
                paths = options.proto_paths if loc.side == "new" or options.old_proto_paths is None \
                    else options.old_proto_paths
                roots = import_roots(base, paths)
                folders = [base if os.path.isdir(base) else os.path.dirname(base), *roots]
                found = next((f for f in folders if os.path.isfile(os.path.join(f, loc.file))), folders[0])
                loc.file = shown_path(os.path.join(found, loc.file))
    if tmp is None or top is None:
        return
    shown_tmp = shown_path(tmp)
    for change in result.changes:
        loc = change.location
        if loc is not None and loc.file and loc.file.startswith(shown_tmp + "/"):
            inside = os.path.relpath(loc.file, shown_tmp)
            loc.file = shown_path(os.path.join(top, inside))
