"""Problems found while reading a spec: duplicate keys and $refs that cannot be followed safely."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc

_HEAD = 'openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n  /v1/orders/{order_id}:\n    get:\n'


def _problems(api: Api, rule_id: str) -> Iterator[Issue]:
    for problem in getattr(api.workspace, "problems", ()):
        if problem.rule == rule_id:
            yield Issue(Loc(problem.file, problem.pointer, problem.line, problem.column), problem.message)


def _ok(schema: str) -> str:
    return _HEAD + ("      parameters:\n        - {name: order_id, in: path, required: true, schema: {type: string}}\n"
                    "      responses:\n        '200':\n          description: The order\n"
                    "          content:\n            application/json:\n"
                    f"              schema: {schema}\n")


_COMPONENTS = "components:\n  schemas:\n    Order: {type: object}\n"


@rule(id="duplicate-key", title="A key appears twice in one mapping", sections=("7.1",), severity="error",
      presets=("minimal",), rationale="""
YAML and JSON parsers silently keep the last of two equal keys, so half of what the author wrote is
ignored by every tool and gateway that reads the spec: the spec no longer says what the service
enforces (anti-pattern 7.1, specs that don't enforce).""",
      fix="Merge the two entries into one key.",
      examples=[Example("openapi",
                        bad=_ok("{$ref: '#/components/schemas/Order'}") + _COMPONENTS + "    Order: {type: string}\n",
                        good=_ok("{$ref: '#/components/schemas/Order'}") + _COMPONENTS)])
def duplicate_key(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "duplicate-key")


@rule(id="ref-unresolved", title="A $ref points at nothing", sections=("7.1",), severity="error",
      presets=("minimal",), rationale="""
A reference to a missing file or node leaves a hole in the contract: code generators fail, gateways
skip validation of that part, and readers cannot know what was meant (anti-pattern 7.1).""",
      fix="Point the $ref at an existing file and JSON pointer, or add the missing component.",
      examples=[Example("openapi", bad=_ok("{$ref: '#/components/schemas/Missing'}") + _COMPONENTS,
                        good=_ok("{$ref: '#/components/schemas/Order'}") + _COMPONENTS)])
def ref_unresolved(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-unresolved")


@rule(id="ref-cycle", title="A chain of $refs loops without reaching a value", sections=("7.1",),
      severity="error", presets=("minimal",), rationale="""
A schema may refer to itself through its properties (a tree), but a $ref whose target is itself a
$ref back to the start never reaches a definition: the spec describes nothing there.""",
      fix="Make one link of the chain a real schema.",
      examples=[Example("openapi",
                        bad=_ok("{$ref: '#/components/schemas/A'}")
                        + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                          "    B: {$ref: '#/components/schemas/A'}\n",
                        good=_ok("{$ref: '#/components/schemas/A'}")
                        + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                          "    B: {type: object, properties: {child: {$ref: '#/components/schemas/B'}}}\n")])
def ref_cycle(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-cycle")


@rule(id="ref-remote", title="A $ref points at a remote URL", sections=("7.1",), severity="error",
      presets=("minimal",), rationale="""
Fetching parts of a contract from the network at lint or build time makes results depend on a
server you do not control and lets a spec read arbitrary URLs. apilint never fetches them; the
contract must be complete in the repository.""",
      fix="Vendor the referenced file next to the spec and refer to it by a relative path.",
      examples=[Example("openapi", bad=_ok("{$ref: 'https://example.com/schemas.yaml#/Order'}") + _COMPONENTS,
                        good=_ok("{$ref: '#/components/schemas/Order'}") + _COMPONENTS)])
def ref_remote(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-remote")


@rule(id="ref-outside-root", title="A $ref leaves the spec's folder", sections=("7.1",), severity="error",
      presets=("minimal",), rationale="""
A spec that reads files outside its own folder (`../../secrets.yaml`) is not self-contained and can be
used to read arbitrary files on a CI machine. apilint does not follow such refs unless asked
(`--root DIR` or `--allow-outside-refs`).""",
      fix="Move the referenced file under the spec's folder, or lint with `--root` set to the folder that "
          "holds all the spec's files.",
      examples=[Example("openapi", bad=_ok("{$ref: '../../elsewhere/order.yaml'}") + _COMPONENTS,
                        good=_ok("{$ref: '#/components/schemas/Order'}") + _COMPONENTS)])
def ref_outside_root(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-outside-root")
