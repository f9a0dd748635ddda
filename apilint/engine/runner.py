"""Running the active rules over one spec and turning their issues into positioned findings."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from apilint.engine import cache
from apilint.engine.config import Config
from apilint.engine.findings import Finding
from apilint.engine.reach import PathReach
from apilint.engine.rule import Context, Issue, all_rules
from apilint.engine.suppress import COMMENT_MARKERS, CommentIndex, ignored_by_extension
from apilint.errors import InputError, shown_path
from apilint.load.gate import remembering_real_paths
from apilint.load.pointer import split
from apilint.model.core import Api, Loc
from apilint.model.gc_pause import gc_paused


@dataclass
class LintOptions:
    config: Config = field(default_factory=Config)
    allow_remote_refs: bool = False
    allow_outside_refs: bool = False
    root_dir: str | None = None
    proto_paths: tuple[str, ...] = ()
    use_cache: bool = True
    only_rules: tuple[str, ...] = ()  # --rule: run just these

    def settings_key(self) -> str:
        plugins = sorted({r.origin for r in all_rules().values() if r.origin != "apilint"})  # a new version: rerun
        return "|".join([self.config.fingerprint(), str(self.allow_remote_refs), str(self.allow_outside_refs),
                         str(self.root_dir), ",".join(self.proto_paths), ",".join(self.only_rules),
                         *([",".join(plugins)] if plugins else [])])


@dataclass
class LintResult:
    target: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # one-line bad-input message: the run exits 2
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "findings": [f.to_json() for f in self.findings], "error": self.error,
                "files": self.files}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LintResult:
        return cls(data["target"], [Finding.from_json(f) for f in data["findings"]], data.get("error"),
                   data.get("files", []))

    @classmethod
    def from_cache(cls, data: dict[str, Any], target: str, custom_rules: set[str] | None = None) -> LintResult | None:
        """A cached result under the caller's spelling of ``target``; None when the entry is damaged
        (wrong types, missing keys, a rule neither this version nor ``custom_rules`` has)."""
        findings, files = data.get("findings"), data.get("files")
        if not (isinstance(findings, list) and isinstance(files, list)
                and all(isinstance(f, str) for f in files) and data.get("error") is None):
            return None
        rules = all_rules()
        loaded = [f for f in map(Finding.from_cached, findings) if f is not None and f.rule in rules]
        return cls(target, loaded, None, files) if len(loaded) == len(findings) else None


def lint_target(target: str, options: LintOptions) -> LintResult:
    """Lint one spec (an OpenAPI root file, or a .proto file / folder of protos). Never raises: bad
    input, and a bug met on this spec, are the result's one-line error, so other specs still count."""
    with gc_paused():  # what the lint read is freed before the collector resumes: it never scans that
        return lint_keeping(target, options)[0]


def lint_keeping(target: str, options: LintOptions) -> tuple[LintResult, Kept | None]:
    """``lint_target``, also returning what the lint read and found (None for a cached result or an error),
    for ``apilint lsp`` to re-lint an edit of it in part. Call it with the cyclic collector paused
    (``gc_paused``) until what is kept is dropped or frozen: a full pass over a large spec takes ~0.2 s."""
    with remembering_real_paths():
        try:
            return _lint_target(target, options)
        except Exception as exc:
            return LintResult(target, error=f"{shown_path(target)}: internal error: "
                                            f"{exc.__class__.__name__}: {exc} (please report this)"), None


def _lint_target(target: str, options: LintOptions) -> tuple[LintResult, Kept | None]:
    settings = options.settings_key() + _folder_key(target, options)
    if options.use_cache:
        hit = cache.lookup(target, settings)
        cached = LintResult.from_cache(hit, target, options.config.custom_rule_ids()) if hit is not None else None
        if cached is not None:
            return cached, None
    try:
        spec, sources = _load(target, options)
        kept = Kept(spec, sources, issues_by_rule(spec, options, {}), custom_issues(spec, options), {})
        result = LintResult(target, findings(kept, options), files=sorted(sources))
    except InputError as exc:
        return LintResult(target, error=str(exc)), None
    except RecursionError:
        return LintResult(target, error=f"{shown_path(target)}: nested too deeply to lint"), None
    if options.use_cache and result.files:
        cache.store(target, settings, [*result.files, *unreadable(spec)], result.to_json())
    return result, kept


def unreadable(spec: LoadedSpec) -> list[str]:
    """Files a ``$ref`` named that could not be read: creating one must invalidate the cached result."""
    return sorted(getattr(spec.workspace, "_failed", {}))


def _folder_key(target: str, options: LintOptions) -> str:
    """A folder of protos is cached per set of files too: adding a .proto changes the result."""
    if not os.path.isdir(target):
        return ""
    from apilint.load.protoc import proto_files

    try:
        return "|" + ",".join(proto_files(target, options.proto_paths)[1])
    except InputError:
        return ""


class LoadedSpec:
    """One spec as the rules see it. The model is built on first use: Spectral rulesets read the
    workspace only, so a configuration of those alone builds none."""

    def __init__(self, format_: str, file: str, workspace: Any, build: Callable[[], Api]) -> None:
        self.format = format_  # "openapi" or "proto"
        self.file = file  # the root file as shown
        self.workspace = workspace
        self._build = build

    @cached_property
    def api(self) -> Api:
        return self._build()

    def built(self) -> Api | None:
        """The model, if a rule asked for it."""
        return self.__dict__.get("api")


def _load(target: str, options: LintOptions) -> tuple[LoadedSpec, dict[str, Any]]:
    """The spec plus the parsed sources by absolute path (for positions and suppressions)."""
    if target.endswith(".proto") or os.path.isdir(target):
        from apilint.model.proto_build import load_proto  # added with proto support

        api = load_proto(target, options.proto_paths, allow_outside=options.allow_outside_refs)
        return LoadedSpec(api.format, api.file, api.workspace, lambda: api), api.workspace.sources
    from apilint.load.workspace import Workspace
    from apilint.model.openapi import build_openapi, detect_version

    workspace = Workspace(target, allow_remote=options.allow_remote_refs,
                          allow_outside=options.allow_outside_refs, root_dir=options.root_dir)
    detect_version(workspace.root.data, workspace.root.display)  # not an OpenAPI document: say so now
    return LoadedSpec("openapi", workspace.root.display, workspace, lambda: build_openapi(workspace)), workspace.files


@dataclass
class Kept:
    """One lint's spec, sources, issues per rule (before suppressions) and the positions found for them."""

    spec: LoadedSpec
    sources: dict[str, Any]
    issues: dict[str, list[tuple[str, Issue]]]  # rule id -> (severity, issue) of each active apilint rule
    custom: list[tuple[str, str, Issue]]  # (rule name, severity, issue) of the configured Spectral rulesets
    positions: dict[tuple[str, str], tuple[int, int]]  # (file as shown, pointer) -> (line, column)


def issues_by_rule(spec: LoadedSpec, options: LintOptions, reuse: dict[str, list[tuple[str, Issue]]]
                    ) -> dict[str, list[tuple[str, Issue]]]:
    """What each active rule reports, taken from ``reuse`` for the rules it holds."""
    issues: dict[str, list[tuple[str, Issue]]] = {}
    for rule_, severity, rule_options in options.config.active(all_rules(), options.only_rules):
        if spec.format not in rule_.formats:
            continue
        if rule_.id in reuse:
            issues[rule_.id] = reuse[rule_.id]
            continue
        api = spec.api
        try:
            issues[rule_.id] = [(severity, issue) for issue in rule_.check(api, Context(rule_, rule_options))]
        except Exception as exc:  # a rule bug must not hide the other rules' findings
            raise InputError(f"internal error in rule {rule_.id}: {exc.__class__.__name__}: {exc} "
                             "(please report this)", spec.file) from None
    return issues


def findings(kept: Kept, options: LintOptions) -> list[Finding]:
    """The findings of ``kept``'s issues: positioned, without those suppressed, sorted. The positions found
    are added to ``kept``."""
    spec, sources = kept.spec, kept.sources
    raw = _deduplicate([(rule_id, severity, issue) for rule_id, found in kept.issues.items()
                        for severity, issue in found] + kept.custom)
    by_display = {source.display: source for source in sources.values()}
    positions = kept.positions
    positions.update(_positions([item for item in raw if (item[2].loc.file, item[2].loc.pointer) not in positions],
                                by_display))
    found = []
    comments: dict[str, CommentIndex] = {}
    reach = PathReach(sources, spec.file)  # built on first question
    for rule_id, severity, issue in raw:
        loc = issue.loc
        line, column = (loc.line, loc.column) if loc.line else positions.get((loc.file, loc.pointer), (1, 1))
        source = by_display.get(loc.file)
        if source is not None:
            if not getattr(source, "linted", True):  # a proto import: resolved for types, not linted
                continue
            if ignored_by_extension(source.data, loc.pointer, rule_id):
                continue
            if source.kind in COMMENT_MARKERS:
                index = comments.get(loc.file) or comments.setdefault(
                    loc.file, CommentIndex(source.text, COMMENT_MARKERS[source.kind]))
                if index.ignores(line, rule_id):
                    continue
        if options.config.ignores and any(
                i.matches(rule_id, loc.file, lambda loc=loc: _api_paths(loc, spec.format, reach))
                for i in options.config.ignores):
            continue
        found.append(Finding(rule_id, severity, issue.message, loc.file, line, column, loc.pointer, issue.hint))
    found.sort(key=lambda f: f.sort_key)
    return found


def custom_issues(spec: LoadedSpec, options: LintOptions) -> list[tuple[str, str, Issue]]:
    """What the configured Spectral rulesets report on an OpenAPI spec."""
    if not options.config.rulesets or spec.format != "openapi":
        return []
    from apilint.spectral.run import ruleset_issues

    raw = []
    for ruleset in options.config.rulesets:
        for name, severity, issue in ruleset_issues(ruleset, spec.workspace):
            severity = options.config.custom_setting(name, severity, options.only_rules)
            if severity != "off":
                raw.append((name, severity, issue))
    return raw


def _deduplicate(raw: list[tuple[str, str, Issue]]) -> list[tuple[str, str, Issue]]:
    seen: set[tuple[str, str, str, str]] = set()
    unique = []
    for item in raw:
        key = (item[0], item[2].loc.file, item[2].loc.pointer, item[2].message)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _positions(raw: list[tuple[str, str, Issue]], sources: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    wanted: dict[str, list[str]] = defaultdict(list)
    for _, _, issue in raw:
        if issue.loc.line is None:
            wanted[issue.loc.file].append(issue.loc.pointer)
    result = {}
    for file, pointers in wanted.items():
        source = sources.get(file)
        if source is None:
            continue
        for pointer, position in source.positions(pointers).items():
            result[(file, pointer)] = position
    return result


def _api_paths(loc: Loc, format_: str, reach: PathReach) -> list[str]:
    """The API paths a finding is about: its own, else (OpenAPI) those reaching the component it is in."""
    own = _api_path(loc.pointer)
    if own is not None or format_ != "openapi":
        return [own] if own is not None else []
    return sorted(reach.paths_of(loc.file, loc.pointer))


def _api_path(pointer: str) -> str | None:
    if pointer.startswith("/paths/"):
        return split(pointer)[1]
    if pointer.startswith("/") and "." in pointer:  # proto element names
        return pointer[1:]
    return None


def worker_count(requested: int, specs: int) -> int:
    """Processes for ``-j``: ``requested`` (0: one per core), never more than the specs, nor 4 per core."""
    cores = os.cpu_count() or 1
    return max(1, min(requested or cores, specs, cores * 4))


def lint_targets(targets: list[str], options: LintOptions, jobs: int = 1, progress: bool = False
                 ) -> list[LintResult]:
    """Lint several specs, in parallel processes when ``jobs`` > 1."""
    if jobs <= 1 or len(targets) <= 1:
        results = []
        for index, target in enumerate(targets, start=1):
            results.append(lint_target(target, options))
            if progress:
                _progress(index, len(targets))
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[str, LintResult] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(lint_target, target, options): target for target in targets}
        for index, future in enumerate(as_completed(futures), start=1):
            target = futures[future]
            try:
                results[target] = future.result()
            except Exception as exc:  # the worker died (killed, out of memory): this spec only
                results[target] = LintResult(target, error=f"{shown_path(target)}: lint process failed: "
                                                           f"{exc.__class__.__name__}: {exc}")
            if progress:
                _progress(index, len(targets))
    return [results[t] for t in targets]


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} specs")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
