"""Behaviour of state-free-string."""

from ._field_types import _spec
from ._lint import findings


def test_state_free_string(tmp_path):
    props = ("        status: {type: string}\n        '@type': {type: string}\n"
             "        content_type: {type: string}\n        kind: {type: string, enum: [a, b]}\n")
    found = findings(tmp_path, _spec(props), "state-free-string")
    assert [f.message.split("'")[1] for f in found] == ["status"]
