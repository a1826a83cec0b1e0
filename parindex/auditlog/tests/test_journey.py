"""The audit log in a real browser: the admin finds it from home, narrows it to a unit and a few
days, follows nothing but the filters, and downloads what is shown as a workbook."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from parindex.testing.browser import log_in, shot
from parindex.testing.documents import values, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_filters_the_log_and_exports_it(
    page: Page, live_server, tmp_path, trail, admin_user, ward
):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    log_in(page, live_server, admin_user.username)
    page.get_by_role("link", name="Mở").and_(page.locator('[href="/audit/"]')).click()
    expect(page.get_by_role("heading", name="Nhật ký thay đổi")).to_be_visible()
    history = page.locator("#history tbody tr")
    expect(history).to_have_count(5)

    page.get_by_label("Đơn vị").select_option(label=ward.name)
    page.get_by_label("Từ ngày").fill("01/04/2026")
    page.get_by_label("Đến ngày").fill("15/04/2026")
    page.get_by_role("button", name="Lọc").click()
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Khóa tài khoản")
    expect(history.first).to_contain_text("Nghỉ hưu")
    expect(history.nth(1)).to_contain_text("Sửa đơn vị")
    expect(page.get_by_label("Từ ngày")).to_have_value("01/04/2026")  # the filters stay
    shot(page, "audit-log-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    assert re.fullmatch(
        r"nhat-ky-thay-doi-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename
    )
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = workbook(saved.read_bytes()).active
    assert [values(sheet, row)[2] for row in (2, 3)] == ["Khóa tài khoản", "Sửa đơn vị"]
    assert values(sheet, 3)[0] == datetime(2026, 4, 1, 0, 10)
    assert sheet.max_row == 3
    assert not problems
