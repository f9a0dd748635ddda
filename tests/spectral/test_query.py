"""The query engine (apilint/spectral/query.py) selects what python-jsonpath selects on a document without
``$ref``s, for every form Spectral rulesets use; with refs, it follows them where a resolved document
would and reports each node once, where it is written."""

from __future__ import annotations

import json

import pytest
from jsonpath import JSONPathEnvironment

from apilint.load.workspace import Workspace
from apilint.spectral.query import Document, compile_query, descendant_names

DOC = {
    "openapi": "3.1.0",
    "info": {"title": "T", "description": "d", "x-a~b/c": {"description": "escaped key"}},
    "tags": [{"name": "b", "description": "x"}, {"name": "a"}, "plain"],
    "x-odd": [0, "", None, False, True, 1, "s", [], {}, {"in": False}, {"in": None}, {"in": 0}, {"x": 1}, [{"in": 1}]],
    "paths": {
        "/orders/{id}": {
            "parameters": [{"name": "id", "in": "path", "description": "order"}],
            "get": {"description": "get", "parameters": [{"name": "q", "in": "query"}, {"in": "header"}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}}}}}},
            "post": {"title": "p", "requestBody": {"content": {}}},
        },
        "/empty": {},
    },
    "components": {"schemas": {
        "Pet": {"type": "object", "properties": {
            "status": {"type": "string", "enum": ["on", "off"]},
            "enum": {"type": "array", "items": {"type": "integer"}},
            "properties": {"enum": [1], "type": ["array", "null"]},
            "tags": {"type": "array", "enum": [[1], [2]], "description": "nested"},
        }},
        "Flag": {"type": "boolean", "enum": [True, False], "description": 0},
        "List": [{"enum": ["x"]}, {"type": "array"}, [{"enum": ["deep"]}]],
    }},
}

PATHS = [
    "$..[?(@property !== 'properties' && @ && @.enum)]",
    "$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]",
    '$..[?(@ && @.type=="array")]',
    '$..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("array"))]',
    "$..[?(@property === 'status' || @property === 'tags')]",
    "$..[?(@.type === 'string' && @.enum)].enum",
    "$..[description,title]",
    "$..enum",
    "$..properties..enum",
    "$..properties.*.type",
    "$..parameters[?(@ && @.in)]",
    "$..parameters[?(@.in === 'query')].name",
    "$.paths[*][get,post,put]",
    "$.paths[*][*]..content[*]",
    "$.paths.*~",
    "$.components.schemas[*]~",
    "$.components.schemas.Pet.properties.status^",
    "$..[?(@.enum)]^",
    "$.tags[?(@.name)]",
    "$['x-odd'][?(@)]",
    "$['x-odd'][?(@ && @.in)]",
    "$['x-odd'][?(@.in || @.x)]",
    "$['x-odd'][?(@.in.deeper || !@)]",
    "$.tags[0]",
    "$.tags[-1]",
    "$.tags[1:]",
    "$.components.schemas.List[*][*]",
    "$..*",
    "$",
]


def _document(tmp_path, data, resolving: bool, name: str = "spec.json") -> Document:
    (tmp_path / name).write_text(json.dumps(data))
    workspace = Workspace(str(tmp_path / name))
    return Document(workspace, resolving, descendant_names(compile_query(p) for p in PATHS))


def _library(data, path: str) -> list[tuple[str, str]]:
    """(pointer, value) of python-jsonpath's own matches; ``~``/``^`` done on its match objects."""
    query = compile_query(path)
    matches = list(JSONPathEnvironment().finditer(query.translated, data))
    for _ in range(query.parents):
        matches = [m.parent for m in matches if m.parent is not None]

    def pointer(match) -> str:
        parts = [str(p)[1:] if i == len(match.parts) - 1 and query.keys else str(p) for i, p in enumerate(match.parts)]
        return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)

    return sorted((pointer(m), json.dumps(m.obj)) for m in matches)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("resolving", [True, False], ids=["resolved", "as-written"])
def test_selects_what_the_library_selects_on_a_document_without_refs(tmp_path, path, resolving):
    """The same nodes, as often (but the library finds a node twice when two ``..`` starts hold it: once)."""
    document = _document(tmp_path, DOC, resolving)
    found = sorted((node.pointer, json.dumps(node.obj)) for node in document.find(compile_query(path)))
    expected = _library(DOC, path)
    assert found == (sorted(set(expected)) if ".." in path[2:] else expected)


def test_a_parent_above_a_descendant_match_is_its_container_only(tmp_path):
    """``$..x^`` is the mapping holding ``x``; higher up, a ``..`` match has no parents (as before)."""
    document = _document(tmp_path, DOC, True)
    assert document.find(compile_query("$..enum^^")) == []


def test_a_keys_match_names_the_property_and_points_at_its_member(tmp_path):
    document = _document(tmp_path, DOC, True)
    nodes = document.find(compile_query("$.components.schemas[*]~"))
    assert [(n.obj, n.key, n.pointer) for n in nodes][:2] == [
        ("Pet", "~Pet", "/components/schemas/Pet"), ("Flag", "~Flag", "/components/schemas/Flag")]


def test_a_field_path_starts_at_the_node(tmp_path):
    document = _document(tmp_path, DOC, True)
    pet = document.find(compile_query("$.components.schemas.Pet"))[0]
    assert [n.pointer for n in document.find_from(pet, compile_query("$..enum"))] == [
        "/components/schemas/Pet/properties/enum", "/components/schemas/Pet/properties/status/enum",
        "/components/schemas/Pet/properties/properties/enum", "/components/schemas/Pet/properties/tags/enum"]


REFS = {
    "openapi": "3.0.3",
    "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/Q"}, {"$ref": "other.json#/P"}],
                             "responses": {"200": {"description": "ok", "content": {"application/json": {
                                 "schema": {"$ref": "#/components/schemas/Color"}}}}}}}},
    "components": {"parameters": {"Q": {"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Color"}}},
                   "schemas": {"Color": {"type": "string", "enum": ["red", "red"]},
                               "Alias": {"$ref": "#/components/schemas/Color"}}},
}
OTHER = {"P": {"name": "p", "in": "path", "schema": {"$ref": "spec.json#/components/schemas/Color"}},
         "Sizes": {"type": "array", "enum": [["s"]]}}


def test_resolved_queries_follow_refs_and_report_each_node_where_it_is_written(tmp_path):
    (tmp_path / "other.json").write_text(json.dumps(OTHER))
    document = _document(tmp_path, REFS, True)

    def where(path: str) -> list[tuple[str, str]]:
        return [(n.source.display.rsplit("/", 1)[-1], n.pointer) for n in document.find(compile_query(path))]

    # the enum schema once where it is written, and once more through the ref under another key (Alias)
    assert sorted(set(where("$..[?(@property !== 'properties' && @.enum)]"))) == [
        ("spec.json", "/components/schemas/Color")]
    # a walk from the operations follows every ref, into the other file and back, each node once
    assert where("$.paths[*][*]..schema") == [("spec.json", "/components/schemas/Color")] * 3
    assert where("$.paths[*][*].parameters[?(@.in)]") == [("spec.json", "/components/parameters/Q"),
                                                           ("other.json", "/P")]
    assert where("$..parameters[?(@.in == 'path')].name") == [("other.json", "/P/name")]


def test_as_written_queries_see_refs_as_refs(tmp_path):
    (tmp_path / "other.json").write_text(json.dumps(OTHER))
    document = _document(tmp_path, REFS, False)
    found = [n.pointer for n in document.find(compile_query("$..[?(@.enum)]"))]
    assert found == ["/components/schemas/Color"]
    # the operation's parameters are refs, with no `in` as written; the component is found
    assert [n.pointer for n in document.find(compile_query("$..parameters[?(@.in)]"))] == [
        "/components/parameters/Q"]
    assert [n.obj for n in document.find(compile_query("$.paths[*][*].parameters[*]"))] == [
        {"$ref": "#/components/parameters/Q"}, {"$ref": "other.json#/P"}]


def test_a_document_is_freed_when_dropped_not_by_the_cyclic_collector(tmp_path):
    """No reference cycle holds a document (and through it the spec's data): on a large spec, a collector
    pass over every node would cost more than some queries."""
    import gc
    import weakref

    document = _document(tmp_path, DOC, True)
    for path in PATHS:
        document.find(compile_query(path))
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        dropped = weakref.ref(document)
        del document
        assert dropped() is None
    finally:
        if was_enabled:
            gc.enable()
