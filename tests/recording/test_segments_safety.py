"""Segment files stay inside the recording folder whatever the configured prefix holds."""

from __future__ import annotations

import os

from apilint.recording.segments import SegmentWriter


def test_a_hostile_prefix_cannot_leave_the_folder(tmp_path):
    out = tmp_path / "out"
    writer = SegmentWriter(str(out), prefix="../../escaped")
    writer.write(b'{"v": 1}\n')
    writer.close()
    written = [os.path.join(root, name) for root, _, names in os.walk(tmp_path) for name in names]
    assert written and all(path.startswith(str(out) + os.sep) for path in written)


def test_the_default_prefix_names_segments_as_documented(tmp_path):
    writer = SegmentWriter(str(tmp_path))
    writer.write(b'{"v": 1}\n')
    writer.close()
    (name,) = os.listdir(tmp_path)
    assert name.startswith("rec-") and name.endswith(".jsonl")
