"""Behaviour of unknown-fields-accepted."""

from ._input_validation import _post
from ._lint import HEAD, findings


def test_unknown_fields_only_in_strict_apis(tmp_path):
    closed = "                x: {type: string, maxLength: 5}\n"
    paths = "".join(_post(f"/v1/r{i}", f"createR{i}", closed) for i in range(4))
    lenient = HEAD + "paths:\n" + paths
    assert findings(tmp_path, lenient, "unknown-fields-accepted") == []
    strict = lenient.replace("type: object\n", "type: object\n              additionalProperties: false\n", 3)
    found = findings(tmp_path, strict, "unknown-fields-accepted")
    assert len(found) == 1 and "/v1/r3" in found[0].message
