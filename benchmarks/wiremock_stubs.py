"""Benchmark code, not product code: turn apilint contracts (and the recordings they were built from)
into WireMock stub mappings, so `mock_load.py` can serve WireMock the same API as `apilint mock`.

Per interaction, one stub:
- request: the method; the path (`urlPathTemplate` from the operation's template when the contract
  path holds a `{{var:...}}` or the recordings used several concrete paths, else `urlPath`); literal
  query values (`equalTo`) and matchers (`matches`); the contract's headers except redacted ones;
  the body as `equalToJson` with `ignoreExtraElements` and json-unit placeholders for matchers
  (the contract's own rule: named keys must match, extra keys are fine).
- response: the status, the headers and the body. A value the recordings show echoed from the
  request (a path segment, or the request body value at the same JSON path, in every recorded
  exchange) is echoed with a response template; `{{uuid}}` and `{{iso_timestamp}}` are generated
  fresh (`randomValue`, `now`); every other matcher answers the first recorded value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

MATCHER = re.compile(r"^\{\{([a-z_]+)(?::(.*))?\}\}$")
VAR = re.compile(r"\{\{var:[^}]+\}\}")
# json-unit placeholders WireMock's equalToJson understands with enablePlaceholders.
PLACEHOLDERS = {
    "uuid": "${json-unit.regex}[0-9a-fA-F-]{36}",
    "iso_timestamp": "${json-unit.regex}\\d{4}-\\d\\d-\\d\\dT.*",
    "iso_date": "${json-unit.regex}\\d{4}-\\d\\d-\\d\\d",
    "integer": "${json-unit.any-number}",
    "positive_integer": "${json-unit.any-number}",
    "number": "${json-unit.any-number}",
    "boolean": "${json-unit.any-boolean}",
}
GENERATED = {"uuid": "{{randomValue type='UUID'}}", "iso_timestamp": "{{now}}"}


def load_exchanges(traffic: Path) -> list[dict[str, Any]]:
    """Every exchange record under ``traffic`` (segment files, in name order)."""
    records = []
    for segment in sorted(traffic.rglob("*.jsonl*")):
        for line in segment.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("kind") == "exchange":
                records.append(record)
    return records


def stubs(contracts: Path, traffic: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, WireMock mapping) for every interaction of every contract under ``contracts``."""
    exchanges = load_exchanges(traffic)
    for path in sorted(contracts.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        operation = document["contract"]["operation"]
        for interaction in document["interactions"]:
            status = interaction["response"]["status"]
            seen = [e for e in exchanges if e["operation"] == operation and e["response"]["status"] == status]
            yield f"{interaction['name']}.json", mapping(operation, interaction, seen)


def mapping(operation: str, interaction: dict[str, Any], seen: list[dict[str, Any]]) -> dict[str, Any]:
    request, response = interaction["request"], interaction["response"]
    template = operation.split(" ", 1)[1]
    concrete = {e["request"]["path"] for e in seen}
    matcher: dict[str, Any] = {"method": request["method"]}
    if VAR.search(request["path"]) or len(concrete) > 1:
        matcher["urlPathTemplate"] = template
    else:
        matcher["urlPath"] = request["path"]
    if request.get("query"):
        matcher["queryParameters"] = {name: value_pattern(value) for name, value in request["query"].items()}
    headers = {name: value_pattern(value) for name, value in (request.get("headers") or {}).items()
               if not str(value).startswith("{{redacted")}
    if headers:
        matcher["headers"] = headers
    if request.get("body") is not None:
        matcher["bodyPatterns"] = [{"equalToJson": json.dumps(placeholders(request["body"])),
                                    "ignoreExtraElements": True, "ignoreArrayOrder": False}]
    first = seen[0] if seen else None
    body_text, templated = render(response.get("body"), first["response"]["body"] if first else None, (), seen)
    answer: dict[str, Any] = {"status": response["status"], "headers": dict(response.get("headers") or {})}
    if response.get("body") is not None:
        answer["body"] = body_text
    if templated:
        answer["transformers"] = ["response-template"]
    return {"request": matcher, "response": answer}


def value_pattern(value: Any) -> dict[str, str]:
    found = MATCHER.match(str(value))
    if not found:
        return {"equalTo": str(value)}
    if found.group(1) == "one_of":
        return {"matches": "|".join(re.escape(v) for v in (found.group(2) or "").split("|"))}
    return {"matches": ".*" if found.group(1) in ("any", "string", "redacted") else ".+"}


def placeholders(value: Any) -> Any:
    """A contract request body with matchers as json-unit placeholders."""
    if isinstance(value, dict):
        return {key: placeholders(item) for key, item in value.items()}
    if isinstance(value, list):
        return [placeholders(item) for item in value]
    found = MATCHER.match(value) if isinstance(value, str) else None
    if not found:
        return value
    return PLACEHOLDERS.get(found.group(1), "${json-unit.any-string}" if found.group(1) != "any" else
                            "${json-unit.ignore}")


def render(value: Any, recorded: Any, where: tuple[str | int, ...], seen: list[dict[str, Any]]) -> tuple[str, bool]:
    """The response body as WireMock body text, and whether it needs response templating."""
    if isinstance(value, dict):
        parts = [render(item, recorded.get(key) if isinstance(recorded, dict) else None, (*where, key), seen)
                 for key, item in value.items()]
        text = ", ".join(f"{json.dumps(key)}: {part}" for key, (part, _) in zip(value, parts, strict=True))
        return "{" + text + "}", any(t for _, t in parts)
    if isinstance(value, list):
        parts = [render(item, recorded[i] if isinstance(recorded, list) and i < len(recorded) else None,
                        (*where, i), seen) for i, item in enumerate(value)]
        return "[" + ", ".join(p for p, _ in parts) + "]", any(t for _, t in parts)
    found = MATCHER.match(value) if isinstance(value, str) else None
    if not found:
        return json.dumps(value), False
    echo = echoed(where, seen)
    if echo is not None:
        quoted = all(isinstance(at(e["response"]["body"], where), str) for e in seen)
        return (f'"{echo}"' if quoted else echo), True
    if found.group(1) in GENERATED:
        return f'"{GENERATED[found.group(1)]}"', True
    return json.dumps(recorded), False


def echoed(where: tuple[str | int, ...], seen: list[dict[str, Any]]) -> str | None:
    """A response template echoing the request, when every recorded exchange echoed this value."""
    if not seen:
        return None
    values = [at(e["response"]["body"], where) for e in seen]
    segments = [e["request"]["path"].strip("/").split("/") for e in seen]
    for index in range(min(len(s) for s in segments)):
        if len({s[index] for s in segments}) > 1 and all(
                v == s[index] for v, s in zip(values, segments, strict=True)):
            return f"{{{{request.pathSegments.[{index}]}}}}"
    bodies = [at(e["request"]["body"], where) for e in seen]
    if all(b is not None and b == v for b, v in zip(bodies, values, strict=True)):
        path = "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in where)
        return f"{{{{jsonPath request.body '{path}'}}}}"
    return None


def at(value: Any, where: tuple[str | int, ...]) -> Any:
    for step in where:
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value


def write(contracts: Path, traffic: Path, root: Path) -> int:
    """Write the mappings under ``root``/mappings (WireMock's --root-dir); returns how many."""
    folder = root / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, stub in stubs(contracts, traffic):
        (folder / name).write_text(json.dumps(stub, indent=2), encoding="utf-8")
        count += 1
    return count
