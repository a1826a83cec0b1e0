"""The appraisal journey in a real browser: an appraiser opens a unit, reads a PDF in the page,
changes a score with a comment and requests an explanation; the unit answers with a new
document; the appraiser records round 2; the lead finalizes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from parindex.appraisal import appraising
from parindex.appraisal.models import AppraisedEntry, Round
from parindex.assessments import deadlines, evidence, files
from parindex.assessments.models import UnitAssessment
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import criterion, pdf_showing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_pdf(submitted_assessment, officer, appraisal_period):
    """Sở Tư pháp's plan, attached to item 1.1 during the self-assessment."""
    upload = SimpleUploadedFile(
        "Kế hoạch CCHC 2026.pdf",
        pdf_showing("Ke hoach CCHC nam 2026 - So Tu phap"),
        "application/pdf",
    )
    # Attached while the unit was still drafting, then submitted as the fixture has it.
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(state="draft")
    document = evidence.upload_to_item(
        submitted_assessment,
        criterion(submitted_assessment, "1.1"),
        file=files.check_upload(upload),
        reference={"title": "Kế hoạch CCHC năm 2026", "reference_number": "15/KH-STP"},
        by=officer,
        now=deadlines.starts(appraisal_period.self_assessment_opens),
    )
    UnitAssessment.objects.filter(pk=submitted_assessment.pk).update(state="submitted")
    return document


def test_appraisal_from_the_first_look_to_finalization(
    page: Page,
    live_server,
    tmp_path,
    submitted_assessment,
    team,
    appraiser,
    office_appraiser,
    officer,
    unit_head,
    lead,
    plan_pdf,
):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    log_in(page, live_server, appraiser.username)
    page.goto(f"{live_server.url}/appraisal/")
    expect(page.get_by_role("heading", name="Thẩm định kết quả tự đánh giá")).to_be_visible()
    expect(page.locator("#worklist")).to_contain_text("0/3")
    shot(page, "appraisal-worklist")
    page.get_by_role("link", name="Sở Tư pháp").click()

    item = page.locator("article[id='item-1.1']")
    with page.expect_response(lambda r: "inline=1" in r.url) as viewed:
        item.get_by_text("Xem tài liệu ngay trên trang").click()
    assert viewed.value.status == 200
    assert viewed.value.headers["content-type"] == "application/pdf"
    expect(item.locator("iframe")).to_be_visible()
    shot(page, "appraisal-sheet-pdf")

    item.get_by_role("link", name="Thẩm định", exact=True).click()
    expect(item.get_by_role("button", name="Lưu kết quả thẩm định")).to_be_visible()
    item.get_by_label("Ban hành chậm (0,5 điểm)").check()
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    # The comment box itself says it is needed now.
    comment = item.get_by_label("Nhận xét của Tổ thẩm định")
    expect(comment).to_have_class(re.compile("is-invalid"))
    expect(item.locator(".invalid-feedback")).to_contain_text("vui lòng ghi nhận xét")
    expect(item.get_by_label("Ban hành chậm (0,5 điểm)")).to_be_checked()
    item.get_by_label("Nhận xét của Tổ thẩm định").fill("Kế hoạch ban hành ngày 20/02, chậm hạn.")
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(item.get_by_role("status")).to_contain_text("Đã lưu kết quả thẩm định tiêu chí 1.1")
    expect(item.locator(f"#appraised-{criterion(submitted_assessment, '1.1').pk}")).to_have_text(
        "0,50"
    )
    assert AppraisedEntry.objects.get().round == Round.FIRST

    item.get_by_text("Yêu cầu đơn vị giải trình").click()
    item.get_by_label("Nội dung yêu cầu giải trình").fill(
        "Đề nghị gửi văn bản chứng minh ngày ban hành."
    )
    item.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("article[id='item-1.1']")).to_contain_text("Đơn vị chưa gửi giải trình")
    shot(page, "appraisal-sheet-requested")

    # The other items, appraised meanwhile (by this appraiser and by Văn phòng UBND tỉnh).
    for code, user, data in (
        ("1.2", appraiser, {"numerator": 9, "denominator": 10}),
        ("1.3", appraiser, {"points": 1}),
        ("2.1", office_appraiser, {"count": 1}),
    ):
        appraising.appraise_item(
            submitted_assessment,
            criterion(submitted_assessment, code).pk,
            Round.FIRST,
            data,
            version=0,
            by=user,
        )

    # The unit answers with a new document; its head sends the answers.
    page.context.clear_cookies()
    log_in(page, live_server, officer.username)
    page.get_by_role("link", name="Giải trình", exact=True).click()
    page.get_by_role("link", name=submitted_assessment.period.title).click()
    answer = page.locator("article", has_text="Đề nghị gửi văn bản chứng minh ngày ban hành.")
    answer.get_by_label("Nội dung giải trình").fill(
        "Kế hoạch ký ngày 20/01, văn thư vào sổ chậm; gửi kèm sổ văn bản đi."
    )
    answer.get_by_role("button", name="Lưu giải trình").click()
    expect(answer.get_by_role("status")).to_contain_text("Đã lưu giải trình tiêu chí 1.1.")
    answer.get_by_text("Tải lên tài liệu mới (tệp hoặc văn bản)").click()
    (tmp_path / "so-van-ban-di.pdf").write_bytes(pdf_showing("So van ban di 2026 - trang 3"))
    answer.get_by_label("Tệp").set_input_files(tmp_path / "so-van-ban-di.pdf")
    answer.get_by_label("Số, ký hiệu").fill("02/SVBĐ-STP")
    answer.get_by_role("button", name="Tải lên").click()
    expect(answer.get_by_role("link", name="Tải về")).to_be_visible()
    shot(page, "appraisal-unit-answer")
    page.context.clear_cookies()
    log_in(page, live_server, unit_head.username)
    page.goto(f"{live_server.url}/appraisal/explanations/{submitted_assessment.pk}/")
    page.get_by_text("Gửi giải trình…").click()
    page.get_by_role("button", name="Xác nhận gửi giải trình").click()
    expect(page.get_by_text("Đã gửi giải trình tới Tổ thẩm định.")).to_be_visible()

    # Round 2: the appraiser reads the answer and its document, and accepts the unit's level.
    page.context.clear_cookies()
    log_in(page, live_server, appraiser.username)
    page.goto(f"{live_server.url}/appraisal/units/{submitted_assessment.pk}/")
    item = page.locator("article[id='item-1.1']")
    expect(item).to_contain_text("Kế hoạch ký ngày 20/01")
    expect(item).to_contain_text("02/SVBĐ-STP")
    item.get_by_role("link", name="Thẩm định lần 2").click()
    item.get_by_label("Ban hành đúng thời hạn (1 điểm)").check()
    item.get_by_label("Nhận xét của Tổ thẩm định").fill("Chấp nhận giải trình.")
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(item.get_by_role("status")).to_contain_text("Đã lưu kết quả thẩm định tiêu chí 1.1")
    expect(item).to_contain_text("Lần 2 (sau giải trình)")
    expect(page.locator("#appraised-total")).to_have_text("4,50 / 8,00")
    shot(page, "appraisal-round-two")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "appraisal-round-two-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 720})

    # The lead finalizes; the results are then read-only.
    page.context.clear_cookies()
    log_in(page, live_server, lead.username)
    page.goto(f"{live_server.url}/appraisal/periods/{submitted_assessment.period_id}/progress/")
    shot(page, "appraisal-progress")
    # No survey points were imported: the confirmation says what finalizing does and what is
    # missing, and the lead chooses.
    page.get_by_text("Hoàn tất thẩm định…").click()
    expect(page.get_by_text("Chưa có điểm điều tra xã hội học của tiêu chí 2.2")).to_be_visible()
    page.get_by_label("Hoàn tất dù chưa có điểm điều tra").check()
    page.get_by_role("button", name="Xác nhận hoàn tất").click()
    expect(page.get_by_text("Đã hoàn tất thẩm định: Sở Tư pháp.")).to_be_visible()
    page.goto(f"{live_server.url}/appraisal/units/{submitted_assessment.pk}/")
    expect(page.get_by_text("kết quả chỉ xem")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa kết quả thẩm định")).to_have_count(0)
    assert AppraisedEntry.objects.filter(round=Round.FINAL).get().appraised_points == 1
    assert problems == []
