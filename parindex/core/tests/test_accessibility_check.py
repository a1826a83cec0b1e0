"""The accessibility check the browser tests share (testing/browser.py) finds what it must on a
page served with the site's Content Security Policy, and passes a sound page."""

import pytest
from playwright.sync_api import Page

from parindex.testing.browser import accessibility_violations, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_serious_violation_is_reported_with_its_rule_and_element(page: Page, live_server):
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    # An image without a text alternative (critical) and a nameless button (critical).
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.id = "bare-image";
            image.src = "/static/favicon.ico";
            document.body.append(image);
        }"""
    )
    violations = accessibility_violations(page)
    assert [(found["id"], found["targets"]) for found in violations] == [
        ("image-alt", ["#bare-image"])
    ]
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*#bare-image"):
        assert_accessible(page)
