"""Hostile input to the spec readers (issue 15 "Attacks", issue 16 file-reading gate).

Every case runs the real command line in a subprocess, bounded in time (``timeout``) and address
space (``RLIMIT_AS``): the answer must be one line naming the file (and position where there is
one), exit 2, no traceback; a legitimately valid spec is linted normally.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space; RSS stays far below
TIME_LIMIT = 30

HEAD = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\n"
MINIMAL = HEAD + "paths: {}\n"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apilint", "check", "--no-cache", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_limit_memory)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "internal error" not in result.stderr + result.stdout, (result.stderr + result.stdout)[-2000:]
    assert result.returncode == 2, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def assert_linted(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "internal error" not in result.stderr + result.stdout, (result.stderr + result.stdout)[-2000:]
    assert result.returncode in (0, 1), (result.returncode, result.stdout[-2000:], result.stderr[-2000:])


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def spec_with_ref(tmp_path: Path, ref: str) -> Path:
    return write(tmp_path / "spec" / "api.yaml", HEAD + "paths: {}\ncomponents:\n  schemas:\n"
                 f"    Pet: {{$ref: '{ref}'}}\n")


# -- 1. the file-reading gate ---------------------------------------------------------------------
def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def _fifo_ref(tmp_path: Path) -> list[str]:
    _fifo(tmp_path / "spec" / "pipe.yaml")
    return [str(spec_with_ref(tmp_path, "pipe.yaml#/Pet"))]


def _device_ref(device: str) -> Callable[[Path], list[str]]:
    def build(tmp_path: Path) -> list[str]:
        os.symlink(device, tmp_path / "dev.yaml")
        spec = write(tmp_path / "api.yaml", HEAD + "paths: {}\ncomponents:\n  schemas:\n"
                     "    Pet: {$ref: 'dev.yaml#/Pet'}\n")
        return ["--allow-outside-refs", str(spec)]
    return build


def _sparse_ref(tmp_path: Path) -> list[str]:
    _sparse(tmp_path / "spec" / "big.yaml", 10 * 1024**3)
    return [str(spec_with_ref(tmp_path, "big.yaml#/Pet"))]


def _symlink_ref(tmp_path: Path) -> list[str]:
    write(tmp_path / "secret.yaml", "Pet: {type: object, description: TOP-SECRET-VALUE}\n")
    spec = spec_with_ref(tmp_path, "link.yaml#/Pet")
    os.symlink(tmp_path / "secret.yaml", tmp_path / "spec" / "link.yaml")
    return [str(spec)]


def _symlink_dir_ref(tmp_path: Path) -> list[str]:
    write(tmp_path / "outside" / "secret.yaml", "Pet: {type: object, description: TOP-SECRET-VALUE}\n")
    spec = spec_with_ref(tmp_path, "shared/secret.yaml#/Pet")
    os.symlink(tmp_path / "outside", tmp_path / "spec" / "shared")
    return [str(spec)]


GATE_ERRORS: list[tuple[str, Callable[[Path], list[str]], tuple[str, ...]]] = [
    ("fifo argument", lambda t: [str(_fifo(t / "api.yaml"))], ("api.yaml", "not a regular file")),
    ("fifo .proto argument", lambda t: [str(_fifo(t / "api.proto"))], ("api.proto", "not a regular file")),
    ("/dev/zero argument", lambda t: ["/dev/zero"], ("/dev/zero", "not a regular file")),
    ("/dev/urandom argument", lambda t: ["/dev/urandom"], ("/dev/urandom", "not a regular file")),
    ("10 GB sparse argument", lambda t: [str(_sparse(t / "api.yaml", 10 * 1024**3))],
     ("api.yaml", "MiB")),
]

GATE_FINDINGS: list[tuple[str, Callable[[Path], list[str]], tuple[str, ...]]] = [
    ("fifo as $ref target", _fifo_ref, ("ref-unresolved", "not a regular file")),
    ("/dev/zero as $ref target", _device_ref("/dev/zero"), ("ref-unresolved", "not a regular file")),
    ("/dev/urandom as $ref target", _device_ref("/dev/urandom"), ("ref-unresolved", "not a regular file")),
    ("10 GB sparse $ref target", _sparse_ref, ("ref-unresolved", "MiB")),
    ("symlinked file leaving the folder", _symlink_ref, ("ref-outside-root", "symlink")),
    ("symlinked folder leaving the folder", _symlink_dir_ref, ("ref-outside-root", "symlink")),
]


@pytest.mark.parametrize("build, fragments", [c[1:] for c in GATE_ERRORS], ids=[c[0] for c in GATE_ERRORS])
def test_gate_refuses_argument(tmp_path, build, fragments):
    assert_one_line_error(run_check(*build(tmp_path)), *fragments)


@pytest.mark.parametrize("build, fragments", [c[1:] for c in GATE_FINDINGS], ids=[c[0] for c in GATE_FINDINGS])
def test_gate_refuses_ref_target(tmp_path, build, fragments):
    result = run_check("-f", "json", *build(tmp_path))
    assert_linted(result)
    assert "TOP-SECRET-VALUE" not in result.stdout + result.stderr
    findings = [f"{f['rule']} {f['message']}" for f in json.loads(result.stdout)["findings"]]
    assert any(all(fragment in f for fragment in fragments) for f in findings), findings


def test_symlink_inside_the_folder_is_read(tmp_path):
    write(tmp_path / "spec" / "real.yaml", "Pet: {type: object}\n")
    os.symlink("real.yaml", tmp_path / "spec" / "link.yaml")
    result = run_check("-f", "json", str(spec_with_ref(tmp_path, "link.yaml#/Pet")))
    assert_linted(result)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert not rules & {"ref-unresolved", "ref-outside-root"}, rules


def test_allow_outside_refs_follows_symlink(tmp_path):
    args = _symlink_ref(tmp_path)
    result = run_check("-f", "json", "--allow-outside-refs", *args)
    assert_linted(result)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "ref-outside-root" not in rules


def test_folder_discovery_skips_special_files(tmp_path):
    write(tmp_path / "api.yaml", MINIMAL)
    _fifo(tmp_path / "pipe.yaml")
    _fifo(tmp_path / "pipe.json")
    assert_linted(run_check(str(tmp_path)))


def test_folder_discovery_skips_symlinks_leaving_the_folder(tmp_path):
    write(tmp_path / "outside" / "secret.yaml", MINIMAL + "x-secret: TOP-SECRET-VALUE\n")
    write(tmp_path / "specs" / "api.yaml", MINIMAL)
    os.symlink(tmp_path / "outside" / "secret.yaml", tmp_path / "specs" / "secret.yaml")
    result = run_check("-f", "json", str(tmp_path / "specs"))
    assert_linted(result)
    assert json.loads(result.stdout)["summary"]["specs"] == 1


def test_proto_folder_with_fifo(tmp_path):
    write(tmp_path / "a.proto", 'syntax = "proto3";\npackage a.v1;\nmessage Pet { string name = 1; }\n')
    _fifo(tmp_path / "pipe.proto")
    assert_linted(run_check(str(tmp_path)))


def test_proto_import_through_symlink_leaving_the_folder(tmp_path):
    write(tmp_path / "outside" / "secret.proto",
          'syntax = "proto3";\npackage s;\nmessage TOP_SECRET_VALUE { string x = 1; }\n')
    write(tmp_path / "protos" / "a.proto", 'syntax = "proto3";\npackage a.v1;\nimport "secret.proto";\n'
          "message Pet { s.TOP_SECRET_VALUE name = 1; }\n")
    os.symlink(tmp_path / "outside" / "secret.proto", tmp_path / "protos" / "secret.proto")
    result = run_check(str(tmp_path / "protos" / "a.proto"))
    assert_one_line_error(result, "secret.proto", "symlink")
    assert "TOP_SECRET_VALUE" not in result.stdout + result.stderr
    allowed = run_check(str(tmp_path / "protos" / "a.proto"), "--allow-outside-refs")
    assert allowed.returncode in (0, 1), allowed.stderr  # asked for: the import is compiled


# -- 2. ref chains --------------------------------------------------------------------------------
def _chain_in_one_file(tmp_path: Path, length: int = 10_000) -> list[str]:
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length - 1)}
    schemas[f"S{length - 1}"] = {"type": "object", "properties": {"id": {"type": "string"}}}
    doc = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {
        "/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
        "components": {"schemas": schemas}}
    return [str(write(tmp_path / "api.json", json.dumps(doc)))]


def _chain_across_files(tmp_path: Path, length: int = 3_000) -> list[str]:
    for i in range(length - 1):
        write(tmp_path / f"s{i}.yaml", f"S: {{$ref: 's{i + 1}.yaml#/S'}}\n")
    write(tmp_path / f"s{length - 1}.yaml", "S: {type: object, properties: {id: {type: string}}}\n")
    spec = write(tmp_path / "api.yaml", HEAD + "paths:\n  /pets:\n    get:\n      operationId: listPets\n"
                 "      responses:\n        '200':\n          description: ok\n          content:\n"
                 "            application/json:\n              schema: {$ref: 's0.yaml#/S'}\n"
                 "components:\n  schemas:\n    Pet: {$ref: 's0.yaml#/S'}\n")
    return [str(spec)]


def _nested_across_files(tmp_path: Path, length: int = 3_000) -> list[str]:
    """Each file's schema has a property whose schema is in the next file: nesting, not a chain."""
    for i in range(length - 1):
        write(tmp_path / f"s{i}.yaml", f"S: {{type: object, properties: {{next: {{$ref: 's{i + 1}.yaml#/S'}}}}}}\n")
    write(tmp_path / f"s{length - 1}.yaml", "S: {type: string}\n")
    return [str(write(tmp_path / "api.yaml", HEAD + "paths: {}\ncomponents:\n  schemas:\n"
                      "    Pet: {$ref: 's0.yaml#/S'}\n"))]


@pytest.mark.parametrize("build", [_chain_in_one_file, _chain_across_files, _nested_across_files],
                         ids=["10,000 refs in one file", "3,000 refs across files", "3,000 files nested"])
def test_long_ref_chains_are_bounded(tmp_path, build):
    result = run_check("-f", "json", *build(tmp_path))
    if result.returncode == 2:
        assert_one_line_error(result, "api.")
    else:
        assert_linted(result)


# -- 3-5. numbers, YAML tags and anchors, text ----------------------------------------------------
BIG = "9" * 5000
ENUM = [f"v{i}" for i in range(120_000)]
ONE_LINE_ERRORS: list[tuple[str, str, str | bytes, tuple[str, ...]]] = [
    ("huge int in YAML", "api.yaml", MINIMAL + f"x-big: {BIG}\n", ("api.yaml:4:", "4300 digits")),
    ("huge !!int in YAML", "api.yaml", MINIMAL + f"x-big: !!int {BIG}\n", ("api.yaml:4:", "4300 digits")),
    ("huge int in JSON", "api.json", '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},\n'
     f' "paths": {{}}, "x-big": {BIG}}}', ("api.json:2:", "4300 digits")),
    ("!!int abc", "api.yaml", MINIMAL + "x-n: !!int abc\n", ("api.yaml:4:", "!!int")),
    ("empty !!int", "api.yaml", MINIMAL + "x-n: !!int  # none\n", ("api.yaml:4:", "!!int")),
    ("!!float xyz", "api.yaml", MINIMAL + "x-n: !!float xyz\n", ("api.yaml:4:", "!!float")),
    ("!!bool maybe", "api.yaml", MINIMAL + "x-n: !!bool maybe\n", ("api.yaml:4:", "!!bool")),
    ("recursive alias", "api.yaml", MINIMAL + "x-a: &a\n  - *a\n  - *a\n", ("api.yaml", "alias")),
    ("recursive alias in a mapping", "api.yaml", MINIMAL + "x-a: &a\n  self: *a\n  other: *a\n",
     ("api.yaml", "alias")),
    ("lone surrogate in JSON", "api.json", '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},\n'
     ' "paths": {}, "x-s": "a\\ud800b"}', ("api.json:2:", "surrogate")),
    ("lone low surrogate in JSON key", "api.json", '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},\n'
     ' "paths": {}, "x-\\udc00": 1}', ("api.json:2:", "surrogate")),
    ("lone surrogate in YAML", "api.yaml", MINIMAL + 'x-s: "a\\ud800b"\n', ("api.yaml:4:", "Unicode")),
    ("UTF-16 without BOM", "api.yaml", MINIMAL.encode("utf-16-le"), ("api.yaml", "UTF-16 or UTF-32")),
    ("UTF-32 without BOM", "api.yaml", MINIMAL.encode("utf-32-be"), ("api.yaml", "UTF-16 or UTF-32")),
    ("bad UTF-32 after a BOM", "api.yaml", MINIMAL.encode("utf-32") + b"\xff\xff\xff\xff",
     ("api.yaml", "UTF-32")),
]


@pytest.mark.parametrize("name, content, fragments", [c[1:] for c in ONE_LINE_ERRORS],
                         ids=[c[0] for c in ONE_LINE_ERRORS])
def test_one_line_error(tmp_path, name, content, fragments):
    assert_one_line_error(run_check(str(write(tmp_path / name, content))), *fragments)


VALID: list[tuple[str, str, str | bytes]] = [
    ("UTF-32 with BOM", "api.yaml", MINIMAL.encode("utf-32")),
    ("UTF-32 BE with BOM", "api.yaml", b"\x00\x00\xfe\xff" + MINIMAL.encode("utf-32-be")),
    ("UTF-16 with BOM", "api.yaml", MINIMAL.encode("utf-16")),
    ("UTF-8 with BOM", "api.yaml", b"\xef\xbb\xbf" + MINIMAL.encode()),
    ("surrogate pair in JSON", "api.json", '{"openapi": "3.0.3", "info": {"title": "T \\ud83d\\ude00", '
     '"version": "1"}, "paths": {}}'),
    ("120,000-value enum in YAML", "api.yaml", MINIMAL + "components:\n  schemas:\n    Big:\n      type: string\n"
     "      enum:\n" + "".join(f"        - {v}\n" for v in ENUM)),
    ("120,000-value enum in JSON", "api.json", json.dumps({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"Big": {"type": "string", "enum": ENUM}}}})),
    ("aliases used a few times", "api.yaml", MINIMAL + "x-a: &a {type: string}\nx-b: [*a, *a, *a]\n"),
]


@pytest.mark.parametrize("name, content", [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_input_is_linted(tmp_path, name, content):
    assert_linted(run_check(str(write(tmp_path / name, content))))


def test_json_pointer_with_a_huge_index(tmp_path):
    spec = write(tmp_path / "api.yaml", MINIMAL + "x-list: [a]\ncomponents:\n  schemas:\n"
                 f"    Pet: {{$ref: '#/x-list/{BIG}'}}\n")
    result = run_check("-f", "json", str(spec))
    assert_linted(result)
    assert any(f["rule"] == "ref-unresolved" for f in json.loads(result.stdout)["findings"])


def test_alias_bomb_is_still_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    spec = write(tmp_path / "api.yaml", MINIMAL + "\n".join("x-" + line for line in lines) + "\n")
    assert_one_line_error(run_check(str(spec)), "api.yaml", "alias")


# -- 6. odd shapes: deep JSON with duplicate keys -------------------------------------------------
def _deep_json(depth: int) -> str:
    return ('{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "x-d": 1, "x-d": 2,\n'
            ' "x-deep": ' + '{"a": ' * depth + "1" + "}" * depth + "}")


def test_deep_json_with_duplicate_keys_is_refused(tmp_path):
    assert_one_line_error(run_check(str(write(tmp_path / "api.json", _deep_json(900)))), "api.json",
                          "nested too deeply")


def test_json_within_the_depth_limit_with_duplicate_keys_is_linted(tmp_path):
    result = run_check("-f", "json", str(write(tmp_path / "api.json", _deep_json(350))))
    assert_linted(result)
    assert "duplicate-key" in {f["rule"] for f in json.loads(result.stdout)["findings"]}
