"""The periodic report's journey in a real browser: the province creates and opens a quarterly
period and gives one unit more time; two units fill their reports (autosave, a refused value named
and kept) and submit, one late; the province returns one, which is sent again; completeness,
aggregates, the Excel annex and the Word draft show exactly those figures."""

import io
import re
from datetime import timedelta

import docx
import openpyxl
import pytest
from playwright.sync_api import Page, expect

from parindex.accounts.models import Role
from parindex.assessments.deadlines import today
from parindex.reports.models import ReportingPeriod
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import make_user
from parindex.testing.html import table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_section_a(page: Page, checks: str, done: str, total: str) -> None:
    section = page.locator("#section-A")
    status = section.locator("#status-A")
    section.get_by_label("Số cuộc kiểm tra").fill("ba")
    section.get_by_label("Hồ sơ đúng hạn – Tử số").click()
    expect(section).to_contain_text("“A1. Số cuộc kiểm tra” phải là một số")
    expect(status).to_have_text("Đã lưu; có giá trị chưa hợp lệ.")
    section.get_by_label("Số cuộc kiểm tra").fill(checks)
    section.get_by_label("Hồ sơ đúng hạn – Tử số").fill(done)
    section.get_by_label("Hồ sơ đúng hạn – Mẫu số").fill(total)
    section.get_by_label("Đã ban hành kế hoạch").select_option("yes")
    section.get_by_label("Kết quả thực hiện và nhiệm vụ kỳ tới").fill("Đã kiểm tra CCHC.")
    section.get_by_role("button", name="Lưu").click()
    expect(status).to_contain_text("Đã lưu ")
    expect(section.locator(".invalid-feedback", has_text="phải là một số")).to_have_count(0)
    # Autosaves queued behind the first answer reach the server before the next user signs in.
    expect(section.locator("form")).not_to_have_class(re.compile("htmx-request"))


def submit(page: Page, live_server, head: str, unit_report) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, head)
    page.goto(f"{live_server.url}{unit_report.get_absolute_url()}")
    page.get_by_role("link", name="Nộp báo cáo").click()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã nộp báo cáo")


def test_a_quarter_is_opened_filled_submitted_returned_and_consolidated(
    page: Page, live_server, report_template, justice, ward, officer, unit_head, other_unit_officer
):
    make_user("dbp.lanhdao", Role.UNIT_HEAD, ward)
    make_user("quantri", Role.ADMIN)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    log_in(page, live_server, "quantri")
    page.get_by_role("button", name="Kế hoạch, báo cáo").click()
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_role("link", name="Tạo kỳ báo cáo").click()
    page.get_by_label("Mẫu báo cáo").select_option(label=str(report_template))
    page.get_by_label("Loại kỳ").select_option("q1")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Hạn nộp của đơn vị").fill((today() - timedelta(days=1)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Tạo").click()
    page.get_by_role("button", name="Mở kỳ báo cáo").click()
    expect(page.locator(".alert-success")).to_have_text("Đã mở kỳ báo cáo cho 2 đơn vị.")
    period = ReportingPeriod.objects.get()
    mine, theirs = period.reports.get(unit=justice), period.reports.get(unit=ward)
    # The deadline was yesterday; Sở Tư pháp is given five more days.
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    page.get_by_text("Gia hạn nộp báo cáo").click()
    page.get_by_label("Gia hạn đến hết ngày").fill(
        (today() + timedelta(days=5)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Lý do gia hạn").fill("Thay đổi cán bộ phụ trách")
    page.get_by_role("button", name="Gia hạn").click()
    expect(page.locator("#extension")).to_contain_text("Thay đổi cán bộ phụ trách")

    page.context.clear_cookies()
    log_in(page, live_server, "stp.canbo")
    page.get_by_role("button", name="Kế hoạch, báo cáo").click()
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_role("link", name=period.title).click()
    fill_section_a(page, "3", "45", "50")
    shot(page, "report-filled")
    submit(page, live_server, "stp.lanhdao", mine)

    # The ward is late: its due day is over when it sends.
    page.context.clear_cookies()
    log_in(page, live_server, "dbp.canbo")
    page.goto(f"{live_server.url}{theirs.get_absolute_url()}")
    fill_section_a(page, "2,5", "1", "4")
    submit(page, live_server, "dbp.lanhdao", theirs)
    expect(page.locator(".alert-success")).to_contain_text("nộp muộn")

    page.context.clear_cookies()
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    page.get_by_text("Trả lại báo cáo cho đơn vị").click()
    page.get_by_label("Lý do trả lại").fill("Bổ sung số cuộc kiểm tra")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator("#returned")).to_contain_text("Bổ sung số cuộc kiểm tra")

    page.context.clear_cookies()
    log_in(page, live_server, "stp.canbo")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    section = page.locator("#section-A")
    section.get_by_label("Số cuộc kiểm tra").fill("4")
    section.get_by_role("button", name="Lưu").click()
    expect(section.locator("#status-A")).to_contain_text("Đã lưu ")
    expect(section.locator("form")).not_to_have_class(re.compile("htmx-request"))
    submit(page, live_server, "stp.lanhdao", mine)
    expect(page.locator("#versions li")).to_have_count(2)

    page.context.clear_cookies()
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}{period.get_absolute_url()}")
    rows = table(page.content(), "reports")
    assert [row[:2] for row in rows[1:]] == [
        ["Sở Tư pháp", "Đúng hạn"],
        ["Phường Điện Biên Phủ", "Nộp muộn"],
    ]
    page.get_by_role("link", name="Tổng hợp số liệu").click()
    rows = table(page.content(), "aggregates")
    assert rows[2][2] == "6,5"
    assert rows[3][2] == "46/54 (85,19%)"
    assert rows[4][2] == "2 đơn vị"
    shot(page, "report-aggregates")
    with page.expect_download() as download:
        page.get_by_role("link", name="Phụ lục số liệu (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))["A"]
    assert [cell.value for cell in sheet[4]] == ["A1", "Số cuộc kiểm tra", "cuộc", 6.5, 4, 2.5]
    with page.expect_download() as download:
        page.get_by_role("link", name="Dự thảo báo cáo (Word)").click()
    text = [
        p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs
    ]
    assert "- Số cuộc kiểm tra: 6,5 cuộc (từ 2 đơn vị; Phụ lục, mục A1)." in text
    assert errors == []
