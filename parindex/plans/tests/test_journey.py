"""The plans' journey in a real browser: the admin imports the province's plan from the Excel
template and issues it; Sở Tư pháp imports its own plan from a Word annex, carries one province
task, issues, records progress with a document and completes a task late; the admin's dashboard
shows the exact rate and the coverage page lists what is missing; Sở Tư pháp's scorecard suggests
that rate on its plan-completion criterion and takes it in one click."""

import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from parindex.assessments.models import Entry, UnitAssessment
from parindex.core.numbers import format_exact
from parindex.plans import interchange, tracking
from parindex.testing.browser import log_in, open_item, save_item, shot
from parindex.testing.factories import (
    TASKS,
    build_set,
    docx_with_table,
    make_open_period,
    pdf_showing,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _filled_template() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(interchange.template_workbook()))
    sheet = book.active
    rows = [
        (
            "1",
            "",
            "Rà soát, đơn giản hóa thủ tục hành chính",
            "Quyết định",
            "So Tu phap",
            "",
            "Quý I",
        ),
        ("2", "", "Kiểm tra công tác CCHC", "Báo cáo", "Sở Tư pháp", "", "Quý II"),
    ]
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(line, column, value)
    for column in (8, 9):
        sheet.cell(2, column, None)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _create(page: Page, live_server, title: str) -> None:
    page.goto(f"{live_server.url}/plans/new/")
    page.get_by_label("Tên kế hoạch").fill(title)
    page.get_by_label("Năm").fill("2025")
    page.get_by_role("button", name="Tạo kế hoạch").click()


def _import(page: Page, path) -> None:
    page.get_by_role("link", name="Nhập bảng nhiệm vụ từ Excel, Word").click()
    page.get_by_label("Tệp bảng nhiệm vụ (.xlsx hoặc .docx)").set_input_files(path)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#preview")).to_be_visible()
    page.get_by_role("button", name="Nhập 2 nhiệm vụ").click()
    expect(page.get_by_text("Đã nhập 2 nhiệm vụ.")).to_be_visible()


def _issue(page: Page, number: str, day: str) -> None:
    page.get_by_text("Ghi nhận ban hành").click()
    page.get_by_label("Số, ký hiệu").fill(number)
    page.get_by_label("Ngày ban hành").fill(day)
    page.get_by_label("Người ký").fill("Lê Thành Đô")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận ban hành kế hoạch.")).to_be_visible()


def test_from_the_province_plan_to_the_rate(
    page: Page, live_server, tmp_path, admin_user, officer, justice, ward, department_level
):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    (tmp_path / "ke-hoach-tinh.xlsx").write_bytes(_filled_template())
    (tmp_path / "phu-luc.docx").write_bytes(
        docx_with_table(
            [
                [
                    "STT",
                    "Nội dung nhiệm vụ",
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian hoàn thành",
                    "Sản phẩm",
                ],
                [
                    "1",
                    "Công khai TTHC trên Cổng dịch vụ công",
                    "Văn phòng Sở",
                    "",
                    "Tháng 3",
                    "Danh mục TTHC",
                ],
                [
                    "2",
                    "Cập nhật cơ sở dữ liệu pháp luật",
                    "Phòng Văn bản",
                    "",
                    "Quý II",
                    "Văn bản được cập nhật",
                ],
            ]
        )
    )
    (tmp_path / "bao-cao.pdf").write_bytes(pdf_showing("Bao cao ket qua"))

    log_in(page, live_server, admin_user.username)
    _create(page, live_server, "Kế hoạch CCHC tỉnh năm 2025")
    _import(page, tmp_path / "ke-hoach-tinh.xlsx")
    _issue(page, "5933/KH-UBND", "30/12/2024")
    shot(page, "plans-province-plan")

    page.context.clear_cookies()
    log_in(page, live_server, officer.username)
    _create(page, live_server, "Kế hoạch CCHC Sở Tư pháp năm 2025")
    _import(page, tmp_path / "phu-luc.docx")
    carry = page.locator("#carry li").filter(has_text="Kiểm tra công tác CCHC")
    carry.get_by_role("button", name="Đưa vào").click()
    expect(page.locator("#tasks")).to_contain_text("Kiểm tra công tác CCHC")
    _issue(page, "12/KH-STP", "10/01/2025")

    page.get_by_role("link", name="Công khai TTHC trên Cổng dịch vụ công").click()
    form = page.locator("form[action$='/progress/']")
    form.get_by_label("Tình trạng").select_option("done")
    form.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.locator(".alert-danger")).to_contain_text("cần có tài liệu sản phẩm")
    form.get_by_label("hoặc tải lên tài liệu sản phẩm").set_input_files(tmp_path / "bao-cao.pdf")
    form.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_text("Đã ghi tiến độ.")).to_be_visible()
    expect(page.locator(".badge").filter(has_text="Hoàn thành chậm")).to_be_visible()
    shot(page, "plans-task-done-late")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "plans-task-done-late-375")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.context.clear_cookies()
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/plans/2025/dashboard/")
    # Sở Tư pháp: 3 tasks due, 1 done (late); the ward leads no task; province task 1 is led by
    # Sở Tư pháp and not carried: 4 due in all.
    expect(page.locator("#overall")).to_contain_text("Hoàn thành 1/4 nhiệm vụ đến hạn, đạt 25%.")
    shot(page, "plans-dashboard")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "plans-dashboard-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/plans/2025/coverage/")
    justice_row = page.locator("#coverage tr").filter(has_text="Sở Tư pháp")
    expect(justice_row).to_contain_text("Rà soát, đơn giản hóa thủ tục hành chính")
    shot(page, "plans-coverage")

    # The plan feeds the score: the 2025 round's criterion on plan completion.
    suggested = build_set(
        department_level,
        2025,
        leaves=[TASKS | {"suggest_from": "plans.completion_rate"}],
        by=admin_user,
    )
    assessment = UnitAssessment.objects.create(
        period=make_open_period([suggested], 2025), unit=justice, criteria_set=suggested
    )
    rate = tracking.completion_rate(justice, 2025, date(2025, 12, 31))
    done, due = format_exact(rate.numerator), format_exact(rate.denominator)
    page.context.clear_cookies()
    log_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    item = open_item(page, "1.2")
    expect(item.locator("[data-suggestion]")).to_contain_text(
        f"Gợi ý từ Kế hoạch CCHC: {done}/{due}"
    )
    item.get_by_role("button", name="Dùng số liệu này").click()
    expect(item.get_by_label("Số nhiệm vụ đã hoàn thành")).to_have_value(done)
    expect(item.get_by_label("Số nhiệm vụ phải hoàn thành")).to_have_value(due)
    shot(page, "plans-scorecard-suggestion")
    save_item(item)
    expect(item.get_by_text("Đã lưu tiêu chí 1.2.")).to_be_visible()
    entry = Entry.objects.get(assessment=assessment)
    assert (entry.numerator, entry.denominator) == (rate.numerator, rate.denominator)
    assert problems == []
