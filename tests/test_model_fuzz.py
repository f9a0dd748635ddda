"""Wrong-typed values anywhere in a spec never reach a rule as a shape the model did not promise.

A seeded generator replaces random nodes of example specs with values of another type (string,
number, list, mapping, null) and runs every rule through the engine: the result may hold findings
or a one-line input error, but never an "internal error in rule ...".
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus/openapi")
SPECS = [ROOT / "examples/openapi/good.yaml", ROOT / "examples/openapi/bad.yaml",
         CORPUS / "oai-examples/v2.0/yaml/petstore-expanded.yaml", CORPUS / "oai-examples/v3.0/callback-example.yaml",
         CORPUS / "oai-examples/v3.0/link-example.yaml", CORPUS / "museum/openapi.yaml"]
REPLACEMENTS: list[Any] = ["text", "", 7, -1, 2.5, True, None, [], ["a", 1], {}, {"x": "y"}, [{"$ref": 3}],
                           {"$ref": "#/nowhere"}, {"type": 5, "properties": []}]
CASES = 100  # per seed: 200 in all


def _nodes(document: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every node below the root, iteratively."""
    found: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in pairs:
            if key in ("openapi", "swagger") and node is document:
                continue
            found.append((node, key))
            stack.append(value)
    return found


def _mutants(seed: int) -> list[tuple[str, Any]]:
    rng = random.Random(seed)
    originals = [(path.name, yaml.safe_load(path.read_text())) for path in SPECS if path.exists()]
    out = []
    for case in range(CASES):
        name, original = originals[case % len(originals)]
        document = copy.deepcopy(original)
        nodes = _nodes(document)
        for _ in range(rng.randint(1, 6)):
            container, key = rng.choice(nodes)
            container[key] = copy.deepcopy(rng.choice(REPLACEMENTS))
        out.append((f"{name}#{case}", document))
    return out


@pytest.mark.parametrize("seed", [15, 16])
def test_wrong_types_never_reach_a_rule(tmp_path, seed):
    from apilint.engine.runner import LintOptions, lint_target

    failures = []
    for label, document in _mutants(seed):
        path = tmp_path / "spec.json"
        path.write_text(json.dumps(document, default=str))
        result = lint_target(str(path), LintOptions(use_cache=False))
        if result.error and "internal error" in str(result.error):
            failures.append(f"{label}: {result.error}")
    assert not failures, "\n".join(failures[:20]) + f"\n({len(failures)} of {CASES})"


WRONG_SHAPES = [
    ("parameter style a mapping", "parameters:\n        - {name: tags, in: query, style: {x: 1}, "
     "schema: {type: array, items: {type: string}}}\n", "/paths/~1v1~1pets/get/parameters/0/style"),
    ("parameter a string", "parameters: [just-text]\n", "/paths/~1v1~1pets/get/parameters/0"),
    ("schema property a number", "responses:\n        '200':\n          description: ok\n          content:\n"
     "            application/json:\n              schema: {type: object, properties: {petName: 5, pet_id: "
     "{type: string}}}\n", "/paths/~1v1~1pets/get/responses/200/content/application~1json/schema/properties/petName"),
    ("description a list", "description: [a, b]\n", "/paths/~1v1~1pets/get/description"),
    ("responses a list", "responses: [1, 2]\n", "/paths/~1v1~1pets/get/responses"),
]


@pytest.mark.parametrize("text, pointer", [c[1:] for c in WRONG_SHAPES], ids=[c[0] for c in WRONG_SHAPES])
def test_wrong_shape_is_a_finding_at_its_position(tmp_path, text, pointer):
    from apilint.engine.runner import LintOptions, lint_target

    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /v1/pets:\n    get:\n"
                    "      operationId: listPets\n      " + text)
    if "responses" not in text:
        spec.write_text(spec.read_text() + "      responses: {'200': {description: ok}}\n")
    result = lint_target(str(spec), LintOptions(use_cache=False))
    assert result.error is None, result.error
    invalid = [f.pointer for f in result.findings if f.rule == "oas-schema-invalid"]
    assert any(pointer.startswith(p) or p.startswith(pointer) for p in invalid), invalid
