"""Incremental edits applied by FastTextDocument give pygls's own result, whatever the text and range."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.workspace import TextDocument

from apilint.lsp.document import FastTextDocument, Lines

_PIECES = ["a", "bc", "\n", "\r\n", "é", "🙂", " ", "x" * 40, "\n\n"]
_RARE = ["\r", "\u2028", "\x0c", "\x85"]


def _edit(rng: random.Random, lines: int) -> types.TextDocumentContentChangePartial:
    def position() -> types.Position:
        return types.Position(line=rng.randint(0, lines + 1), character=rng.randint(0, 45))

    start, end = sorted([position(), position()], key=lambda p: (p.line, p.character))
    if rng.random() < 0.1:
        start, end = end, start  # a reversed range: pygls leaves the text as it was
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=start, end=end), text="".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 3))))


def _copy(change: types.TextDocumentContentChangePartial) -> types.TextDocumentContentChangePartial:
    start, end = change.range.start, change.range.end
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(start.line, start.character), end=types.Position(end.line, end.character)),
        text=change.text)


@pytest.mark.parametrize("rare", [False, True], ids=["newlines", "other-breaks"])
def test_random_edits_match_pygls(rare: bool):
    rng = random.Random(23)
    pieces = _PIECES + (_RARE if rare else [])
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        fast = FastTextDocument("file:///t.yaml", text, version=1)
        slow = TextDocument("file:///t.yaml", text, version=1)
        for _ in range(5):
            change = _edit(rng, len(slow.lines))
            twin = _copy(change)  # pygls may clamp a position in place
            fast.apply_change(change)
            slow.apply_change(twin)
            assert fast.source == slow.source, (text, change)


def test_lines_are_splitlines_with_their_ends():
    for text in ["", "a", "a\n", "a\r\nb", "\n\n", "x" * 70_000 + "\n" + "y" * 300_000 + "\nz"]:
        lines = Lines(text)
        assert [lines[row] for row in range(len(lines))] == text.splitlines(True)
        assert lines.start(len(lines)) == len(text)
        if text:
            assert lines[-1] == text.splitlines(True)[-1]


def test_a_long_run_of_edits_keeps_matching_pygls():
    """The document remembers what it knows of its text between edits (only "\\n" breaks, how many)."""
    rng = random.Random(5)
    text = "".join(rng.choice(_PIECES) for _ in range(200))
    fast = FastTextDocument("file:///t.yaml", text, version=1)
    slow = TextDocument("file:///t.yaml", text, version=1)
    for step in range(600):
        change = _edit(rng, len(slow.lines))
        if step % 50 == 49:  # now and then a rare line break arrives, later edits remove it again
            change.text += rng.choice(_RARE)
        twin = _copy(change)
        fast.apply_change(change)
        slow.apply_change(twin)
        assert fast.source == slow.source


def test_diagnostic_ranges_from_lazy_lines_equal_those_from_splitlines():
    from apilint.lsp.diagnostics import _range
    from apilint.lsp.document import lines_of

    rng = random.Random(9)
    for _ in range(300):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        document = FastTextDocument("file:///t.yaml", text, version=1)
        document.apply_change(_edit(rng, len(text.splitlines())))
        lines, plain = lines_of(document, document.source), document.source.splitlines()
        assert isinstance(lines, Lines)  # only "\n" and "\r\n" breaks: read lazily
        positions = [(rng.randint(0, len(plain) + 2), rng.randint(0, 50)) for _ in range(8)]
        assert [_range(lines, *p) for p in positions] == [_range(plain, *p) for p in positions]
        assert isinstance(lines_of(document, document.source + "x"), list)  # another text: split, not lazy


def test_the_server_keeps_its_documents_as_fast_documents():
    from apilint.lsp.linting import Linter
    from apilint.lsp.server import build_server

    server = build_server(Linter(), (None, None, None))
    handler, args, _ = next(server.protocol.lsp_initialize(
        types.InitializeParams(capabilities=types.ClientCapabilities())))  # pygls builds the workspace, then asks us
    handler(*args)
    server.workspace.put_text_document(types.TextDocumentItem(uri="file:///t.yaml", language_id="yaml", version=1,
                                                              text="a: 1\n"))
    assert isinstance(server.workspace.get_text_document("file:///t.yaml"), FastTextDocument)
