"""Behaviour of safe-method-changes-state."""

from ._lint import HEAD, findings, op

STATE = "safe-method-changes-state"


def test_get_generate_flagged(tmp_path):
    spec = HEAD + "paths:\n" + op("/v1/reports/generate", op_id="getReport")
    assert len(findings(tmp_path, spec, STATE)) == 1


def test_noun_segments_that_start_like_verbs_not_flagged(tmp_path):
    # DigitalOcean /v2/add-ons and .../restart_count, Twilio AddOnResults, GitHub .../archive downloads.
    paths = ["/v2/add-ons/apps", "/v2/monitoring/metrics/apps/restart_count",
             "/Recordings/{Sid}/AddOnResults.json", "/user/migrations/{migration_id}/archive"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, STATE) == []


def test_compound_nouns_and_form_routes_not_flagged(tmp_path):
    # TfL /Line/{id}/StopPoints, Azure .../updateSummary/default, Reverb's Rails-style GET .../edit form.
    paths = ["/Line/{id}/StopPoints", "/devices/{name}/updateSummary/default", "/listings/{slug}/edit"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, STATE) == []


def test_noun_like_operation_names_of_path_resources_not_flagged(tmp_path):
    # Discourse postReplies on /posts/{id}/replies, Files.com LockListForPath on /locks/{path},
    # Azure PatchSchedules_ListByRedisResource on .../patchSchedules.
    spec = HEAD + "paths:\n" + op("/posts/{id}/replies.json", op_id="postReplies") + op(
        "/locks/{path}", op_id="LockListForPath") + op("/Redis/{name}/patchSchedules",
                                                        op_id="PatchSchedules_ListByRedisResource")
    assert findings(tmp_path, spec, STATE) == []
    assert len(findings(tmp_path, HEAD + "paths:\n" + op("/v1/replies", op_id="postReply"), STATE)) == 1


def test_verb_segments_still_flagged(tmp_path):
    # Microsoft Graph .../tasks/{id}/trigger, Jira .../jmx/startExposing.
    paths = ["/print/tasks/{id}/trigger", "/monitoring/jmx/startExposing", "/sessions/stop"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert len(findings(tmp_path, spec, STATE)) == 3
