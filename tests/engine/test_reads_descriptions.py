"""Rules that declare ``reads_descriptions=False`` report the same findings whatever the descriptions and
summaries say, and those that declare IN_MESSAGES the same findings in the same places: `apilint lsp` keeps
their findings while the user types in one, so a wrong claim is a stale finding in the editor.

Every string value of a ``description`` / ``summary`` key, in every file of the spec, is rewritten in the
text (a neutral sentence, and one full of the words heuristics look for) and the findings (rule, file,
pointer, message, hint) of each blind rule must not move.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from apilint.engine.rule import IN_MESSAGES, all_rules
from apilint.engine.runner import LintOptions, lint_target
from tests.conftest import CORPUS
from tests.engine._descriptions import assert_only_descriptions_differ, copy_mutated, mutate_text

MUTATIONS = {
    "neutral": "Text.",  # also removes every word a heuristic may look for
    "loaded": "Returns a paginated list; page, cursor, limit, offset, maximum 100, 429 Too Many Requests, "
              "Retry-After, rate limit, deprecated, email, password, token, id, internal error, stack trace "
              "at com.shop.Orders(Orders.java:12), SELECT * FROM orders, db01.internal, async job, poll status, "
              "only used when action is cancel, base64 JSON, encodes the offset, POST body, timestamp, "
              "ISO 8601, duration, UUID.",
}
BLIND = sorted(r.id for r in all_rules().values()
               if r.reads_descriptions is False and "openapi" in r.formats and r.origin == "apilint")
QUOTING = sorted(r.id for r in all_rules().values()
                 if r.reads_descriptions == IN_MESSAGES and "openapi" in r.formats and r.origin == "apilint")
READERS = sorted(r.id for r in all_rules().values() if r.reads_descriptions is True and "openapi" in r.formats)

Findings = dict[str, Counter]


def _findings(root: Path, spec: str, rules: list[str]) -> Findings:
    """Each rule's findings as (file relative to ``root``, pointer, message, hint), counted (order and
    line numbers move when a multi-line description becomes one line); ``root`` in a message reads <root>."""
    result = lint_target(str(root / spec), LintOptions(use_cache=False, only_rules=tuple(rules)))
    assert result.error is None, result.error
    found: Findings = {rule: Counter() for rule in rules}
    for f in result.findings:
        message, hint = (None if t is None else t.replace(str(root), "<root>") for t in (f.message, f.hint))
        found[f.rule][(os.path.relpath(os.path.abspath(f.file), root), f.pointer, message, hint)] += 1
    return found


def _changed(before: Findings, after: Findings) -> dict[str, tuple[Counter, Counter]]:
    """Per rule whose findings differ: (gone, new)."""
    return {rule: (before[rule] - after[rule], after[rule] - before[rule])
            for rule in before if before[rule] != after[rule]}


def _mutated_findings(tmp_path: Path, folder: Path, spec: str, rules: list[str]) -> dict[str, Findings]:
    """The rules' findings on a copy of ``folder`` as it is ("original") and under each mutation."""
    copy_mutated(folder, tmp_path / "original", None)
    results = {"original": _findings(tmp_path / "original", spec, rules)}
    for name, text in MUTATIONS.items():
        copy_mutated(folder, tmp_path / name, text)
        for path in (tmp_path / "original").rglob("*"):
            if path.suffix in (".json", ".yaml", ".yml"):
                assert_only_descriptions_differ(path, tmp_path / name / path.relative_to(tmp_path / "original"), text)
        results[name] = _findings(tmp_path / name, spec, rules)
    return results


def _assert_blind(results: dict[str, Findings]) -> None:
    for name in MUTATIONS:
        changed = _changed(results["original"], results[name])
        assert not changed, f"the {name} descriptions changed the findings of {sorted(changed)}: {changed}"


def _places(found: Findings) -> Findings:
    """The findings without their messages: (file, pointer, hint), counted."""
    places: Findings = {rule: Counter() for rule in found}
    for rule, counted in found.items():
        for (file, pointer, _, hint), count in counted.items():
            places[rule][(file, pointer, hint)] += count
    return places


def _assert_same_places(results: dict[str, Findings]) -> None:
    _assert_blind({name: _places(found) for name, found in results.items()})


def _split(results: dict[str, Findings], rules: list[str]) -> dict[str, Findings]:
    return {name: {rule: found[rule] for rule in rules} for name, found in results.items()}


def _examples(rule_ids: list[str]) -> list[tuple[str, str]]:
    rules = all_rules()
    return [(f"{rule_id}-{index}-{which}", getattr(example, which)) for rule_id in rule_ids
            for index, example in enumerate(e for e in rules[rule_id].examples if e.format == "openapi")
            for which in ("bad", "good")]


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "example"
    folder.mkdir()
    (folder / "spec.yaml").write_text(text)
    return folder


def test_the_classification_is_explicit():
    """Every OpenAPI rule is one or the other; the readers are the rules known to read the wording."""
    assert len(BLIND) + len(QUOTING) + len(READERS) == sum("openapi" in r.formats for r in all_rules().values())
    assert QUOTING == ["oas-schema-invalid"]
    assert {"post-for-read", "rate-limit-undocumented", "page-size-unbounded", "page-token-readable",
            "error-schema-missing", "action-field-dispatch", "description-missing",
            "schema-description-missing"} <= set(READERS)


OWN_EXAMPLES = _examples(BLIND)


@pytest.mark.parametrize(("name", "text"), OWN_EXAMPLES, ids=[name for name, _ in OWN_EXAMPLES])
def test_a_blind_rule_ignores_descriptions_in_its_own_examples(tmp_path, name, text):
    rule_id = name.rsplit("-", 2)[0]
    _assert_blind(_mutated_findings(tmp_path, _write(tmp_path, text), "spec.yaml", [rule_id]))


QUOTING_EXAMPLES = _examples(QUOTING)


@pytest.mark.parametrize(("name", "text"), QUOTING_EXAMPLES, ids=[name for name, _ in QUOTING_EXAMPLES])
def test_a_quoting_rule_keeps_its_findings_and_their_places_in_its_own_examples(tmp_path, name, text):
    rule_id = name.rsplit("-", 2)[0]
    _assert_same_places(_mutated_findings(tmp_path, _write(tmp_path, text), "spec.yaml", [rule_id]))


READER_EXAMPLES = _examples(READERS)  # specs whose descriptions matter to somebody: the sharpest probes


@pytest.mark.parametrize(("name", "text"), READER_EXAMPLES, ids=[name for name, _ in READER_EXAMPLES])
def test_blind_rules_ignore_descriptions_in_the_readers_examples(tmp_path, name, text):
    results = _mutated_findings(tmp_path, _write(tmp_path, text), "spec.yaml", BLIND + QUOTING)
    _assert_blind(_split(results, BLIND))
    _assert_same_places(_split(results, QUOTING))


# (folder copied, spec inside it): JSON and YAML, Swagger 2.0 and OpenAPI 3.x, multi-file
CORPUS_SPECS = [
    ("museum", "openapi.yaml"),
    ("temporal", "openapiv3.yaml"),
    ("twilio", "twilio_api_v2010.yaml"),
    ("slack", "slack_web_openapi_v2.json"),
    ("box", "openapi.json"),
    ("kubernetes", "swagger.json"),
    ("digitalocean", "specification/DigitalOcean-public.v2.yaml"),
    ("oai-examples/v2.0/json/petstore-separate", "spec/swagger.json"),
    ("oai-examples/v2.0/yaml/petstore-separate", "spec/swagger.yaml"),
    ("oai-examples/v3.0", "api-with-examples.yaml"),
    ("oai-examples/v3.1", "tictactoe.json"),
]


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "openapi").is_dir(), reason=f"{CORPUS} not present: no corpus to probe")
@pytest.mark.parametrize(("folder", "spec"), CORPUS_SPECS, ids=[folder.split("/")[0] + "-" + spec.rsplit(".")[-1]
                                                                  for folder, spec in CORPUS_SPECS])
def test_blind_rules_ignore_descriptions_in_real_specs(tmp_path, folder, spec):
    results = _mutated_findings(tmp_path, CORPUS / "openapi" / folder, spec, BLIND + QUOTING)
    assert sum(map(len, results["original"].values())), "a probe with no findings proves nothing"
    _assert_blind(_split(results, BLIND))
    _assert_same_places(_split(results, QUOTING))


# -- the harness can fail ---------------------------------------------------------------------------------

_LIMITED = """openapi: 3.0.3
info:
  title: Shop
  version: 1.0.0
  description: |
    Calls beyond the quota answer 429 Too Many Requests.
paths:
  /v1/orders:
    post:
      operationId: listOrders
      summary: List orders
      responses: {'200': {description: OK}}
"""


def test_the_harness_sees_a_rule_that_reads_descriptions(tmp_path):
    """rate-limit-undocumented reads the info description, post-for-read an operation's summary: the
    mutations must change their findings, or the test above could not catch a wrong claim."""
    results = _mutated_findings(tmp_path, _write(tmp_path, _LIMITED), "spec.yaml",
                                ["rate-limit-undocumented", "post-for-read"])
    neutral = _changed(results["original"], results["neutral"])
    loaded = _changed(results["original"], results["loaded"])
    assert set(neutral) == {"rate-limit-undocumented"}  # the 429 promise is gone
    assert set(loaded) == {"post-for-read"}  # "POST body" now explains the POST read
    with pytest.raises(AssertionError, match="rate-limit-undocumented"):
        _assert_blind(results)


_INVALID = """openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
paths:
  /v1/orders:
    get:
      parameters:
        - name: limit
          description: How many orders to return.
      responses: {'200': {description: OK}}
"""


def test_the_harness_sees_a_message_quoting_a_description(tmp_path):
    """The parameter lacks `in`: oas-schema-invalid quotes it, description included. Its message changes
    with the description (so it is no blind rule), its place does not."""
    results = _mutated_findings(tmp_path, _write(tmp_path, _INVALID), "spec.yaml", ["oas-schema-invalid"])
    assert results["original"]["oas-schema-invalid"], "the parameter is invalid"
    assert _changed(results["original"], results["neutral"])
    with pytest.raises(AssertionError, match="oas-schema-invalid"):
        _assert_blind(results)
    _assert_same_places(results)


def test_every_description_is_rewritten_and_nothing_else():
    text = ('{"info": {"description": "A", "summary": "", "x": "description"}, "description": {"summary": 1},'
            ' "list": [{"summary": "B \\" :", "description": "C"}]}')
    mutated, count = mutate_text(text, "json", "Z")
    assert (mutated, count) == ('{"info": {"description": "Z", "summary": "", "x": "description"}, "description": '
                                '{"summary": 1}, "list": [{"summary": "Z", "description": "Z"}]}', 3)
    yaml_text = ("a: &x\n  description: |\n    two\n    lines\n  summary: plain\nb: *x\n"
                 "c: {description: 'q', summary: 12, title: t}\nd:\n  description:\n    type: string\n")
    mutated, count = mutate_text(yaml_text, "yaml", "Z")
    assert (mutated, count) == ('a: &x\n  description: "Z"\n  summary: "Z"\nb: *x\n'
                                'c: {description: "Z", summary: 12, title: t}\nd:\n  description:\n    type: string\n',
                                3)
