"""Behaviour of pagination-missing."""

from ._pagination import _list
from .helpers import found, spec


def test_discovery_document_is_not_an_unpaginated_list(tmp_path):
    # Kubernetes: GET /apis/apps/v1/ lists the API group's resource kinds, not data.
    text = spec(_list("/apis/apps/v1/", "[]", "{type: object, properties: {resources: {type: array, "
                                              "items: {type: object}}}}", op_id="getAPIResources"))
    assert found(tmp_path, text, "pagination-missing") == []


def test_top_n_with_max_items_is_exempt(tmp_path):
    text = spec(_list("/leaderboard", "[]", "{type: object, properties: {entries: {type: array, maxItems: 10, "
                                            "items: {type: object}}}}", op_id="listLeaders"))
    assert found(tmp_path, text, "pagination-missing") == []


def test_list_named_operation_answering_a_map_is_exempt(tmp_path):
    # AWS ListTagsForResource: {Tags: {additionalProperties: string, maxProperties: 200}}.
    text = spec(_list("/tags/{resourceArn}", "[{name: resourceArn, in: path, required: true, schema: {type: string}}]",
                      "{type: object, properties: {Tags: {type: object, maxProperties: 200, "
                      "additionalProperties: {type: string}}}}", op_id="ListTagsForResource"))
    assert found(tmp_path, text, "pagination-missing") == []
    # ...while a List answering without any documented body is still a list to paginate.
    text = spec("/tags:\n  get:\n    operationId: ListTags\n    responses: {'200': {description: OK}}\n")
    assert len(found(tmp_path, text, "pagination-missing")) == 1


def test_unpaginated_list_is_flagged(tmp_path):
    text = spec(_list("/things", "[]", "{type: object, properties: {data: {type: array, items: {type: object}}}}"))
    assert len(found(tmp_path, text, "pagination-missing")) == 1
