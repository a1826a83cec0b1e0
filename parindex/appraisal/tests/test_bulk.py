"""Appraisal in bulk: accepting the unit's own scores for the items of the appraiser's fields in
one step, each item saved and audited as if saved alone."""

import pytest

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
