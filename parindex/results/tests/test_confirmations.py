"""Publishing asks for a confirmation that says what it does and what is still missing (units not
fully appraised, explanation requests waiting for round 2, units not finalized, survey items
without points); the decision recorded with it is what the public page shows."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parindex.appraisal import appraising, workflow
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.results.models import Publication
from parindex.testing.browser import log_in, shot
from parindex.testing.factories import criterion

pytestmark = pytest.mark.django_db


def preview_url(period) -> str:
    return reverse("results:preview", kwargs={"period_pk": period.pk})


def words(html: str) -> str:
    return " ".join(html.split())


def outstanding(html: str) -> list[str]:
    """The lines of the list of what is missing."""
    listed = html.split('id="outstanding"')[1].split("</ul>")[0]
    return [words(line.split("</li>")[0]) for line in listed.split("<li>")[1:]]


def test_the_confirmation_says_what_publishing_does(admin_client, finalized, appraisal_period):
    page = words(admin_client.get(preview_url(appraisal_period)).text)

    assert "Công bố phiên bản 1…</summary>" in page
    assert (
        "Kết quả của 2 đơn vị được lưu cố định và hiện ngay trên trang công khai năm 2026, cùng "
        "các tệp PDF, Excel và dữ liệu mở ghi quyết định phê duyệt ở trên. Bản đã công bố không "
        "sửa được: muốn đính chính phải công bố phiên bản mới, có lý do."
    ) in page
    # Both were finalized without survey points: said before, and counted 0.
    assert (
        "Các tiêu chí điều tra xã hội học chưa có điểm (xem ở trên) được công bố với 0 điểm."
    ) in page
    assert '<i class="bi bi-megaphone" aria-hidden="true"></i> Xác nhận công bố</button>' in page


def test_what_is_still_missing_is_listed_unit_by_unit(
    admin_client, finalized, appraisal_period, appraisal_set, department_level, appraiser, lead
):
    justice, finance = finalized
    workflow.reopen_appraisal(finance, by=lead, reason="Xem lại")
    workflow.reopen_appraisal(justice, by=lead, reason="Hỏi lại 1.1")
    appraising.request_explanation(
        justice, criterion(justice, "1.1").pk, "Bổ sung văn bản", by=appraiser
    )
    unit = Unit.objects.create(code="so-y-te", name="Sở Y tế", level=department_level)
    UnitAssessment.objects.create(
        period=appraisal_period, unit=unit, criteria_set=appraisal_set, state="submitted"
    )

    page = admin_client.get(preview_url(appraisal_period)).text

    assert outstanding(page) == [
        "Sở Y tế: mới thẩm định 0/4 tiêu chí",
        "Sở Tư pháp: 1 yêu cầu giải trình chờ thẩm định lần 2",
        "Sở Tài chính: đã thẩm định xong, Trưởng tổ thẩm định chưa hoàn tất",
        "Sở Tài chính: chưa có điểm điều tra xã hội học của tiêu chí 2.2 (được 0 điểm)",
        "Sở Tư pháp: chưa có điểm điều tra xã hội học của tiêu chí 2.2 (được 0 điểm)",
        "Sở Y tế: chưa có điểm điều tra xã hội học của tiêu chí 2.2 (được 0 điểm)",
    ]
    assert 'disabled><i class="bi bi-megaphone" aria-hidden="true"></i>' in page
    assert Publication.objects.count() == 0


def test_the_lead_reads_it_and_cannot_publish(lead_client, finalized, appraisal_period):
    page = lead_client.get(preview_url(appraisal_period)).text
    assert "Sở Tư pháp: chưa có điểm điều tra xã hội học của tiêu chí 2.2 (được 0 điểm)" in (
        outstanding(page)
    )
    assert 'id="publish-form"' not in page
    assert (
        lead_client.post(
            reverse("results:publish", kwargs={"period_pk": appraisal_period.pk})
        ).status_code
        == 404
    )
    assert Publication.objects.count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_confirms_the_publication_with_its_decision(
    page, live_server, admin_user, finalized, appraisal_period
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}{preview_url(appraisal_period)}")
    expect(page.locator("#outstanding")).to_contain_text(
        "Sở Tư pháp: chưa có điểm điều tra xã hội học của tiêu chí 2.2 (được 0 điểm)"
    )
    expect(page.get_by_role("button", name="Xác nhận công bố")).to_be_hidden()
    page.get_by_text("Công bố phiên bản 1…").click()
    effects = page.locator("#publish-effects")
    expect(effects).to_contain_text("Kết quả của 2 đơn vị được lưu cố định")
    page.get_by_label("Số quyết định phê duyệt").fill("125/QĐ-UBND")
    page.get_by_label("Ngày ký quyết định").fill("05/03/2026")
    page.get_by_label("Người ký quyết định").fill("Lò Văn Phương")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch UBND tỉnh")
    shot(page, "results-publish-confirmation")
    page.get_by_role("button", name="Xác nhận công bố").click()

    expect(page.get_by_text("Đã công bố kết quả năm 2026, phiên bản 1.")).to_be_visible()
    publication = Publication.objects.get()
    page.goto(f"{live_server.url}{publication.get_absolute_url()}")
    expect(page.locator("#decision")).to_have_text(
        "Phê duyệt tại Quyết định số 125/QĐ-UBND ngày 05/03/2026 của Chủ tịch UBND tỉnh Điện Biên"
        " · người ký: Lò Văn Phương, Chủ tịch UBND tỉnh"
    )
    assert console == []
