"""Pagination rules (3.2, 3.3) on cases taken from real APIs."""

from .helpers import found, spec


def _list(path: str, params: str, body: str = "{type: object, properties: {data: {type: array, items: "
          "{type: object}}, next_page: {type: string}}}", op_id: str = "listThings") -> str:
    return f"""
{path}:
  get:
    operationId: {op_id}
    parameters: {params}
    responses:
      '200':
        description: A page
        content:
          application/json:
            schema: {body}
"""


def test_string_offset_is_an_opaque_token(tmp_path):
    # Asana: `offset` is "an offset token returned by the API"; Stripe search: `page` is a cursor string.
    text = spec(_list("/projects", "[{name: limit, in: query, schema: {type: integer, maximum: 100}}, "
                                   "{name: offset, in: query, schema: {type: string}}]"))
    assert found(tmp_path, text, "pagination-not-opaque") == []


def test_integer_offset_is_flagged(tmp_path):
    text = spec(_list("/projects", "[{name: limit, in: query, schema: {type: integer, maximum: 100}}, "
                                   "{name: offset, in: query, schema: {type: integer}}]"))
    assert len(found(tmp_path, text, "pagination-not-opaque")) == 1


def test_marker_with_server_issued_next_is_not_client_derived(tmp_path):
    text = spec(_list("/things", "[{name: after, in: query, schema: {type: string}}]",
                      "{type: object, properties: {data: {type: array, items: {type: object}}, "
                      "next_cursor: {type: string}}}"))
    assert found(tmp_path, text, "pagination-not-opaque") == []


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


def test_date_filter_named_from_is_not_pagination(tmp_path):
    # Twilio: Calls.json takes `from` (a phone number filter) next to page/page_size/page_token.
    base = "[{name: page_size, in: query, schema: {type: integer, maximum: 100}}, " \
           "{name: page_token, in: query, schema: {type: string}}"
    text = spec(_list("/a", base + "]", op_id="listA") + _list("/b", base + "]", op_id="listB")
                + _list("/c", base + ", {name: from, in: query, schema: {type: string}}]", op_id="listC"))
    assert found(tmp_path, text, "pagination-style-inconsistent") == []


def test_shared_page_size_parameter_is_reported_once(tmp_path):
    # GitHub: one components/parameters/per-page used by hundreds of lists.
    ref = "[{$ref: '#/components/parameters/per-page'}, {name: page_token, in: query, schema: {type: string}}]"
    text = spec(_list("/a", ref, op_id="listA") + _list("/b", ref, op_id="listB"),
                "parameters:\n  per-page: {name: per_page, in: query, schema: {type: integer, default: 30}}")
    assert len(found(tmp_path, text, "page-size-unbounded")) == 1
