"""Behaviour of verb-in-path."""

from ._lint import HEAD, findings, op


def test_noun_compounds_are_not_verbs_in_paths(tmp_path):
    # DigitalOcean /v2/add-ons and do_settings, Twilio AddOnResults, GitHub remove-token.
    paths = ["/v2/add-ons/apps", "/v2/databases/{id}/do_settings", "/Recordings/{Sid}/AddOnResults.json",
             "/orgs/{org}/actions/runners/remove-token"]
    spec = HEAD + "paths:\n" + "".join(op(p, op_id=f"getThing{i}") for i, p in enumerate(paths))
    assert findings(tmp_path, spec, "verb-in-path") == []
    assert len(findings(tmp_path, HEAD + "paths:\n" + op("/v1/getUser", op_id="getUser"), "verb-in-path")) == 1
