"""Accepted breaks: ignore file, x-apilint-ignore, excluded paths, the major-version policy."""

from __future__ import annotations

import pytest

from apilint.diff.config import DiffConfig, load_config
from apilint.diff.engine import DiffOptions, diff
from apilint.errors import InputError


def remove_orders(s):
    s["paths"].pop("/orders")


def counted(old, new, config=None):
    result = diff(old, new, DiffOptions(config=config or DiffConfig()))
    return [c.id for c in result.changes if c.counts], [(c.id, c.allowed) for c in result.changes if not c.counts]


def test_ignore_file_with_wildcards(spec_pair, tmp_path):
    old, new = spec_pair(remove_orders)
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("ignore:\n  - id: path-*\n    path: /ord*\n    reason: retired with the v1 app\n")
    assert counted(old, new, load_config(str(ignore))) == ([], [("path-removed", "ignore file: retired with the "
                                                                                  "v1 app")])
    ignore.write_text("ignore:\n  - id: path-*\n    operation: 'GET *'\n")  # the removed op is a POST
    assert counted(old, new, load_config(str(ignore)))[0] == ["path-removed"]
    ignore.write_text("ignore:\n  - operation: createOrder\n")  # by operationId
    assert counted(old, new, load_config(str(ignore)))[0] == []


def test_bad_ignore_file_is_input_error(tmp_path):
    bad = tmp_path / "ignore.yaml"
    bad.write_text("ignores: []\n")
    with pytest.raises(InputError, match="unknown key"):
        load_config(str(bad))


def test_excluded_paths_are_not_compared(spec_pair):
    old, new = spec_pair(remove_orders)
    assert counted(old, new, DiffConfig(exclude_paths=["/orders"])) == ([], [])


def test_x_apilint_ignore_in_new_spec(spec_pair):
    def edit(s):
        s["components"]["schemas"]["NewOrder"]["properties"]["sku"].update(
            {"maxLength": 8, "x-apilint-ignore": ["request-property-max-length-*"]})

    old, new = spec_pair(edit)
    assert counted(old, new) == ([], [("request-property-max-length-decreased",
                                       "x-apilint-ignore: request-property-max-length-*")])


def test_major_version_bump_accepts_breaking_changes(spec_pair):
    def bump(s):
        remove_orders(s)
        s["info"]["version"] = "2.0.0"

    old, new = spec_pair(bump)
    assert counted(old, new)[0] == []
    assert counted(old, new, DiffConfig(major_version_policy=False))[0] == ["path-removed"]
    old, new = spec_pair(lambda s: (remove_orders(s), s["info"].update(version="1.1.0")))
    assert counted(old, new)[0] == ["path-removed"]


def test_path_version_bump_accepts_breaking_changes(spec_pair):
    def v1(s):
        s["paths"] = {"/v1" + k: v for k, v in s["paths"].items()}

    def v2(s):
        s["paths"] = {"/v2" + k: v for k, v in s["paths"].items()}
        s["paths"]["/v2/orders"]["post"]["requestBody"]["required"] = True

    old, new = spec_pair(v2, v1)
    kept, accepted = counted(old, new)
    assert kept == []
    assert {i for i, _ in accepted} == {"path-removed", "request-body-became-required"}


def test_x_apilint_ignore_on_operation_and_document(spec_pair):
    def on_operation(s):
        post = s["paths"]["/orders"]["post"]
        post["x-apilint-ignore"] = ["request-body-*"]
        post["requestBody"]["required"] = True
        s["components"]["schemas"]["Order"]["required"] = ["id"]  # a response change elsewhere still counts

    kept, accepted = counted(*spec_pair(on_operation))
    assert "request-body-became-required" in {i for i, _ in accepted}
    assert "response-property-became-optional" in kept

    def on_document(s):
        on_operation(s)
        s["x-apilint-ignore"] = True

    assert counted(*spec_pair(on_document))[0] == []
