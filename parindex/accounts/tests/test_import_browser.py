"""In a real browser: the admin imports accounts from the Excel template and hands the links
over, copying one with its button; the page prints one unit a sheet."""

import pytest
from playwright.sync_api import Page, expect

from parindex.accounts.models import User
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import accounts_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_accounts_and_copies_a_link(
    page: Page, live_server, admin_user, justice, home_affairs, tmp_path
):
    file = tmp_path / "tai-khoan.xlsx"
    file.write_bytes(
        accounts_workbook(
            ("so-tu-phap", "", "Lò Thị Hoa", "Cán bộ đơn vị", "hoa@dienbien.gov.vn"),
            ("so-noi-vu", "", "Đỗ Minh Tâm", "Thành viên Tổ thẩm định"),
        )
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Tệp danh sách tài khoản (.xlsx)").set_input_files(file)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_text("2 tài khoản sẽ được tạo")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 720})
    assert not User.objects.filter(username="hoalt").exists()
    shot(page, "accounts-import-preview")

    page.get_by_role("button", name="Tạo 2 tài khoản").click()
    expect(page.get_by_text("Đã tạo 2 tài khoản.")).to_be_visible()
    sheets = page.locator("section.handover-sheet h2")
    expect(sheets).to_have_text(
        ["Phiếu bàn giao tài khoản – Sở Nội vụ", "Phiếu bàn giao tài khoản – Sở Tư pháp"]
    )
    hoa = User.objects.get(username="hoalt")
    link = page.locator(f"#link-{hoa.pk}").input_value()
    assert link.startswith(f"{live_server.url}/password/set/")
    page.locator(f"[data-copy='link-{hoa.pk}']").click()
    expect(page.locator(f"[data-copy='link-{hoa.pk}']")).to_have_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(page.get_by_role("button", name="In phiếu theo đơn vị")).to_be_visible()
    shot(page, "accounts-import-links")
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.emulate_media(media="print")
    expect(page.locator("nav.app-navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="In phiếu theo đơn vị")).to_be_hidden()
    second = page.locator("section.handover-sheet").nth(1)
    assert second.evaluate("node => getComputedStyle(node).breakBefore") == "page"
    expect(second.get_by_text(link)).to_be_visible()
