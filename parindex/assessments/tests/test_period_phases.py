"""The period's phases on its page: ending the self-assessment to start the appraisal (a reason,
audited) instead of editing two dates, and "Mở lại" only for the units that can be reopened."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parindex.assessments import deadlines, workflow
from parindex.assessments.models import UnitAssessment
from parindex.core.models import AuditEntry
from parindex.testing.browser import log_in, shot
from parindex.testing.evidence import close_window

pytestmark = pytest.mark.django_db


def page_url(period) -> str:
    return reverse("assessments:period", kwargs={"pk": period.pk})


def start_url(period) -> str:
    return reverse("assessments:period_start_appraisal", kwargs={"pk": period.pk})


def reopen_url(assessment) -> str:
    return reverse(
        "assessments:period_reopen",
        kwargs={"pk": assessment.period_id, "assessment_pk": assessment.pk},
    )


def words(html: str) -> str:
    return " ".join(html.split())


def test_the_admin_ends_the_self_assessment_with_a_reason(
    admin_client, admin_user, open_assessment, home_affairs, unit_head, self_assessment_set
):
    period = open_assessment.period
    UnitAssessment.objects.create(
        period=period, unit=home_affairs, criteria_set=self_assessment_set
    )
    workflow.submit(open_assessment, by=unit_head)
    yesterday = deadlines.today() - timedelta(days=1)
    page = words(admin_client.get(page_url(period)).text)
    # What it does is said before it is done, with the units it leaves behind.
    assert "Kết thúc tự đánh giá – bắt đầu thẩm định…</summary>" in page
    assert (
        f"Hạn tự đánh giá đổi thành hết ngày {yesterday:%d/%m/%Y}: từ bây giờ đơn vị không sửa, "
        "nộp hay rút lại kết quả tự đánh giá được nữa, và Tổ thẩm định thẩm định được mọi đơn vị "
        "đã nộp."
    ) in page
    assert "1 đơn vị chưa nộp sẽ không nộp được nữa, trừ khi được mở lại." in page

    response = admin_client.post(start_url(period), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["start_form"].errors == {
        "reason": ["Vui lòng ghi lý do kết thúc sớm tự đánh giá."]
    }
    assert '<details class="mt-2" id="start-appraisal" open>' in response.text
    period.refresh_from_db()
    assert period.self_assessment_closes > yesterday

    response = admin_client.post(start_url(period), {"reason": "Các đơn vị đã nộp đủ"})

    assert response["Location"] == period.get_absolute_url()
    period.refresh_from_db()
    assert period.self_assessment_closes == yesterday
    entry = AuditEntry.objects.get(action="period.start_appraisal")
    assert (entry.actor, entry.reason) == (admin_user, "Các đơn vị đã nộp đủ")
    page = words(admin_client.get(page_url(period)).text)
    assert (
        f"Đã kết thúc tự đánh giá (hạn mới: {yesterday:%d/%m/%Y}); Tổ thẩm định bắt đầu thẩm định."
    ) in page
    assert 'id="start-appraisal"' not in page
    assert "Kết thúc tự đánh giá, bắt đầu thẩm định" in page.split('id="history"')[1]


def test_ending_it_twice_is_refused_with_why(admin_client, open_assessment):
    close_window(open_assessment)
    response = admin_client.post(start_url(open_assessment.period), {"reason": "Lần nữa"})
    assert response.status_code == 200
    assert "Kỳ tự đánh giá đã kết thúc; thẩm định đã bắt đầu." in response.text
    assert not AuditEntry.objects.filter(action="period.start_appraisal").exists()


@pytest.mark.parametrize("who", ["officer", "unit_head", "appraiser"])
def test_only_the_admin_ends_the_self_assessment(client, request, open_assessment, who):
    closes = open_assessment.period.self_assessment_closes
    client.force_login(request.getfixturevalue(who))
    assert client.post(start_url(open_assessment.period), {"reason": "x"}).status_code == 403
    open_assessment.period.refresh_from_db()
    assert open_assessment.period.self_assessment_closes == closes


def test_reopening_is_offered_only_for_units_that_can_be_reopened(
    admin_client, open_assessment, unit_head
):
    workflow.submit(open_assessment, by=unit_head)
    period = open_assessment.period
    until = (deadlines.today() + timedelta(days=5)).strftime("%d/%m/%Y")
    # Still within its deadline: the head may take it back; nothing to reopen.
    assert reopen_url(open_assessment) not in admin_client.get(page_url(period)).text
    response = admin_client.post(reopen_url(open_assessment), {"reason": "Sửa", "until": until})
    assert "Đơn vị vẫn đang trong hạn tự đánh giá." in response.text

    close_window(open_assessment)
    assert reopen_url(open_assessment) in admin_client.get(page_url(period)).text

    UnitAssessment.objects.filter(pk=open_assessment.pk).update(
        appraisal_started_at=deadlines.starts(deadlines.today())
    )
    assert reopen_url(open_assessment) not in admin_client.get(page_url(period)).text
    page = words(admin_client.get(reopen_url(open_assessment)).text)
    assert (
        "Tổ thẩm định đã bắt đầu thẩm định đơn vị này: không mở lại tự đánh giá được nữa."
    ) in page
    response = admin_client.post(reopen_url(open_assessment), {"reason": "Sửa", "until": until})
    assert "không mở lại tự đánh giá được nữa" in response.text
    open_assessment.refresh_from_db()
    assert (open_assessment.state, open_assessment.reopened_until) == ("submitted", None)
    assert not AuditEntry.objects.filter(action="self_assessment.reopen").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_confirms_the_end_of_the_self_assessment_in_a_browser(
    page, live_server, admin_user, open_assessment
):
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}{page_url(open_assessment.period)}")
    confirm = page.get_by_role("button", name="Xác nhận kết thúc tự đánh giá")
    expect(confirm).to_be_hidden()
    page.get_by_text("Kết thúc tự đánh giá – bắt đầu thẩm định…").click()
    expect(page.locator("#start-appraisal")).to_contain_text(
        "1 đơn vị chưa nộp sẽ không nộp được nữa, trừ khi được mở lại."
    )
    page.get_by_label("Lý do kết thúc tự đánh giá").fill("Các đơn vị đã nộp đủ")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "assessments-start-appraisal-phone")
    # The units' table scrolls inside its box (its hidden heading included).
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    confirm.click()

    expect(page.get_by_role("alert").first).to_contain_text("Đã kết thúc tự đánh giá")
    expect(page.locator("#start-appraisal")).to_have_count(0)
    # Now closed, the unit (which has not submitted) may be reopened.
    expect(page.locator(f"#assessment-{open_assessment.pk}")).to_contain_text("Mở lại")
    assert console == []
