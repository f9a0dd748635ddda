"""The major-version policy (2.3, 7.4): breaks are accepted only where the version clients see went up (a /vN
path segment, a server URL's /vN, a proto package's .vN); info.version counts only when there is none."""

from __future__ import annotations

import json
from pathlib import Path

from apilint.diff.config import DiffConfig
from apilint.diff.engine import DiffOptions, diff
from tests.conftest import run_cli

from .test_proto import BASE as PROTO


def prefixed(prefix):
    def edit(s):
        s["paths"] = {prefix + k: v for k, v in s["paths"].items()}
    return edit


def require_body(s, path="/orders"):
    s["paths"][path]["post"]["requestBody"]["required"] = True


def bump_info(s):
    s["info"]["version"] = "2.0.0"


def outcome(old, new, config=None):
    """(counted change ids, {accepted change id: why}, notes)."""
    result = diff(old, new, DiffOptions(config=config or DiffConfig()))
    return (sorted(c.id for c in result.changes if c.counts and c.level == "breaking"),
            {c.id: c.allowed for c in result.changes if not c.counts}, result.notes)


# OpenAPI: paths


def test_info_version_alone_accepts_nothing_while_paths_stay_v1(spec_pair):
    def edit(s):
        prefixed("/v1")(s)
        require_body(s, "/v1/orders")
        bump_info(s)

    counted, accepted, notes = outcome(*spec_pair(edit, prefixed("/v1")))
    assert counted == ["request-body-became-required"] and accepted == {}
    assert notes == ["info.version 1.0.0 -> 2.0.0 but the paths stay /v1: clients see no new version, so "
                     "breaking changes still count"]


def test_v1_replaced_as_a_whole_by_v2_is_a_major_bump(spec_pair):
    def edit(s):
        prefixed("/v2")(s)
        require_body(s, "/v2/orders")

    counted, accepted, notes = outcome(*spec_pair(edit, prefixed("/v1")))
    assert counted == [] and notes == []
    assert accepted == {"path-removed": "major version bumped: path /v1 removed as a whole, replaced by /v2",
                        "request-body-became-required": "major version bumped in the path (/v1 -> /v2)"}


def test_a_new_v2_beside_v1_leaves_v1_breaks_counted(spec_pair):
    def edit(s):
        prefixed("/v1")(s)
        s["paths"]["/v2/orders"] = s["paths"]["/v1/orders"]
        require_body(s, "/v1/orders")
        bump_info(s)

    counted, accepted, notes = outcome(*spec_pair(edit, prefixed("/v1")))
    assert counted == ["request-body-became-required"] and accepted == {}
    assert notes and notes[0].startswith("info.version 1.0.0 -> 2.0.0 accepts no breaking change: clients see the "
                                         "version in the paths (/v1 -> /v1, /v2)")


def test_one_operation_moved_to_v2_while_v1_is_still_served(spec_pair):
    """Clients of POST /v1/orders lose it (counted); how /v2/orders differs from it is new-version opt-in."""
    def edit(s):
        prefixed("/v1")(s)
        s["paths"]["/v2/orders"] = s["paths"].pop("/v1/orders")
        require_body(s, "/v2/orders")

    counted, accepted, _ = outcome(*spec_pair(edit, prefixed("/v1")))
    assert counted == ["path-removed"]
    assert accepted == {"request-body-became-required": "major version bumped in the path (/v1 -> /v2)"}


def test_a_path_without_version_in_a_versioned_api_is_not_accepted_by_info_version(spec_pair):
    def edit(s):
        s["paths"]["/v1/orders/{orderId}"] = s["paths"].pop("/orders/{orderId}")
        require_body(s)  # /orders has no /vN, but the API has one
        bump_info(s)

    def old(s):
        s["paths"]["/v1/orders/{orderId}"] = s["paths"].pop("/orders/{orderId}")

    counted, accepted, _ = outcome(*spec_pair(edit, old))
    assert counted == ["request-body-became-required"] and accepted == {}


def test_no_client_visible_version_keeps_info_version_as_the_signal(spec_pair):
    def edit(s):
        require_body(s)
        bump_info(s)

    counted, accepted, notes = outcome(*spec_pair(edit))
    assert counted == [] and notes == []
    assert accepted == {"request-body-became-required": "major version bumped (1.0.0 -> 2.0.0)"}
    assert outcome(*spec_pair(require_body))[0] == ["request-body-became-required"]


def test_no_major_policy_accepts_nothing_and_adds_no_note(spec_pair):
    def edit(s):
        prefixed("/v2")(s)
        require_body(s, "/v2/orders")
        bump_info(s)

    off = DiffConfig(major_version_policy=False)
    assert outcome(*spec_pair(edit, prefixed("/v1")), off) == (["path-removed"] * 2 + ["request-body-became-required"],
                                                               {}, [])


# OpenAPI: server URLs


def server(url, variables=None):
    def edit(s):
        s["servers"] = [{"url": url, **({"variables": variables} if variables else {})}]
    return edit


def test_server_url_version_bump_accepts_breaks(spec_pair):
    def edit(s):
        server("https://api.example.com/v2")(s)
        require_body(s)
        s["paths"].pop("/orders/{orderId}")

    counted, accepted, _ = outcome(*spec_pair(edit, server("https://api.example.com/v1")))
    assert counted == []
    assert accepted == {
        "request-body-became-required": "major version bumped in the server URL (/v1 -> /v2)",
        "path-removed": "major version bumped: server URL /v1 removed as a whole, replaced by /v2"}


def test_server_url_that_stays_v1_is_what_clients_see(spec_pair):
    def edit(s):
        server("{scheme}://api.example.com/{version}", {"scheme": {"default": "https"},
                                                          "version": {"default": "v1"}})(s)
        require_body(s)
        bump_info(s)

    counted, accepted, notes = outcome(*spec_pair(edit, server("https://api.example.com/v1")))
    assert counted == ["request-body-became-required"] and accepted == {}
    assert notes == ["info.version 1.0.0 -> 2.0.0 but the server URLs stay /v1: clients see no new version, so "
                     "breaking changes still count"]


def test_an_operation_server_overrides_the_document_one(spec_pair):
    def old(s):
        server("https://api.example.com/v1")(s)

    def edit(s):
        old(s)
        s["paths"]["/orders"]["post"]["servers"] = [{"url": "https://api.example.com/v2"}]
        require_body(s)
        s["paths"]["/orders/{orderId}"]["get"]["parameters"][1]["required"] = True

    counted, accepted, _ = outcome(*spec_pair(edit, old))
    assert counted == ["request-parameter-became-required"]
    assert accepted == {"request-body-became-required": "major version bumped in the server URL (/v1 -> /v2)"}


def test_swagger2_base_path_is_the_server_version(tmp_path):
    def spec(base_path, required):
        return {"swagger": "2.0", "info": {"title": "t", "version": "1.0"}, "basePath": base_path,
                "paths": {"/pets": {"get": {"parameters": [
                    {"name": "q", "in": "query", "type": "string", "required": required}],
                    "responses": {"200": {"description": "ok"}}}}}}

    paths = []
    for name, base_path, required in (("a", "/v1", False), ("b", "/v2", True), ("c", "/v1", True)):
        (tmp_path / f"{name}.json").write_text(json.dumps(spec(base_path, required)))
        paths.append(str(tmp_path / f"{name}.json"))
    assert outcome(paths[0], paths[1]) == ([], {"request-parameter-became-required":
                                                "major version bumped in the server URL (/v1 -> /v2)"}, [])
    assert outcome(paths[0], paths[2])[0] == ["request-parameter-became-required"]


# proto


def write_tree(root: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return str(root)


def v2(text):
    return text.replace("package shop.v1;", "package shop.v2;")


def test_proto_package_replaced_by_v2_is_a_major_bump(tmp_path):
    old = write_tree(tmp_path / "old", {"shop/v1/shop.proto": PROTO})
    new = write_tree(tmp_path / "new", {"shop/v2/shop.proto": v2(PROTO).replace("int32 quantity = 2;", "")})
    result = diff(old, new)
    breaking = [c for c in result.changes if c.level == "breaking"]
    assert breaking and not [c for c in breaking if c.counts]
    assert {c.allowed for c in breaking} == {"major version bumped: package shop.v1 removed as a whole, "
                                             "replaced by shop.v2"}


def test_proto_package_v2_beside_v1_leaves_v1_breaks_counted(tmp_path):
    old = write_tree(tmp_path / "old", {"shop/v1/shop.proto": PROTO})
    new = write_tree(tmp_path / "new", {"shop/v1/shop.proto": PROTO.replace("int32 quantity = 2;", ""),
                                        "shop/v2/shop.proto": v2(PROTO)})
    counted = [c.id for c in diff(old, new).failing()]
    assert "FIELD_NO_DELETE" in counted
    assert not [c for c in diff(old, new).changes if c.allowed]


def test_proto_package_renamed_in_place_counts_while_v1_stays(tmp_path):
    """The file's package goes v1 -> v2, but another file still serves shop.v1: not a bump."""
    other = 'syntax = "proto3";\npackage shop.v1;\nmessage Note { string text = 1; }\n'
    old = write_tree(tmp_path / "old", {"shop.proto": PROTO, "note.proto": other})
    new = write_tree(tmp_path / "new", {"shop.proto": v2(PROTO), "note.proto": other})
    counted = {c.id for c in diff(old, new).failing()}
    assert "FILE_SAME_PACKAGE" in counted
    old2 = write_tree(tmp_path / "old2", {"shop.proto": PROTO})
    new2 = write_tree(tmp_path / "new2", {"shop.proto": v2(PROTO)})
    assert diff(old2, new2).failing() == []  # the only shop.v1 file moved to shop.v2 as a whole


def test_unversioned_proto_package_has_no_major_bump(tmp_path):
    plain = PROTO.replace("package shop.v1;", "package shop;")
    old = write_tree(tmp_path / "old", {"shop.proto": plain})
    new = write_tree(tmp_path / "new", {"shop.proto": plain.replace("int32 quantity = 2;", "")})
    assert "FIELD_NO_DELETE" in [c.id for c in diff(old, new).failing()]


# the example service, as the walkthrough runs it


def test_example_service_v2_bumps_info_version_only_so_its_breaks_count():
    proc = run_cli("diff", "examples/service/openapi.yaml", "examples/service/openapi-v2.yaml")
    assert proc.returncode == 1, proc.stderr
    assert "major version bumped" not in proc.stdout
    assert proc.stdout.splitlines()[-1] == ("info.version 1.0.0 -> 2.0.0 but the paths stay /v1: clients see no "
                                            "new version, so breaking changes still count")
    report = json.loads(run_cli("diff", "-f", "json", "examples/service/openapi.yaml",
                                "examples/service/openapi-v2.yaml").stdout)
    assert report["breaking"] is True and report["notes"][0].startswith("info.version 1.0.0 -> 2.0.0 but")
