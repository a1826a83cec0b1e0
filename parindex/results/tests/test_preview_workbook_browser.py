"""In a real browser: the admin asks for the preview workbook, the page follows its progress
by itself and then offers the download."""

import pytest
from playwright.sync_api import Page, expect

from parindex.testing.browser import log_in, shot
from parindex.testing.documents import workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_asks_for_the_preview_workbook_and_downloads_it(
    page: Page, live_server, finalized, admin_user, media
):
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/results/periods/{finalized[0].period_id}/")
    page.get_by_role("button", name="Tạo bản xem trước (Excel)").click()
    download_link = page.get_by_role("link", name="Tải bản xem trước (Excel)")
    expect(download_link).to_be_visible()
    expect(page.get_by_role("button", name="Tạo lại từ dữ liệu hiện tại")).to_be_visible()
    shot(page, "results-preview-workbook")
    with page.expect_download() as download:
        download_link.click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("chưa công bố.xlsx")
    assert workbook(path.read_bytes()).sheetnames == ["Tổng hợp", "Sở Tài chính", "Sở Tư pháp"]
