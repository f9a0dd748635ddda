from ._lint import HEAD, findings, op

RULE = "naming-case-inconsistent"


def _spec(props: list[str], paths: str = "") -> str:
    body = "".join(f"        {p}: {{type: string}}\n" for p in props)
    return (HEAD + "paths:\n" + (paths or op("/v1/orders", op_id="listOrders")) +
            "components:\n  schemas:\n    Order:\n      type: object\n      properties:\n" + body)


def test_minority_style_flagged_once_per_name(tmp_path):
    spec = _spec(["order_id", "created_at", "total_amount", "shippingStatus"])
    spec += "    Refund:\n      type: object\n      properties:\n        shippingStatus: {type: string}\n"
    found = findings(tmp_path, spec, RULE)
    assert [f.message.split("'")[1] for f in found] == ["shippingStatus"]
    assert "snake_case" in found[0].message


def test_extension_like_and_symbol_names_are_not_styled_names(tmp_path):
    # Kubernetes' JSONSchemaProps has x-kubernetes-* properties; GitHub's reactions have '+1' / '-1';
    # OpenAI's moderation categories contain '/'.
    spec = _spec(["order_id", "created_at", "total_amount", "x-kubernetes-list-type", "-1", "self-harm/intent"])
    assert findings(tmp_path, spec, RULE) == []


def test_date_version_path_segments_are_ignored(tmp_path):
    # Twilio: /2010-04-01/Accounts/... is a date version, not a kebab-case segment.
    paths = "".join(op(p, op_id=f"op{i}") for i, p in enumerate(
        ["/2010-04-01/Accounts", "/2010-04-01/Calls", "/2010-04-01/IncomingPhoneNumbers"]))
    assert findings(tmp_path, _spec(["order_id"], paths), RULE) == []


def test_no_dominant_style_no_findings(tmp_path):
    assert findings(tmp_path, _spec(["order_id", "created_at", "totalAmount", "shipStatus"]), RULE) == []


def test_standard_oauth_names_are_not_styled_names(tmp_path):
    # Google's discovery specs: camelCase parameters beside OAuth 2.0's `access_token` (RFC 6750).
    params = ", ".join(f"{{name: {n}, in: query, schema: {{type: string}}}}"
                       for n in ["prettyPrint", "quotaUser", "uploadType", "access_token"])
    spec = _spec(["order_id"], op("/v1/orders", op_id="listOrders", extra=f"      parameters: [{params}]\n"))
    assert findings(tmp_path, spec, RULE) == []


def test_two_against_one_is_not_a_house_style(tmp_path):
    # Azure: resourceGroups vs two PascalCase segments in a three-segment API.
    paths = "".join(op(p, op_id=f"op{i}") for i, p in enumerate(
        ["/subscriptions/{id}/resourceGroups/{rg}/DefaultWorkItemConfig", "/components/{c}/WorkItemConfigs"]))
    assert findings(tmp_path, _spec(["order_id"], paths), RULE) == []
    paths += op("/components/{c}/FavoriteItems", op_id="op9")
    assert [f.message.split("'")[1] for f in findings(tmp_path, _spec(["order_id"], paths), RULE)] == ["resourceGroups"]
