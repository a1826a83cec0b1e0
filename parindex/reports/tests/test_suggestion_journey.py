"""A suggested figure taken with one click in a real browser: the inputs are filled and the
section's autosave keeps them, as if typed."""

import pytest
from playwright.sync_api import Page, expect

from parindex.reports.models import ReportSection
from parindex.reports.tests.test_suggesting import sourced_template
from parindex.testing.browser import log_in
from parindex.testing.reports import open_report_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_click_takes_plan_progress_and_the_autosave_keeps_it(
    page: Page, live_server, justice, officer, plan_progress
):
    report = open_report_period(sourced_template(), [justice]).reports.get()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    section = page.locator("#section-A")
    suggestion = section.locator('[data-prefill-of="A2"]')
    expect(suggestion).to_contain_text("hoàn thành 3/4 nhiệm vụ, đạt 75,00%")
    expect(section.get_by_label("Hồ sơ đúng hạn – Tử số")).to_have_value("")  # nothing forced
    suggestion.get_by_role("button", name="Dùng số liệu này").click()
    expect(section.get_by_label("Hồ sơ đúng hạn – Tử số")).to_have_value("3")
    expect(section.get_by_label("Hồ sơ đúng hạn – Mẫu số")).to_have_value("4")
    expect(section.locator("#status-A")).to_contain_text("Đã lưu ")
    assert ReportSection.objects.get(report=report, code="A").values == {"A2/n": "3", "A2/d": "4"}
    assert errors == []
