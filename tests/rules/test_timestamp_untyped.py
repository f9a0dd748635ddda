"""Behaviour of timestamp-untyped."""

from ._field_types import _spec
from ._lint import findings


def test_epoch_and_untyped_timestamps_flagged(tmp_path):
    found = findings(tmp_path, _spec("        created: {type: integer}\n        updated_at: {type: string}\n"
                                     "        paid_at: {type: string, format: date-time}\n"), "timestamp-untyped")
    assert sorted(f.message.split("'")[1] for f in found) == ["created", "updated_at"]


def test_time_suffix_durations_and_times_of_day_not_flagged(tmp_path):
    # DigitalOcean: scale_down_unneeded_time is a duration ("1m0s"), start_time a time of day ("12:00").
    props = ("        scale_down_unneeded_time: {type: string, description: how long a node is unneeded, "
             "example: 1m0s}\n"
             "        start_time: {type: string, example: '12:00', description: 'Start in HH:MM notation'}\n"
             "        response_time: {type: integer}\n")
    assert findings(tmp_path, _spec(props), "timestamp-untyped") == []


def test_time_suffix_with_timestamp_evidence_flagged(tmp_path):
    props = "        due_time: {type: string, description: The due date in ISO 8601 format}\n"
    assert len(findings(tmp_path, _spec(props), "timestamp-untyped")) == 1
