"""Playwright helpers shared by the journeys: logging in, screenshots, an item of the scorecard."""

import os
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from parindex.testing.factories import PASSWORD

# pytest-playwright empties test-results when a session starts; PARINDEX_SCREENSHOTS keeps them
# elsewhere (e.g. while another test session runs).
SCREENSHOTS = Path(
    os.environ.get("PARINDEX_SCREENSHOTS", Path(settings.BASE_DIR) / "test-results" / "screenshots")
)


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
