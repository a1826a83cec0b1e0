from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.assessments import deadlines, scorecard, workflow
from parindex.assessments.models import (
    AssessmentPeriod,
    Entry,
    EntryEvidence,
    Evidence,
    UnitAssessment,
)
from parindex.catalog.models import Criterion
from parindex.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_deadline_ends_at_midnight_vietnam_time_whatever_the_server_zone(settings):
    # 31/03/2026 23:59:59 in Vietnam is 16:59:59 UTC; midnight is 17:00:00 UTC.
    last_second = datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC)
    midnight = datetime(2026, 3, 31, 17, 0, 0, tzinfo=UTC)
    assert deadlines.is_within(date(2026, 3, 1), date(2026, 3, 31), last_second)
    assert not deadlines.is_within(date(2026, 3, 1), date(2026, 3, 31), midnight)
    assert deadlines.has_passed(date(2026, 3, 31), midnight)
    assert not deadlines.has_passed(date(2026, 3, 31), last_second)
    assert deadlines.today(midnight) == date(2026, 4, 1)


def test_the_window_opens_at_midnight_vietnam_time():
    before = datetime(2026, 2, 28, 16, 59, 59, tzinfo=UTC)
    opening = datetime(2026, 2, 28, 17, 0, 0, tzinfo=UTC)
    assert not deadlines.is_within(date(2026, 3, 1), date(2026, 3, 31), before)
    assert deadlines.is_within(date(2026, 3, 1), date(2026, 3, 31), opening)


def _entry(assessment, code, **values) -> Entry:
    criterion = Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)
    return Entry.objects.create(assessment=assessment, criterion=criterion, **values)


def test_items_with_points_and_no_required_evidence_block_submission(open_assessment, unit_head):
    _entry(open_assessment, "1.1", level="Ban hành đúng thời hạn", self_points=1)
    _entry(open_assessment, "1.2", numerator=5, denominator=5, self_points=2)  # evidence optional
    _entry(open_assessment, "1.3", not_applicable=True)
    found = workflow.blockers(open_assessment)
    assert [(b.code, b.reason) for b in found] == [
        ("1.1", "Chưa có tài liệu kiểm chứng bắt buộc và chưa có giải trình"),
        ("1.3", "Chưa ghi lý do không áp dụng"),
    ]
    with pytest.raises(workflow.WorkflowError, match="còn 2 tiêu chí"):
        workflow.submit(open_assessment, by=unit_head)
    Entry.objects.filter(criterion__code="1.1").update(explanation="Quyết định đang trình ký")
    Entry.objects.filter(criterion__code="1.3").update(not_applicable_reason="Không có hồ sơ")
    workflow.submit(open_assessment, by=unit_head)
    open_assessment.refresh_from_db()
    assert open_assessment.state == UnitAssessment.State.SUBMITTED
    assert open_assessment.submitted_by == unit_head
    entry = AuditEntry.objects.get(action="self_assessment.submit")
    assert entry.old == {"state": "draft"} and entry.new["state"] == "submitted"


def test_withdraw_needs_a_reason_and_the_window(open_assessment, unit_head):
    workflow.submit(open_assessment, by=unit_head)
    with pytest.raises(workflow.WorkflowError, match="lý do"):
        workflow.withdraw(open_assessment, by=unit_head, reason=" ")
    after = deadlines.ends(open_assessment.period.self_assessment_closes)
    with pytest.raises(workflow.WorkflowError, match="hết hạn"):
        workflow.withdraw(open_assessment, by=unit_head, reason="Sửa 1.1", now=after)
    workflow.withdraw(open_assessment, by=unit_head, reason="Sửa 1.1")
    open_assessment.refresh_from_db()
    assert open_assessment.state == UnitAssessment.State.DRAFT
    assert AuditEntry.objects.get(action="self_assessment.withdraw").reason == "Sửa 1.1"


def test_after_the_deadline_nothing_changes_until_the_admin_reopens(open_assessment, admin_user):
    closes = open_assessment.period.self_assessment_closes
    last_second = deadlines.ends(closes) - timedelta(seconds=1)
    workflow.check_can_change(open_assessment, last_second)
    with pytest.raises(workflow.WorkflowError, match="Đã hết hạn tự đánh giá"):
        workflow.check_can_change(open_assessment, deadlines.ends(closes))
    with pytest.raises(workflow.WorkflowError, match="vẫn đang trong hạn tự đánh giá"):
        workflow.reopen_self_assessment(
            open_assessment, by=admin_user, reason="Lỗi mạng", until=closes + timedelta(days=3)
        )
    AssessmentPeriod.objects.filter(pk=open_assessment.period_id).update(
        self_assessment_closes=deadlines.today() - timedelta(days=1)
    )
    open_assessment.refresh_from_db()
    closes = open_assessment.period.self_assessment_closes
    workflow.reopen_self_assessment(
        open_assessment,
        by=admin_user,
        reason="Đơn vị bị lỗi mạng",
        until=closes + timedelta(days=3),
    )
    open_assessment.refresh_from_db()
    workflow.check_can_change(open_assessment, deadlines.ends(closes))
    with pytest.raises(workflow.WorkflowError):
        workflow.check_can_change(open_assessment, deadlines.ends(closes + timedelta(days=3)))
    assert AuditEntry.objects.get(action="self_assessment.reopen").reason == "Đơn vị bị lỗi mạng"


def test_nothing_changes_before_the_window_opens(open_assessment):
    opens = open_assessment.period.self_assessment_opens
    with pytest.raises(workflow.WorkflowError, match="bắt đầu từ ngày"):
        workflow.check_can_change(open_assessment, deadlines.starts(opens) - timedelta(seconds=1))
    workflow.check_can_change(open_assessment, timezone.now())


def test_a_submission_can_be_withdrawn_only_while_the_window_is_open(open_assessment, unit_head):
    assert not workflow.can_withdraw(open_assessment)  # nothing submitted yet
    workflow.submit(open_assessment, by=unit_head)
    open_assessment.refresh_from_db()
    closes = open_assessment.period.self_assessment_closes
    assert workflow.can_withdraw(open_assessment, deadlines.ends(closes) - timedelta(seconds=1))
    assert not workflow.can_withdraw(open_assessment, deadlines.ends(closes))


def test_the_units_deadline_is_its_reopening_when_that_is_later(open_assessment):
    closes = open_assessment.period.self_assessment_closes
    assert workflow.self_assessment_deadline(open_assessment) == closes
    open_assessment.reopened_until = closes - timedelta(days=1)
    assert workflow.self_assessment_deadline(open_assessment) == closes
    open_assessment.reopened_until = closes + timedelta(days=10)
    assert workflow.self_assessment_deadline(open_assessment) == closes + timedelta(days=10)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "not_applicable": st.booleans(),
                "reason": st.sampled_from(["", "Không phát sinh"]),
                "points": st.sampled_from([None, Decimal(0), Decimal("0.5"), Decimal(1)]),
                "explanation": st.sampled_from(["", "Đang trình ký"]),
                "linked": st.booleans(),
            }
        ),
        min_size=3,
        max_size=3,
    )
)
def test_the_scorecard_and_the_submit_check_agree_on_what_blocks(open_assessment, officer, drafts):
    # One rule: the SQL that refuses submission and the flags the scorecard shows read the same
    # expressions. Each item of the set gets a generated entry; the oracle is the rule in words.
    Entry.objects.filter(assessment=open_assessment).delete()
    Evidence.objects.filter(unit=open_assessment.unit).delete()
    expected = set()
    for code, draft in zip(("1.1", "1.2", "1.3"), drafts, strict=True):
        entry = _entry(
            open_assessment,
            code,
            not_applicable=draft["not_applicable"],
            not_applicable_reason=draft["reason"] if draft["not_applicable"] else "",
            self_points=None if draft["not_applicable"] else draft["points"],
            explanation=draft["explanation"],
        )
        if draft["linked"]:
            document = Evidence.objects.create(
                unit=open_assessment.unit, title=code, created_by=officer
            )
            EntryEvidence.objects.create(entry=entry, evidence=document, linked_by=officer)
        required = entry.criterion.evidence == Criterion.Evidence.REQUIRED
        missing_reason = draft["not_applicable"] and not draft["reason"]
        unexplained = (
            not draft["not_applicable"]
            and (draft["points"] or 0) > 0
            and required
            and not draft["linked"]
            and not draft["explanation"]
        )
        if missing_reason or unexplained:
            expected.add(entry.criterion_id)
    card = scorecard.load(open_assessment)
    shown = {item.criterion_id for item in card.items if item.needs_completion}
    refused = {blocker.criterion_id for blocker in workflow.blockers(open_assessment)}
    assert shown == refused == expected


def test_the_admin_ends_the_self_assessment_and_opens_the_appraisal(open_assessment, admin_user):
    from parindex.assessments import periods

    period = open_assessment.period
    with pytest.raises(periods.PeriodError, match="lý do"):
        periods.start_appraisal(period, by=admin_user, reason=" ")
    assert workflow.is_open(open_assessment)
    assert workflow.reopen_refusal(open_assessment) == "Đơn vị vẫn đang trong hạn tự đánh giá."
    periods.start_appraisal(period, by=admin_user, reason="Các đơn vị đã nộp đủ")
    period.refresh_from_db()
    open_assessment.refresh_from_db()
    assert period.self_assessment_closes == deadlines.today() - timedelta(days=1)
    assert not workflow.is_open(open_assessment) and workflow.reopen_refusal(open_assessment) == ""
    entry = AuditEntry.objects.get(action="period.start_appraisal")
    assert (entry.reason, entry.new) == (
        "Các đơn vị đã nộp đủ",
        {"self_assessment_closes": period.self_assessment_closes.isoformat()},
    )
    with pytest.raises(periods.PeriodError, match="đã kết thúc"):
        periods.start_appraisal(period, by=admin_user, reason="Lần nữa")
