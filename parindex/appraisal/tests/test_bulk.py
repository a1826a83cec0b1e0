"""Appraisal in bulk: accepting the unit's own scores for the items of the appraiser's fields in
one step, each item saved and audited as if saved alone."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from parindex.appraisal import appraising, workflow
from parindex.appraisal.models import AppraisedEntry, Round
from parindex.core.models import AuditEntry
from parindex.testing.factories import criterion

pytestmark = pytest.mark.django_db


def test_the_remaining_items_of_my_fields_take_the_units_scores(
    submitted_assessment, team, appraiser
):
    # Sở Nội vụ appraises CDDH (1.1, 1.2, 1.3); 2.1 is Văn phòng UBND tỉnh's field.
    done = appraising.accept_self_scores(submitted_assessment, {"CDDH"}, by=appraiser)
    assert done.saved == ["1.1", "1.2"]
    assert done.skipped == [("1.3", "Tổ thẩm định tự chấm tiêu chí này")]
    rows = AppraisedEntry.objects.filter(assessment=submitted_assessment).order_by(
        "criterion__position"
    )
    assert [
        (r.criterion.code, r.round, r.appraised_points, r.level, r.numerator) for r in rows
    ] == [
        ("1.1", Round.FIRST, 1, "Ban hành đúng thời hạn", None),
        ("1.2", Round.FIRST, 1, "", 9),
    ]
    # One audit entry per item, as when saved one by one.
    assert AuditEntry.objects.filter(action="appraisal.entry").count() == 2
    submitted_assessment.refresh_from_db()
    assert submitted_assessment.appraisal_started_at is not None
    assert workflow.status_of(submitted_assessment).appraised_total == 2


def test_what_is_appraised_already_or_empty_is_left_alone(submitted_assessment, team, appraiser):
    c11 = criterion(submitted_assessment, "1.1").pk
    appraising.appraise_item(
        submitted_assessment,
        c11,
        Round.FIRST,
        {"level": "Ban hành chậm", "comment": "Quyết định ban hành sau hạn"},
        version=0,
        by=appraiser,
    )
    submitted_assessment.entries.filter(criterion__code="1.2").delete()
    done = appraising.accept_self_scores(
        submitted_assessment,
        {"CDDH"},
        by=appraiser,
        criterion_ids=[c11, criterion(submitted_assessment, "1.2").pk],
    )
    assert (done.saved, done.skipped) == (
        [],
        [("1.1", "đã thẩm định"), ("1.2", "đơn vị chưa tự chấm")],
    )
    assert AppraisedEntry.objects.get(criterion_id=c11).level == "Ban hành chậm"


def test_nothing_is_saved_when_round_one_is_closed(
    submitted_assessment, team, appraiser, appraisal_period
):
    appraisal_period.appraisal_closes = appraisal_period.self_assessment_closes
    appraisal_period.save()
    with pytest.raises(workflow.AppraisalError, match="hết hạn thẩm định lần 1"):
        appraising.accept_self_scores(submitted_assessment, {"CDDH"}, by=appraiser)
    assert not AppraisedEntry.objects.exists()


def test_finalizing_without_survey_points_is_a_choice_not_an_accident(
    submitted_assessment, team, appraiser, office_appraiser, lead
):
    appraising.accept_self_scores(submitted_assessment, {"CDDH"}, by=appraiser)
    appraising.accept_self_scores(submitted_assessment, {"TTHC"}, by=office_appraiser)
    appraising.appraise_item(
        submitted_assessment,
        criterion(submitted_assessment, "1.3").pk,
        Round.FIRST,
        {"points": 1},
        version=0,
        by=appraiser,
    )
    # 2.2 is the survey's: no import yet, so it would count 0.
    with pytest.raises(workflow.SurveyMissing) as missing:
        workflow.finalize(submitted_assessment, by=lead)
    assert missing.value.codes == ["2.2"]
    assert str(missing.value) == (
        "Chưa có điểm điều tra xã hội học cho 1 tiêu chí (2.2): nếu hoàn tất bây giờ, các tiêu "
        "chí này được 0 điểm và không nhập thêm được nữa."
    )
    assert not workflow.status_of(submitted_assessment).is_finalized
    status = workflow.finalize(submitted_assessment, by=lead, without_survey=True)
    assert status.is_finalized
    entry = AuditEntry.objects.get(action="appraisal.finalize")
    assert entry.new["survey_missing"] == ["2.2"]


def _sheet(client, assessment) -> str:
    return " ".join(client.get(reverse("appraisal:sheet", args=[assessment.pk])).text.split())


def test_the_sheet_offers_to_accept_the_chosen_or_all_remaining_items(
    appraiser_client, submitted_assessment, team
):
    assessment = submitted_assessment
    c11, c12 = (criterion(assessment, code).pk for code in ("1.1", "1.2"))
    page = _sheet(appraiser_client, assessment)
    boxes = re.findall(r'name="criterion" value="(\d+)" form="accept-form"', page)
    assert boxes == [str(c11), str(c12)]  # 1.3 is the team's own; 2.1 another agency's field
    assert "Sẽ ghi kết quả thẩm định lần 1 của các tiêu chí 1.1, 1.2 bằng chính số liệu" in page
    assert "Đến tiêu chí chưa thẩm định đầu tiên (1.1)" in page

    url = reverse("appraisal:accept_self_scores", args=[assessment.pk])
    response = appraiser_client.post(url, {"criterion": [c12]})
    assert response["Location"] == reverse("appraisal:sheet", args=[assessment.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã đồng ý điểm tự chấm của 1 tiêu chí: 1.2."
    ]
    _sheet(appraiser_client, assessment)  # the messages are shown once
    response = appraiser_client.post(url, {"every": "1"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã đồng ý điểm tự chấm của 1 tiêu chí: 1.1.",
        "Không thay đổi: 1.2 (đã thẩm định); 1.3 (Tổ thẩm định tự chấm tiêu chí này).",
    ]
    assert sorted(
        AppraisedEntry.objects.filter(assessment=assessment).values_list(
            "criterion__code", flat=True
        )
    ) == ["1.1", "1.2"]
    page = _sheet(appraiser_client, assessment)
    assert 'form="accept-form"' not in page and "Đến tiêu chí chưa thẩm định đầu tiên (1.3)" in page


def test_nobody_outside_the_fields_accepts_anything(client, submitted_assessment, team, officer):
    url = reverse("appraisal:accept_self_scores", args=[submitted_assessment.pk])
    client.force_login(officer)
    assert client.post(url, {"every": "1"}).status_code == 404
    assert not AppraisedEntry.objects.exists()


def test_a_saved_item_points_to_the_next_one_to_appraise(
    appraiser_client, submitted_assessment, team
):
    assessment = submitted_assessment
    c11 = criterion(assessment, "1.1").pk
    url = reverse("appraisal:item_save", args=[assessment.pk, c11])
    data = {f"a{c11}-level": "Ban hành đúng thời hạn", f"a{c11}-version": 0}
    html = appraiser_client.post(url, data, headers={"HX-Request": "true"}).text
    assert '<a class="ms-1" href="#item-1.2">' in html
    # The form opens with the keyboard on its first input.
    edit = reverse("appraisal:item_edit", args=[assessment.pk, criterion(assessment, "1.2").pk])
    form = appraiser_client.get(edit, headers={"HX-Request": "true"}).text
    assert re.search(r'<input type="text" name="a\d+-numerator"[^>]* autofocus', form)
