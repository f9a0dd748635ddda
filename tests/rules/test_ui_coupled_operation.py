"""Behaviour of ui-coupled-operation."""

from ._lint import HEAD, findings, op


def _schemas(names: list[str]) -> str:
    return (HEAD + "paths:\n" + op("/v1/things", op_id="listThings") + "components:\n  schemas:\n" +
            "".join(f"    {n}: {{type: object}}\n" for n in names))


def test_domain_words_that_look_like_ui_not_flagged(tmp_path):
    # Stripe account_dashboard_settings, OpenAI WidgetMessageItem, GraphQL-style PageInfo.
    spec = _schemas(["account_dashboard_settings", "WidgetMessageItem", "PageInfo", "WikiPageContent"])
    assert findings(tmp_path, spec, "ui-coupled-operation") == []


def test_hardware_screens_not_flagged(tmp_path):
    # Chrome management TouchScreenDevice, Azure ScreenSizeCriterion, a water well's Screen (gov.bc.ca).
    spec = _schemas(["GoogleChromeManagementV1TouchScreenDevice", "ScreenSizeCriterion", "Screen"])
    assert findings(tmp_path, spec, "ui-coupled-operation") == []


def test_screen_shaped_payloads_flagged(tmp_path):
    found = findings(tmp_path, _schemas(["CheckoutPageData", "HomeScreen"]), "ui-coupled-operation")
    assert len(found) == 2
