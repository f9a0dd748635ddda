"""Behaviour of ui-coupled-operation."""

import pytest

from ._lint import HEAD, findings, op


def _schemas(names: list[str]) -> str:
    return (HEAD + "paths:\n" + op("/v1/things", op_id="listThings") + "components:\n  schemas:\n" +
            "".join(f"    {n}: {{type: object}}\n" for n in names))


@pytest.mark.parametrize(("names", "flagged"), [
    # Stripe account_dashboard_settings, OpenAI WidgetMessageItem, GraphQL-style PageInfo: domain words.
    (["account_dashboard_settings", "WidgetMessageItem", "PageInfo", "WikiPageContent"], 0),
    # Chrome management TouchScreenDevice, Azure ScreenSizeCriterion, a water well's Screen (gov.bc.ca).
    (["GoogleChromeManagementV1TouchScreenDevice", "ScreenSizeCriterion", "Screen"], 0),
    (["CheckoutPageData", "HomeScreen"], 2),
], ids=["domain-words", "hardware-screens", "screen-shaped-payloads"])
def test_schema_names(tmp_path, names, flagged):
    assert len(findings(tmp_path, _schemas(names), "ui-coupled-operation")) == flagged
