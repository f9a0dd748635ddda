"""Engine features on protos: // apilint-ignore comments, ignore.paths globs, and the content-keyed cache."""

from __future__ import annotations

import os
from pathlib import Path

from apilint.engine.config import parse_config
from apilint.engine.runner import LintOptions, lint_target
from tests.conftest import lint_text

_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'


def _rules(result) -> list[tuple[str, int, str]]:
    assert result.error is None, result.error
    return [(f.rule, f.line, f.pointer) for f in result.findings]


def test_ignore_comment_on_the_line_or_the_line_above(tmp_path):
    text = (_HEAD + "message A {\n"
            "  string fooBar = 1;  // apilint-ignore proto-field-name-case\n"
            "  // apilint-ignore proto-field-name-case\n"
            "  string bazQux = 2;\n"
            "  string quuxCorge = 3;  // apilint-ignore some-other-rule\n"
            "  string graultGarply = 4;\n}\n")
    result = lint_text(tmp_path, text, name="api.proto", only_rules=("proto-field-name-case",))
    assert _rules(result) == [("proto-field-name-case", 7, "/shop.v1.A.quuxCorge"),
                              ("proto-field-name-case", 8, "/shop.v1.A.graultGarply")]


def test_bare_ignore_comment_silences_every_rule_and_is_not_documentation(tmp_path):
    text = _HEAD + "// apilint-ignore\nmessage bad_name {\n  // A field.\n  string ok = 1;\n}\n"
    result = lint_text(tmp_path, text, name="api.proto", only_rules=("proto-type-name-case", "proto-comment-missing"))
    assert _rules(result) == []
    text = _HEAD + "// apilint-ignore proto-type-name-case\nmessage bad_name {\n  // A field.\n  string ok = 1;\n}\n"
    result = lint_text(tmp_path, text, name="api.proto", only_rules=("proto-type-name-case", "proto-comment-missing"))
    assert _rules(result) == [("proto-comment-missing", 4, "/shop.v1.bad_name")]


def test_config_ignore_paths_match_element_names(tmp_path):
    text = _HEAD + "message Legacy {\n  string fooBar = 1;\n}\nmessage Fresh {\n  string bazQux = 1;\n}\n"
    config = parse_config({"ignore": [{"paths": "shop.v1.Legacy*", "rules": ["proto-field-name-case"]}]})
    result = lint_text(tmp_path, text, name="api.proto", config=config, only_rules=("proto-field-name-case",))
    assert _rules(result) == [("proto-field-name-case", 7, "/shop.v1.Fresh.bazQux")]


def _lint_cached(target: Path, **options) -> object:
    return lint_target(str(target), LintOptions(use_cache=True, only_rules=("proto-field-name-case",), **options))


def test_cache_lists_proto_files_and_follows_their_content(tmp_path):
    deps = tmp_path / "deps" / "common"
    deps.mkdir(parents=True)
    (deps / "money.proto").write_text('syntax = "proto3";\npackage common;\nmessage Money { int64 units = 1; }\n')
    api = tmp_path / "api"
    api.mkdir()
    target = api / "shop.proto"
    target.write_text(_HEAD + 'import "common/money.proto";\nmessage Price {\n  common.Money amount = 1;\n}\n')
    options = {"proto_paths": (str(tmp_path / "deps"),)}
    first = _lint_cached(target, **options)
    assert first.error is None and first.findings == []
    assert {os.path.realpath(target), os.path.realpath(deps / "money.proto")} <= {os.path.realpath(f)
                                                                                  for f in first.files}
    # a change to an imported file must invalidate the cached result (here: it no longer compiles)
    (deps / "money.proto").write_text('syntax = "proto3";\npackage common;\nmessage Monies { int64 units = 1; }\n')
    assert "common.Money" in (_lint_cached(target, **options).error or "")
    (deps / "money.proto").write_text('syntax = "proto3";\npackage common;\nmessage Money { int64 units = 1; }\n')
    target.write_text(_HEAD + 'import "common/money.proto";\nmessage Price {\n  common.Money priceAmount = 1;\n}\n')
    assert _rules(_lint_cached(target, **options)) == [("proto-field-name-case", 5, "/shop.v1.Price.priceAmount")]


def test_cache_of_a_folder_notices_a_new_proto_file(tmp_path):
    (tmp_path / "a.proto").write_text(_HEAD + "message A {\n  string ok = 1;\n}\n")
    assert _lint_cached(tmp_path).findings == []
    assert _lint_cached(tmp_path).findings == []  # served from the cache
    (tmp_path / "b.proto").write_text(_HEAD + "message B {\n  string notOk = 1;\n}\n")
    assert _rules(_lint_cached(tmp_path)) == [("proto-field-name-case", 4, "/shop.v1.B.notOk")]
