"""The self-assessment journey in a real browser: an officer fills several kinds of items,
uploads a PDF, marks an item not applicable and sees the totals change; the head submits; after
the deadline nothing can be changed."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from parindex.assessments.models import Entry, EvidenceFile, UnitAssessment
from parindex.testing.browser import log_in, open_item, save_item, shot
from parindex.testing.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_fills_the_scorecard_head_submits_then_the_deadline_closes_it(
    page: Page,
    browser,
    browser_context_args,
    live_server,
    officer,
    unit_head,
    open_assessment,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "stp.canbo")
    page.get_by_role("link", name="Tự đánh giá").first.click()
    page.get_by_role("link", name=open_assessment.period.title).click()
    expect(page.get_by_role("heading", name="Tự đánh giá: Sở Tư pháp")).to_be_visible()
    total = page.locator("#total-points")
    expect(total).to_have_text("0,00 / 6,00")

    first = open_item(page, "1.1")
    first.get_by_label("Ban hành đúng thời hạn (1 điểm)").check()
    save_item(first)
    expect(
        page.locator("article[id='item-1.1']").get_by_text("Đã lưu tiêu chí 1.1.")
    ).to_be_visible()
    expect(total).to_have_text("1,00 / 6,00")
    expect(page.locator("article[id='item-1.1']")).to_contain_text("cần ghi giải trình")

    ratio = open_item(page, "1.2")
    ratio.get_by_label("Số nhiệm vụ đã hoàn thành").fill("9")
    ratio.get_by_label("Số nhiệm vụ phải hoàn thành").fill("10")
    ratio.get_by_label("Số nhiệm vụ phải hoàn thành").blur()
    expect(ratio.locator(".badge", has_text="(chưa lưu)")).to_have_text("1,00 điểm (chưa lưu)")
    save_item(ratio)
    expect(total).to_have_text("2,00 / 6,00")

    na = open_item(page, "1.3")
    na.get_by_label("Không áp dụng đối với đơn vị").check()
    na.get_by_label("Lý do không áp dụng").fill("Đơn vị không tiếp nhận hồ sơ TTHC")
    save_item(na)
    expect(
        page.locator("article[id='item-1.3']").get_by_text("Không áp dụng").first
    ).to_be_visible()
    expect(total).to_have_text("2,00 / 4,00")

    contents = page.locator("#contents-summary")
    expect(contents).to_have_text(
        "Mục lục: 1 lĩnh vực · 1 tiêu chí chưa chấm · 1 tiêu chí cần bổ sung"
    )
    pdf = tmp_path / "Quyết định ban hành kế hoạch.pdf"
    pdf.write_bytes(PDF)
    page.locator("article[id='item-1.1']").get_by_role("link", name="Sửa kết quả").click()
    evidence = page.locator("article[id='item-1.1'] section.evidence-block")
    evidence.get_by_text("Tải lên tài liệu mới").click()
    evidence.get_by_label("Tệp").set_input_files(pdf)
    evidence.get_by_label("Số, ký hiệu").fill("15/QĐ-STP")
    evidence.get_by_role("button", name="Tải lên").click()
    expect(page.locator("article[id='item-1.1'] section.evidence-block")).to_contain_text(
        "Quyết định ban hành kế hoạch.pdf"
    )
    assert EvidenceFile.objects.get().original_name == "Quyết định ban hành kế hoạch.pdf"
    # The scorecard's parts that follow the documents heard of it (evidence-changed).
    expect(page.locator("article[id='item-1.1']")).not_to_contain_text("cần ghi giải trình")
    expect(contents).to_have_text("Mục lục: 1 lĩnh vực · 1 tiêu chí chưa chấm")

    manual = open_item(page, "1.4")
    manual.get_by_label("Điểm (tối đa 1, bước 0,25)").fill("0,75")
    manual.get_by_label("Giải trình").fill("Báo cáo đang trình lãnh đạo ký, sẽ bổ sung")
    save_item(manual)
    expect(total).to_have_text("2,75 / 4,00")
    shot(page, "self-assessment-scorecard")

    head = browser.new_context(**browser_context_args).new_page()
    log_in(head, live_server, "stp.lanhdao")
    head.goto(f"{live_server.url}{open_assessment.get_absolute_url()}")
    head.get_by_role("link", name="Nộp kết quả tự đánh giá").click()
    head.get_by_role("button", name="Xác nhận nộp").click()
    expect(head.get_by_text("Đã nộp kết quả tự đánh giá.")).to_be_visible()
    shot(head, "self-assessment-submitted")
    assert UnitAssessment.objects.get().state == UnitAssessment.State.SUBMITTED

    # Time travel: the deadline passes; the head can no longer withdraw, nobody can edit.
    period = open_assessment.period
    period.self_assessment_opens -= timedelta(days=60)
    period.self_assessment_closes = period.self_assessment_opens + timedelta(days=30)
    period.save()
    head.reload()
    expect(head.get_by_text("Rút lại để chỉnh sửa")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("Đã hết hạn tự đánh giá")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu")).to_have_count(0)
    expect(page.get_by_role("button", name="Tải lên")).to_have_count(0)
    shot(page, "self-assessment-closed")
    assert Entry.objects.count() == 4
    assert errors == []
