"""The language server over stdio: LSP messages (pygls) wired to the session, hover, actions and go-to."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from apilint import __version__
from apilint.errors import InputError
from apilint.lsp.actions import OPEN_DOC, code_actions
from apilint.lsp.document import FastWorkspace, lines_of
from apilint.lsp.hover import hover
from apilint.lsp.index import is_lintable
from apilint.lsp.linting import Linter
from apilint.lsp.navigate import definition
from apilint.lsp.refs import Parsed
from apilint.lsp.session import Session

WATCHED = "**/*.{yaml,yml,json,proto,toml}"  # specs, protos, configs (pyproject.toml) and baselines
DEBOUNCE_SECONDS = 0.02  # the changes an editor sends for one action re-lint once, after this quiet time


class ApilintServer(LanguageServer):
    def __init__(self, linter: Linter, settings: tuple[str | None, str | None, str | None]) -> None:
        super().__init__("apilint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = settings  # config, preset, baseline: to build the linter again in the workspace folder
        self.session = Session(linter, [os.getcwd()], self._publish, self._lines)
        self.parsed = Parsed(self.session.text)
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._queued: set[str] = set()  # paths whose lint waits for the worker: a change joins that lint
        # lints run one at a time in a worker thread, so hovers and go-to are answered during a long one
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="apilint-lint")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._documents: dict[str, TextDocument] = {}  # open path -> the document pygls keeps for it

    def _lines(self, path: str) -> Sequence[str]:
        """The lines of the session's text of ``path``: the document's, read lazily, while they are the same."""
        text = self.session.text(path)
        document = self._documents.get(path)
        return lines_of(document, text) if document is not None else text.splitlines()

    def _publish(self, path: str, found: list[types.Diagnostic]) -> None:
        self._on_loop(self.text_document_publish_diagnostics,
                      types.PublishDiagnosticsParams(uri=_uri(path), diagnostics=found))

    def _say(self, text: str) -> None:
        self._on_loop(self.window_show_message, types.ShowMessageParams(types.MessageType.Error, text))

    def _on_loop(self, send: Callable[[Any], Any], params: Any) -> None:
        """Send from the event loop's thread: the lint worker must not write to the transport itself."""
        if self._loop is None or threading.current_thread() is threading.main_thread():
            send(params)
        else:
            self._loop.call_soon_threadsafe(send, params)

    def open_workspace(self, folders: list[str]) -> None:
        """Findings name files relative to the working folder, config and baseline are found from it: the
        first workspace folder, as if `apilint check` ran there."""
        if not folders or folders[0] == os.getcwd():
            return
        try:
            os.chdir(folders[0])
            self.session.linter = Linter(*self.settings)
        except (OSError, InputError) as exc:
            self._say(f"apilint: {exc}")
        self.session.index.folders = folders

    def lint_now(self, path: str) -> None:
        """Queue a lint of ``path`` for the worker (called on the event loop), unless one is queued already:
        it reads the newest text when it starts, so typing during a long lint re-lints once after it."""
        handle = self._pending.pop(path, None)
        if handle is not None:
            handle.cancel()
        if path in self._queued:
            return
        self._queued.add(path)
        self._loop = asyncio.get_running_loop()
        self._worker.submit(self._lint_queued, path)

    def _lint_queued(self, path: str) -> None:
        self._queued.discard(path)  # before the lint reads the text: a change from now on queues another
        self._lint([path])

    def lint_changed_on_disk(self, paths: list[str]) -> None:
        """Queue one lint of the targets of ``paths``, changed on disk (the settings are checked first, also
        for none); no target is re-linted in part after it, as files it read may have changed."""
        self._loop = asyncio.get_running_loop()
        self._worker.submit(self._lint, paths, True)

    def _lint(self, paths: list[str], on_disk: bool = False) -> None:
        try:
            self._reload_settings()
            if on_disk:
                self.session.linter.forget()
            self.session.lint_files(paths)
        except Exception as exc:  # a bug must not take the editor's server down
            self._say(f"apilint: internal error: {exc.__class__.__name__}: {exc} (please report this)")

    def _reload_settings(self) -> None:
        """A saved config, ruleset or baseline counts from the next lint on, for every target."""
        try:
            if self.session.linter.reload_if_changed():
                self.session.relint_all()
        except InputError as exc:
            self._say(f"apilint: {exc}")

    def lint_soon(self, path: str) -> None:
        handle = self._pending.pop(path, None)
        if handle is not None:
            handle.cancel()
        self._pending[path] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.lint_now, path)


def _uri(path: str) -> str:
    return from_fs_path(path) or path


def _path(uri: str) -> str | None:
    path = to_fs_path(uri)
    return os.path.abspath(path) if path and is_lintable(path) else None


def build_server(linter: Linter, settings: tuple[str | None, str | None, str | None]) -> ApilintServer:
    server = ApilintServer(linter, settings)

    @server.feature(types.INITIALIZE)
    def initialize(ls: ApilintServer, params: types.InitializeParams) -> None:
        ls.workspace.__class__ = FastWorkspace  # pygls built it just now: its documents take edits faster

    @server.feature(types.INITIALIZED)
    def initialized(ls: ApilintServer, params: types.InitializedParams) -> None:
        folders = [p for f in ls.workspace.folders.values() if (p := to_fs_path(f.uri))]
        root = ls.workspace.root_path
        ls.open_workspace(folders or ([root] if root else []))
        workspace = ls.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace else None
        if watching and watching.dynamic_registration:
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                "apilint-watched-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(WATCHED)]))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: ApilintServer, params: types.DidChangeWatchedFilesParams) -> None:
        """Files changed on disk (a checkout, another tool): the editor's open texts still count."""
        paths = [p for change in params.changes if (p := _path(change.uri)) and p not in ls.session.open]
        ls.lint_changed_on_disk(sorted(set(paths)))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ApilintServer, params: types.DidOpenTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path:
            ls.session.open[path] = params.text_document.text
            ls.lint_now(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ApilintServer, params: types.DidChangeTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path:
            document = ls._documents[path] = ls.workspace.get_text_document(params.text_document.uri)
            ls.session.open[path] = document.source
            ls.lint_soon(path)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ApilintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path:
            ls.lint_now(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ApilintServer, params: types.DidCloseTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        ls._documents.pop(path or "", None)
        if path and ls.session.close(path):
            ls.lint_now(path)  # closed without saving: the disk's text counts again

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ApilintServer, params: types.HoverParams) -> types.Hover | None:
        path = _path(params.text_document.uri)
        if not path:
            return None
        return hover(path, ls.session.text(path), params.position, ls.session.published(path), ls.parsed,
                     ls.session.linter.describe)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: ApilintServer, params: types.DefinitionParams) -> types.Location | None:
        path = _path(params.text_document.uri)
        if not path:
            return None
        return definition(path, ls.session.text(path), params.position, ls.parsed, ls.session.text)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def on_code_action(ls: ApilintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        path = _path(params.text_document.uri)
        if not path:
            return []
        source = None if path.endswith(".proto") else ls.parsed.source(path)
        return code_actions(params.text_document.uri, path, ls.session.text(path), source,
                            params.context.diagnostics)

    @server.command(OPEN_DOC)
    def open_doc(ls: ApilintServer, url: str) -> None:
        ls.window_show_document(types.ShowDocumentParams(uri=url, external=True))

    return server
