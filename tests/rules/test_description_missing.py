"""description-missing (7.5) on cases taken from real APIs."""

from .helpers import found, spec


def test_path_item_description_covers_its_operations(tmp_path):
    # Twilio: every operation has `summary: ''`, the path item says what the resource is.
    text = spec("""
/2010-04-01/Accounts/{AccountSid}/Usage/Records/Monthly.json:
  description: Usage records summarized by month
  get:
    summary: ''
    description: ''
    responses: {'200': {description: OK}}
/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json:
  get:
    summary: ''
    responses: {'200': {description: OK}}
""")
    assert found(tmp_path, text, "description-missing") == [
        "GET /2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json has neither summary nor description"]


def test_parameter_schema_description_counts(tmp_path):
    text = spec("""
/v1/orders:
  get:
    summary: List orders
    parameters:
      - {name: page, in: query, schema: {type: integer, description: The page number}}
      - {name: status, in: query, schema: {type: string}}
    responses: {'200': {description: OK}}
""")
    assert found(tmp_path, text, "description-missing") == ["GET /v1/orders: parameter 'status' has no description"]
