"""The appraisal journey in a real browser: an appraiser opens a unit, reads a PDF in the page,
changes a score with a comment and requests an explanation; the unit answers with a new
document; the appraiser records round 2; the lead finalizes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from parindex.appraisal.models import AppraisedEntry, Round
from parindex.assessments import deadlines, evidence
from parindex.assessments.models import UnitAssessment
from parindex.catalog.tests.test_browser import SCREENSHOTS, log_in

from .conftest import criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="initial")


@pytest.fixture
def plan_pdf(assessment, officer, period):
    """Sở Tư pháp's plan, attached to item 1.1 during the self-assessment."""
    upload = SimpleUploadedFile(
        "Kế hoạch CCHC 2026.pdf", pdf("Ke hoach CCHC nam 2026 - So Tu phap"), "application/pdf"
    )
    # Attached while the unit was still drafting, then submitted as the fixture has it.
    UnitAssessment.objects.filter(pk=assessment.pk).update(state="draft")
    document = evidence.upload_to_item(
        assessment,
        criterion(assessment, "1.1"),
        file=evidence.check_upload(upload),
        reference={"title": "Kế hoạch CCHC năm 2026", "reference_number": "15/KH-STP"},
        by=officer,
        now=deadlines.starts(period.self_assessment_opens),
    )
    UnitAssessment.objects.filter(pk=assessment.pk).update(state="submitted")
    return document


def test_appraiser_reads_evidence_changes_a_score_and_asks_for_an_explanation(
    page: Page, live_server, assessment, team, appraiser, plan_pdf
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
    expect(item.get_by_role("alert")).to_contain_text("vui lòng ghi nhận xét")
    expect(item.get_by_label("Ban hành chậm (0,5 điểm)")).to_be_checked()
    item.get_by_label("Nhận xét của Tổ thẩm định").fill("Kế hoạch ban hành ngày 20/02, chậm hạn.")
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(item.get_by_role("status")).to_contain_text("Đã lưu kết quả thẩm định tiêu chí 1.1")
    expect(item.locator(f"#appraised-{criterion(assessment, '1.1').pk}")).to_have_text("0,50")
    assert AppraisedEntry.objects.get().round == Round.FIRST

    item.get_by_text("Yêu cầu đơn vị giải trình").click()
    item.get_by_label("Nội dung yêu cầu giải trình").fill(
        "Đề nghị gửi văn bản chứng minh ngày ban hành."
    )
    item.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator("article[id='item-1.1']")).to_contain_text("Đơn vị chưa gửi giải trình")
    shot(page, "appraisal-sheet-requested")
    assert problems == []
