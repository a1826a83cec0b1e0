"""The self-assessment's states and the rules that move a unit between them.

draft ──submit (unit head, no blockers, window open)──▶ submitted
submitted ──withdraw (unit head, before the deadline, reason)──▶ draft
any ──reopen (admin, reason, new deadline)──▶ draft

Every change is checked here on the server, whatever the browser shows, and goes to the audit trail.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parindex.accounts.models import User
from parindex.catalog.models import Criterion
from parindex.core import audit
from parindex.core.dates import day_text

from . import deadlines
from .models import Entry, EntryEvidence, UnitAssessment

State = UnitAssessment.State


class WorkflowError(Exception):
    """A refused transition; the message says why, in the user's language."""


def self_assessment_deadline(assessment: UnitAssessment) -> date:
    """The last day the unit may change its self-assessment: the period's, or the reopening's."""
    period = assessment.period
    if assessment.reopened_until and assessment.reopened_until > period.self_assessment_closes:
        return assessment.reopened_until
    return period.self_assessment_closes


def is_open(assessment: UnitAssessment, now: datetime | None = None) -> bool:
    """Whether the self-assessment window is open for this unit at `now`. Once the team has
    started appraising the unit it is closed whatever the dates say: a deadline moved later
    must not let the unit withdraw or change answers already appraised."""
    if assessment.appraisal_started_at is not None:
        return False
    return deadlines.is_within(
        assessment.period.self_assessment_opens, self_assessment_deadline(assessment), now
    )


APPRAISAL_STARTED = gettext_lazy(
    "Tổ thẩm định đã bắt đầu thẩm định đơn vị này: tự đánh giá đã đóng, không thay đổi được nữa."
)


def can_change_entries(assessment: UnitAssessment, now: datetime | None = None) -> bool:
    return assessment.state == State.DRAFT and is_open(assessment, now)


def can_withdraw(assessment: UnitAssessment, now: datetime | None = None) -> bool:
    """Whether the submitted self-assessment may be taken back (with a reason) at `now`."""
    return assessment.state == State.SUBMITTED and is_open(assessment, now)


def check_can_change(assessment: UnitAssessment, now: datetime | None = None) -> None:
    """Raise WorkflowError unless the unit's entries may be changed at `now`."""
    period = assessment.period
    now = now or timezone.now()
    if now < deadlines.starts(period.self_assessment_opens):
        raise WorkflowError(
            _("Kỳ tự đánh giá bắt đầu từ ngày %(day)s.")
            % {"day": day_text(period.self_assessment_opens)}
        )
    if assessment.appraisal_started_at is not None:
        raise WorkflowError(str(APPRAISAL_STARTED))
    if not is_open(assessment, now):
        raise WorkflowError(
            _("Đã hết hạn tự đánh giá (%(day)s); không thể thay đổi kết quả tự chấm.")
            % {"day": day_text(self_assessment_deadline(assessment))}
        )
    if assessment.state == State.SUBMITTED:
        raise WorkflowError(
            _("Đơn vị đã nộp kết quả tự đánh giá; lãnh đạo đơn vị cần rút lại để sửa.")
        )


def change_refusal(assessment: UnitAssessment, now: datetime | None = None) -> str:
    """Why the unit's entries cannot be changed at `now` ("" while they can): `check_can_change`'s
    message, for pages that say it rather than act on it."""
    try:
        check_can_change(assessment, now)
    except WorkflowError as error:
        return str(error)
    return ""


@dataclass(frozen=True)
class Blocker:
    """An item that prevents submission, and why."""

    entry_id: int | None
    criterion_id: int
    code: str
    title: str
    reason: str


def needs_explanation() -> Q:
    """Entries with points whose required evidence is missing, without an explanation."""
    linked = EntryEvidence.objects.filter(entry=OuterRef("pk"))
    return Q(
        not_applicable=False,
        self_points__gt=0,
        criterion__evidence=Criterion.Evidence.REQUIRED,
        explanation="",
    ) & Q(~Exists(linked))


def lacks_reason() -> Q:
    """Entries marked not applicable without a reason."""
    return Q(not_applicable=True, not_applicable_reason="")


def needs_completion() -> Q:
    """Entries that block submission: the one rule, used in SQL by `blockers` and the period
    overview, and read by the scorecard from the same expressions annotated on its entries."""
    return needs_explanation() | lacks_reason()


def blockers(assessment: UnitAssessment) -> list[Blocker]:
    """The items that block submission, in tree order (one query)."""
    rows = (
        Entry.objects.filter(assessment=assessment)
        .filter(needs_completion())
        .select_related("criterion")
        .order_by("criterion__position")
    )
    return [
        Blocker(
            row.pk,
            row.criterion_id,
            row.criterion.code,
            row.criterion.title,
            _("Chưa ghi lý do không áp dụng")
            if row.not_applicable
            else _("Chưa có tài liệu kiểm chứng bắt buộc và chưa có giải trình"),
        )
        for row in rows
    ]


def _transition(
    assessment: UnitAssessment,
    action: str,
    new_state: str,
    *,
    by: User,
    reason: str = "",
    **changes,
) -> None:
    old = {"state": assessment.state}
    assessment.state = new_state
    for name, value in changes.items():
        setattr(assessment, name, value)
    assessment.save(update_fields=["state", *changes])
    shown = {name: str(value) for name, value in changes.items()}
    audit.record(
        action, assessment, by=by, old=old, new={"state": new_state, **shown}, reason=reason
    )


@transaction.atomic
def submit(assessment: UnitAssessment, *, by: User, now: datetime | None = None) -> None:
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("period").get(pk=assessment.pk)
    )
    check_can_change(assessment, now)
    found = blockers(assessment)
    if found:
        raise WorkflowError(
            ngettext(
                "Chưa thể nộp: còn %(n)d tiêu chí cần bổ sung (xem danh sách).",
                "Chưa thể nộp: còn %(n)d tiêu chí cần bổ sung (xem danh sách).",
                len(found),
            )
            % {"n": len(found)}
        )
    _transition(
        assessment,
        "self_assessment.submit",
        State.SUBMITTED,
        by=by,
        submitted_at=now or timezone.now(),
        submitted_by=by,
    )


@transaction.atomic
def withdraw(
    assessment: UnitAssessment, *, by: User, reason: str, now: datetime | None = None
) -> None:
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("period").get(pk=assessment.pk)
    )
    if assessment.state != State.SUBMITTED:
        raise WorkflowError(_("Kết quả tự đánh giá chưa được nộp."))
    if assessment.appraisal_started_at is not None:
        raise WorkflowError(str(APPRAISAL_STARTED))
    if not is_open(assessment, now):
        raise WorkflowError(_("Đã hết hạn tự đánh giá; không thể rút lại kết quả đã nộp."))
    if not reason.strip():
        raise WorkflowError(_("Vui lòng ghi lý do rút lại."))
    _transition(assessment, "self_assessment.withdraw", State.DRAFT, by=by, reason=reason)


def reopen_refusal(assessment: UnitAssessment, now: datetime | None = None) -> str:
    """Why this unit's self-assessment cannot be reopened now ("" when it can): it is still
    open, or the team has started appraising it."""
    if is_open(assessment, now):
        return _("Đơn vị vẫn đang trong hạn tự đánh giá.")
    if assessment.appraisal_started_at is not None:
        return _(
            "Tổ thẩm định đã bắt đầu thẩm định đơn vị này: không mở lại tự đánh giá được "
            "nữa. Nếu cần sửa, hãy đề nghị Tổ thẩm định yêu cầu đơn vị giải trình."
        )
    return ""


@transaction.atomic
def reopen_self_assessment(
    assessment: UnitAssessment, *, by: User, reason: str, until: date
) -> None:
    """The admin lets one unit change its self-assessment again until `until` (a Vietnam date).

    Raises WorkflowError (no reason; `until` in the past; `reopen_refusal`: the unit is still
    within its deadline, or the team has started appraising it). Side effects: state draft,
    reopened_until; audit `self_assessment.reopen` with the reason."""
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("period").get(pk=assessment.pk)
    )
    if not reason.strip():
        raise WorkflowError(_("Vui lòng ghi lý do mở lại."))
    if until < deadlines.today():
        raise WorkflowError(_("Hạn mới không được trước ngày hôm nay."))
    # Once the team has scored the unit's answers, changing them would pull the ground from
    # under its points and comments; a unit still within its deadline needs no reopening.
    refusal = reopen_refusal(assessment)
    if refusal:
        raise WorkflowError(refusal)
    _transition(
        assessment,
        "self_assessment.reopen",
        State.DRAFT,
        by=by,
        reason=reason,
        reopened_until=until,
    )
