"""When the appraisal of a unit may change, and the moves of the explanation round and finalization.

round 1 (thẩm định): after the unit's self-assessment deadline, until the period's appraisal
    deadline, once every leaf of the period is covered by an assignment;
explanation (giải trình): requests are made in round 1; the unit answers until the explanation
    deadline and its head sends the answers (then they are frozen);
round 2 (thẩm định lại): on items with a request, once the answers are sent or the explanation
    deadline has passed, until the final appraisal deadline;
finalize (Tổ trưởng): every appraised leaf has points and every request its round-2 points; the
    results are then read-only until the lead reopens them with a reason.

Every check is made here, on the server, whatever the browser shows; every move is audited.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parindex.accounts.models import User
from parindex.assessments import deadlines
from parindex.assessments.evidence import files_newest_first
from parindex.assessments.models import Evidence, UnitAssessment
from parindex.assessments.workflow import self_assessment_deadline
from parindex.core import audit
from parindex.core.dates import day_text

from .assignments import gaps
from .models import ExplanationRequest, Round, SentDocument, UnitAppraisal
from .progress import by_field, overall, survey_missing


class AppraisalError(Exception):
    """A refused appraisal action; the message says why, in the user's language."""


def status_of(assessment: UnitAssessment) -> UnitAppraisal:
    """The unit's appraisal row (created on first use)."""
    status, _created = UnitAppraisal.objects.get_or_create(assessment=assessment)
    return status


def existing_status(assessment: UnitAssessment) -> UnitAppraisal | None:
    """The unit's appraisal row if it exists (no query when loaded with select_related)."""
    try:
        return assessment.appraisal
    except UnitAppraisal.DoesNotExist:
        return None


def is_finalized(assessment: UnitAssessment) -> bool:
    status = existing_status(assessment)
    return status is not None and status.is_finalized


def lock(
    assessment: UnitAssessment, *, judge: User | None = None
) -> tuple[UnitAssessment, UnitAppraisal]:
    """Lock the unit's assessment row (serialising saves with finalization) and its status.
    `judge`, a member of the team acting on the unit, is refused their own unit: nobody
    appraises, finalizes or reopens the appraisal of the unit they belong to."""
    if judge is not None and judge.unit_id is not None and judge.unit_id == assessment.unit_id:
        raise AppraisalError(
            _("Không thẩm định, hoàn tất hay mở lại kết quả thẩm định của chính đơn vị mình.")
        )
    locked = UnitAssessment.objects.select_for_update().with_context().get(pk=assessment.pk)
    return locked, status_of(locked)


def check_round(
    assessment: UnitAssessment,
    status: UnitAppraisal,
    round: int,
    *,
    requested: bool,
    now: datetime | None = None,
) -> None:
    """Raise AppraisalError unless the item's `round` may be written at `now`."""
    period = assessment.period
    now = now or timezone.now()
    if status.is_finalized:
        raise AppraisalError(
            _("Kết quả thẩm định của đơn vị đã hoàn tất; Tổ trưởng phải mở lại mới sửa được.")
        )
    if round == Round.FIRST:
        deadline = self_assessment_deadline(assessment)
        if not deadlines.has_passed(deadline, now):
            raise AppraisalError(
                _("Chưa hết hạn tự đánh giá của đơn vị (%(day)s): chưa thẩm định được.")
                % {"day": day_text(deadline)}
            )
        if gaps(period):
            raise AppraisalError(
                _("Chưa phân công thẩm định đủ mọi tiêu chí của kỳ đánh giá: chưa thẩm định được.")
            )
        if deadlines.has_passed(period.appraisal_closes, now):
            raise AppraisalError(
                _("Đã hết hạn thẩm định lần 1 (%(day)s).")
                % {"day": day_text(period.appraisal_closes)}
            )
        return
    if not requested:
        raise AppraisalError(_("Chỉ thẩm định lần 2 các tiêu chí đã yêu cầu giải trình."))
    if not (status.answers_sent_at or deadlines.has_passed(period.explanation_closes, now)):
        raise AppraisalError(
            _("Đơn vị chưa gửi giải trình và chưa hết hạn giải trình (%(day)s).")
            % {"day": day_text(period.explanation_closes)}
        )
    if deadlines.has_passed(period.final_appraisal_closes, now):
        raise AppraisalError(
            _("Đã hết hạn thẩm định lần 2 (%(day)s).")
            % {"day": day_text(period.final_appraisal_closes)}
        )


def check_can_request(
    assessment: UnitAssessment, status: UnitAppraisal, now: datetime | None = None
) -> None:
    """Explanations are requested during round 1, before the unit has sent its answers."""
    check_round(assessment, status, Round.FIRST, requested=False, now=now)
    if status.answers_sent_at:
        raise AppraisalError(_("Đơn vị đã gửi giải trình: không yêu cầu thêm được."))


def check_can_answer(
    assessment: UnitAssessment, status: UnitAppraisal, now: datetime | None = None
) -> None:
    """The unit answers until the explanation deadline, and until its head sends the answers."""
    if status.is_finalized:
        raise AppraisalError(_("Kết quả thẩm định của đơn vị đã hoàn tất."))
    if status.answers_sent_at:
        raise AppraisalError(_("Giải trình đã được gửi, không sửa được nữa."))
    closes = assessment.period.explanation_closes
    if deadlines.has_passed(closes, now):
        raise AppraisalError(_("Đã hết hạn giải trình (%(day)s).") % {"day": day_text(closes)})


@transaction.atomic
def send_answers(
    assessment: UnitAssessment, *, by: User, now: datetime | None = None
) -> UnitAppraisal:
    """The unit head sends the unit's answers; every request must have one.

    Raises AppraisalError (no request, one without an answer, the window closed). Side effects:
    answers_sent_at/by; a SentDocument per document given, pinning the file version it has now
    (the team reads that version whatever the library adds later); audit
    `appraisal.answers_sent`."""
    assessment, status = lock(assessment)
    check_can_answer(assessment, status, now)
    documents = Evidence.objects.prefetch_related(files_newest_first())
    requests = list(
        ExplanationRequest.objects.filter(assessment=assessment)
        .select_related("criterion")
        .prefetch_related(Prefetch("evidence", queryset=documents))
    )
    if not requests:
        raise AppraisalError(_("Đơn vị không có yêu cầu giải trình nào."))
    unanswered = [r for r in requests if not r.answer.strip()]
    if unanswered:
        raise AppraisalError(
            _("Còn tiêu chí chưa có nội dung giải trình: %(codes)s.")
            % {"codes": ", ".join(r.criterion.code for r in unanswered)}
        )
    status.answers_sent_at = now or timezone.now()
    status.answers_sent_by = by
    status.save(update_fields=["answers_sent_at", "answers_sent_by"])
    SentDocument.objects.bulk_create(
        SentDocument(
            request=request, evidence=document, file=next(iter(document.files.all()), None)
        )
        for request in requests
        for document in request.evidence.all()
    )
    audit.record(
        "appraisal.answers_sent",
        assessment,
        by=by,
        old={},
        new={"answers_sent_at": status.answers_sent_at.isoformat(), "items": len(requests)},
    )
    return status


class SurveyMissing(AppraisalError):
    """Finalizing would count survey items without points as 0; `codes` are those items."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(
            _(
                "Chưa có điểm điều tra xã hội học cho %(n)s tiêu chí (%(codes)s): nếu hoàn tất "
                "bây giờ, các tiêu chí này được 0 điểm và không nhập thêm được nữa."
            )
            % {"n": len(codes), "codes": ", ".join(codes)}
        )
        self.codes = codes


@transaction.atomic
def finalize(
    assessment: UnitAssessment,
    *,
    by: User,
    without_survey: bool = False,
    now: datetime | None = None,
) -> UnitAppraisal:
    """The lead closes a unit's appraisal: every leaf appraised, no request without round 2, and
    survey points for every survey item unless the lead confirms `without_survey`.

    Raises AppraisalError (finalized already, items not appraised, requests without round 2) and
    SurveyMissing. Side effects: finalized_at/by; audit `appraisal.finalize` (with the survey
    items finalized without points, if any)."""
    assessment, status = lock(assessment, judge=by)
    if status.is_finalized:
        raise AppraisalError(_("Kết quả thẩm định của đơn vị đã hoàn tất."))
    progress = overall(by_field([assessment])[assessment.pk])
    if progress.appraised < progress.total:
        raise AppraisalError(
            ngettext(
                "Còn %(n)s/%(total)s tiêu chí chưa thẩm định.",
                "Còn %(n)s/%(total)s tiêu chí chưa thẩm định.",
                progress.total - progress.appraised,
            )
            % {"n": progress.total - progress.appraised, "total": progress.total}
        )
    if progress.pending:
        raise AppraisalError(
            ngettext(
                "Còn %(n)s tiêu chí đã yêu cầu giải trình chưa thẩm định lần 2.",
                "Còn %(n)s tiêu chí đã yêu cầu giải trình chưa thẩm định lần 2.",
                progress.pending,
            )
            % {"n": progress.pending}
        )
    missing = survey_missing([assessment])[assessment.pk]
    if missing and not without_survey:
        raise SurveyMissing(missing)
    status.finalized_at = now or timezone.now()
    status.finalized_by = by
    status.save(update_fields=["finalized_at", "finalized_by"])
    audit.record(
        "appraisal.finalize",
        assessment,
        by=by,
        old={},
        new={
            "finalized_at": status.finalized_at.isoformat(),
            "appraised_total": status.appraised_total,
        }
        | ({"survey_missing": missing} if missing else {}),
    )
    return status


@transaction.atomic
def reopen_appraisal(assessment: UnitAssessment, *, by: User, reason: str) -> UnitAppraisal:
    """The lead reopens a finalized appraisal, with a reason."""
    reason = reason.strip()
    if not reason:
        raise AppraisalError(_("Vui lòng ghi lý do mở lại."))
    assessment, status = lock(assessment, judge=by)
    if status.finalized_at is None:  # not finalized
        raise AppraisalError(_("Kết quả thẩm định của đơn vị chưa hoàn tất."))
    old = {
        "finalized_at": status.finalized_at.isoformat(),
        "finalized_by": str(status.finalized_by),
    }
    status.finalized_at = None
    status.finalized_by = None
    status.save(update_fields=["finalized_at", "finalized_by"])
    audit.record("appraisal.reopen", assessment, by=by, old=old, new={}, reason=reason)
    return status


def refusals(
    assessment: UnitAssessment, status: UnitAppraisal, now: datetime | None = None
) -> dict[int, str]:
    """Why each round is closed for this unit at `now` ("" when open); round 2 as for an item with
    a request. One check per page instead of one per item."""
    found: dict[int, str] = {}
    for round in Round:
        try:
            check_round(assessment, status, round, requested=True, now=now)
        except AppraisalError as error:
            found[round] = str(error)
        else:
            found[round] = ""
    return found
