"""Two guards the dates and the roles alone did not keep: once the team has started on a unit,
its self-assessment stays closed whatever the period's deadline becomes; and the lead, like any
member, never appraises, finalizes or reopens their own unit."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from parindex.appraisal import appraising, workflow
from parindex.appraisal.models import Round, UnitAppraisal
from parindex.assessments import deadlines
from parindex.assessments import workflow as self_assessment
from parindex.assessments.models import UnitAssessment
from parindex.testing.factories import criterion

pytestmark = pytest.mark.django_db


def _appraise_first_item(assessment, by):
    return appraising.appraise_item(
        assessment,
        criterion(assessment, "1.1").pk,
        Round.FIRST,
        {"level": "Ban hành đúng thời hạn", "comment": ""},
        version=0,
        by=by,
    )


def test_a_deadline_moved_later_does_not_reopen_a_unit_the_team_has_started(
    submitted_assessment, team, appraiser, unit_head, officer
):
    _appraise_first_item(submitted_assessment, appraiser)
    period = submitted_assessment.period
    period.self_assessment_closes = deadlines.today() + timedelta(days=7)
    period.save()
    assessment = UnitAssessment.objects.with_context().get(pk=submitted_assessment.pk)
    assert not self_assessment.is_open(assessment)
    assert not self_assessment.can_withdraw(assessment)

    head = Client()
    head.force_login(unit_head)
    response = head.post(
        reverse("assessments:withdraw", args=[assessment.pk]),
        {"reason": "Sửa mục 1.1"},
        follow=True,
    )
    assert "Tổ thẩm định đã bắt đầu thẩm định đơn vị này" in response.text
    assessment.refresh_from_db()
    assert assessment.state == UnitAssessment.State.SUBMITTED
    with pytest.raises(self_assessment.WorkflowError, match="đã bắt đầu thẩm định"):
        self_assessment.withdraw(assessment, by=unit_head, reason="Sửa mục 1.1")
    # Even a draft (never submitted) stays closed to changes.
    UnitAssessment.objects.filter(pk=assessment.pk).update(state=UnitAssessment.State.DRAFT)
    assessment.refresh_from_db()
    assert "đã bắt đầu thẩm định" in self_assessment.change_refusal(assessment)

    # The team keeps reading the unit it has started on.
    reader = Client()
    reader.force_login(appraiser)
    assert reader.get(reverse("appraisal:sheet", args=[assessment.pk])).status_code == 200


@pytest.fixture
def own_assessment(appraisal_period, appraisal_set, home_affairs) -> UnitAssessment:
    """Sở Nội vụ's self-assessment, submitted: the lead's (and the appraiser's) own unit."""
    return UnitAssessment.objects.create(
        period=appraisal_period, unit=home_affairs, criteria_set=appraisal_set, state="submitted"
    )


def test_the_lead_neither_reads_finalizes_nor_reopens_their_own_unit(
    own_assessment, team, lead_client, admin_user
):
    pk = own_assessment.pk
    assert lead_client.get(reverse("appraisal:sheet", args=[pk])).status_code == 404
    assert lead_client.post(reverse("appraisal:finalize", args=[pk])).status_code == 404
    UnitAppraisal.objects.update_or_create(
        assessment=own_assessment,
        defaults={"finalized_at": deadlines.starts(deadlines.today()), "finalized_by": admin_user},
    )
    response = lead_client.post(reverse("appraisal:reopen", args=[pk]), {"reason": "Xem lại"})
    assert response.status_code == 404
    assert UnitAppraisal.objects.get(assessment=own_assessment).finalized_at is not None
    # The progress page names the unit without a way to act on it.
    page = lead_client.get(reverse("appraisal:progress", args=[team.pk])).text
    assert reverse("appraisal:reopen", args=[pk]) not in page
    assert reverse("appraisal:sheet", args=[pk]) not in page


def test_the_domain_refuses_a_judge_of_their_own_unit(own_assessment, team, lead, admin_user):
    refused = "Không thẩm định, hoàn tất hay mở lại kết quả thẩm định của chính đơn vị mình."
    with pytest.raises(workflow.AppraisalError, match=refused):
        workflow.finalize(own_assessment, by=lead, without_survey=True)
    with pytest.raises(workflow.AppraisalError, match=refused):
        workflow.reopen_appraisal(own_assessment, by=lead, reason="Xem lại")
    with pytest.raises(workflow.AppraisalError, match=refused):
        _appraise_first_item(own_assessment, lead)
    # The admin belongs to no unit: they finalize and reopen the lead's unit.
    with pytest.raises(workflow.AppraisalError, match="chưa hoàn tất"):
        workflow.reopen_appraisal(own_assessment, by=admin_user, reason="Xem lại")
