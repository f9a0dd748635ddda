"""Summary first: the counts open the output, operation-level breaks come before schema-level ones, --level
filters what is shown (not the exit code), accepted changes are hidden unless --show-accepted."""

from __future__ import annotations

import json

CHANGES = (
    lambda s: s["components"]["schemas"]["Order"]["properties"].pop("note"),  # schema-level, breaking
    lambda s: s["paths"]["/orders"].pop("post"),  # operation-level, breaking (sorts after GET /orders/...)
    lambda s: s["paths"]["/orders/{orderId}"]["get"]["parameters"].append(
        {"name": "lang", "in": "query", "schema": {"type": "string"}}),  # info
)


def _edit(spec):
    for change in CHANGES:
        change(spec)


def test_counts_first_then_operation_level_breaks(cli, spec_pair):
    done = cli("diff", *spec_pair(_edit))
    lines = done.stdout.splitlines()
    assert lines[0] == "2 breaking, 0 warning, 1 info change(s)", lines
    assert "[operation-removed]" in lines[1] and "POST /orders" in lines[1]
    assert "[response-property-removed]" in lines[2]
    assert done.returncode == 1


def test_level_filters_what_is_shown_not_the_exit_code(cli, spec_pair):
    old, new = spec_pair(_edit)
    done = cli("diff", old, new, "--level", "breaking")
    assert done.returncode == 1
    assert ": info: " not in done.stdout and "1 below --level breaking, not shown" in done.stdout
    assert done.stdout.splitlines()[0] == "2 breaking, 0 warning, 1 info change(s)"  # the counts stay whole
    listed = json.loads(cli("diff", old, new, "--level", "warning", "-f", "json").stdout)["changes"]
    assert {c["level"] for c in listed} == {"breaking"}
    assert cli("diff", old, new, "--level", "breaking", "--fail-on", "warning").returncode == 1
    info_only = cli("diff", *spec_pair(CHANGES[2]), "--level", "breaking", "--fail-on", "warning")
    assert info_only.returncode == 0


def test_accepted_changes_are_counted_not_listed_unless_asked(cli, spec_pair, tmp_path):
    old, new = spec_pair(_edit)
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text("ignore:\n  - id: operation-removed\n    path: /orders\n")
    done = cli("diff", old, new, "--ignore", str(ignore))
    assert "[operation-removed]" not in done.stdout
    assert "1 accepted, not shown: --show-accepted" in done.stdout
    shown = cli("diff", old, new, "--ignore", str(ignore), "--show-accepted")
    assert "[operation-removed] [accepted:" in shown.stdout and "not shown" not in shown.stdout
    markdown = cli("diff", old, new, "--ignore", str(ignore), "-f", "markdown").stdout
    assert "Accepted" not in markdown and "1 accepted, not shown: --show-accepted" in markdown
    document = json.loads(cli("diff", old, new, "--ignore", str(ignore), "-f", "json").stdout)
    assert any(c.get("allowed") for c in document["changes"])  # the JSON artifact keeps them, marked
