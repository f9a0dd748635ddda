from ._lint import HEAD, findings, op


def _spec(props: str) -> str:
    return (HEAD + "paths:\n" + op("/v1/orders", op_id="listOrders") +
            "components:\n  schemas:\n    Order:\n      type: object\n      properties:\n" + props)


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


def test_state_free_string(tmp_path):
    props = ("        status: {type: string}\n        '@type': {type: string}\n"
             "        content_type: {type: string}\n        kind: {type: string, enum: [a, b]}\n")
    found = findings(tmp_path, _spec(props), "state-free-string")
    assert [f.message.split("'")[1] for f in found] == ["status"]


def test_id_name_misuse_uuid_name_and_required_client_id(tmp_path):
    spec = (HEAD + "paths:\n  /v1/orders:\n    post:\n      operationId: createOrder\n      requestBody:\n"
            "        content:\n          application/json:\n            schema:\n              type: object\n"
            "              required: [id]\n              properties:\n                id: {type: string}\n"
            "                owner_name: {type: string, format: uuid}\n"
            "      responses: {'201': {description: Created}}\n")
    messages = [f.message for f in findings(tmp_path, spec, "id-name-misuse")]
    assert len(messages) == 2
    assert any("owner_name" in m for m in messages) and any("'id'" in m for m in messages)
