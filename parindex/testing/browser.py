"""Playwright helpers shared by the journeys: logging in, screenshots, an item of the scorecard,
the accessibility check (axe-core, vendored in vendor/ under its MPL-2.0 licence)."""

import os
from functools import cache
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from parindex.testing.factories import PASSWORD

# pytest-playwright empties test-results when a session starts; PARINDEX_SCREENSHOTS keeps them
# elsewhere (e.g. while another test session runs).
SCREENSHOTS = Path(
    os.environ.get("PARINDEX_SCREENSHOTS", Path(settings.BASE_DIR) / "test-results" / "screenshots")
)
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# What a page must never have; "moderate" and "minor" findings are left to review.
BLOCKING_IMPACTS = ("serious", "critical")


def shot(page: Page, name: str) -> None:
    # caret="initial": hiding the caret would leave inline styles for htmx to settle (CSP noise).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="initial")


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def open_item(page: Page, code: str) -> Locator:
    """Items are read-only until opened; the form arrives by htmx."""
    item = page.locator(f"article[id='item-{code}']")
    item.get_by_role("link", name="Nhập kết quả").click()
    expect(item.get_by_role("button", name="Lưu")).to_be_visible()
    return item


def save_item(item: Locator) -> None:
    # Leave the last field (its change event asks for a live preview) and let the preview arrive
    # before saving: the test database (SQLite in memory, shared cache) refuses a concurrent
    # reader of a table being written instead of waiting as a real database does.
    item.locator("h3").click()
    expect(item.locator(".badge.text-bg-warning")).to_be_visible()
    item.get_by_role("button", name="Lưu").click()


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def accessibility_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations of the page as it is now: each with its rule
    `id`, `impact`, `help` and the CSS `targets` of the elements at fault. The script is run
    through the DevTools protocol: a script tag added to the page (`add_script_tag`) is inline,
    which the site's Content Security Policy refuses, as it should."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (impacts) => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations
                .filter((found) => impacts.includes(found.impact))
                .map((found) => ({
                    id: found.id,
                    impact: found.impact,
                    help: found.help,
                    targets: found.nodes.map((node) => node.target.join(" ")),
                }));
        }""",
        list(BLOCKING_IMPACTS),
    )


def assert_accessible(page: Page) -> None:
    """Fails listing each serious or critical violation: rule, impact and the elements at fault."""
    violations = accessibility_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(
        f"{found['id']} ({found['impact']}): {found['help']} – {', '.join(found['targets'])}"
        for found in violations
    )
