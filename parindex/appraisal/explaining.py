"""The unit's side of the explanation round (giải trình): the answer to each request and the
documents that support it, until the unit head sends the answers or the explanation deadline.

Documents are the unit's evidence library's: a new one is added to the library (its file checked
by `assessments.files.check_upload`, stored append-only with its SHA-256) and linked to the
request; one already in the library is only linked. Unlinking leaves the document in the library.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments import deadlines, evidence
from parindex.assessments.files import CheckedFile, EvidenceError
from parindex.assessments.models import Evidence, UnitAssessment
from parindex.assessments.saving import Conflict
from parindex.catalog.models import Unit
from parindex.core import audit
from parindex.core.text import nfc

from . import workflow
from .models import ExplanationRequest, UnitAppraisal


def closed_reason(
    assessment: UnitAssessment, status: UnitAppraisal, now: datetime | None = None
) -> str:
    """Why the unit can no longer answer ("" while it can)."""
    try:
        workflow.check_can_answer(assessment, status, now)
    except workflow.AppraisalError as error:
        return str(error)
    return ""


@dataclass(frozen=True)
class AssessmentRequests:
    """A unit's assessment with explanation requests: how many, how many answered, when the
    answers were sent, whether the explanation window has closed."""

    assessment: UnitAssessment
    total: int
    answered: int
    sent_at: datetime | None
    is_closed: bool


def assessments_with_requests(unit: Unit) -> list[AssessmentRequests]:
    """The unit's assessments that have explanation requests, newest period first (one query)."""
    rows = (
        UnitAssessment.objects.for_unit(unit.pk)
        .annotate(
            total=Count("explanation_requests"),
            answered=Count("explanation_requests", filter=~Q(explanation_requests__answer="")),
            sent_at=F("appraisal__answers_sent_at"),
        )
        .filter(total__gt=0)
        .select_related("period")
        .order_by("-period__year", "-period_id")
    )
    return [
        AssessmentRequests(
            row,
            row.total,
            row.answered,
            row.sent_at,
            deadlines.has_passed(row.period.explanation_closes),
        )
        for row in rows
    ]


def _lock(request: ExplanationRequest, now: datetime | None) -> ExplanationRequest:
    """The request read again under the unit's lock (which every change of a request takes),
    after checking that the unit may still answer."""
    assessment, status = workflow.lock(request.assessment)
    workflow.check_can_answer(assessment, status, now)
    current = (
        ExplanationRequest.objects.select_related("criterion", "answered_by")
        .filter(pk=request.pk)
        .first()
    )
    if current is None:
        raise workflow.AppraisalError(_("Tổ thẩm định đã rút lại yêu cầu giải trình này."))
    current.assessment = assessment
    return current


@transaction.atomic
def save_answer(
    request: ExplanationRequest, text: str, *, version: int, by: User, now: datetime | None = None
) -> ExplanationRequest:
    """Store the unit's answer to a request.

    Raises AppraisalError (answers sent, deadline passed, finalized, empty text, request
    withdrawn) and Conflict (someone saved an answer since `version` was read; `.entry` is the
    current request). Side effects: the request's answer, answered_by/at and version + 1; audit
    `explanation.answer` old → new.
    """
    text = nfc(text.strip())
    if not text:
        raise workflow.AppraisalError(_("Vui lòng ghi nội dung giải trình."))
    current = _lock(request, now)
    if current.version != version:
        raise Conflict(current)
    if text == current.answer:
        return current
    old = {"answer": current.answer} if current.answer else {}
    current.answer = text
    current.answered_by = by
    current.answered_at = now or timezone.now()
    current.version += 1
    current.save(update_fields=["answer", "answered_by", "answered_at", "version"])
    audit.record("explanation.answer", current, by=by, old=old, new={"answer": text})
    return current


@transaction.atomic
def add_document(
    request: ExplanationRequest,
    *,
    file: CheckedFile | None = None,
    reference: dict | None = None,
    by: User,
    now: datetime | None = None,
) -> Evidence:
    """Add a document to the unit's library (with `file`, already accepted by `check_upload`, as
    version 1; or a reference only) and link it to the request.

    Raises AppraisalError (as `save_answer`) and EvidenceError (neither file nor title). Side
    effects: Evidence, EvidenceFile (the file written to storage), the link; audit
    `evidence.create` on the document and `explanation.upload` on the request.
    """
    current = _lock(request, now)
    document, stored = evidence.create_document(
        current.assessment.unit, file=file, reference=reference or {}, by=by
    )
    current.evidence.add(document)
    audit.record(
        "explanation.upload",
        current,
        by=by,
        new={"code": current.criterion.code, **evidence.describe(document, stored)},
    )
    return document


@transaction.atomic
def link_document(
    request: ExplanationRequest, document: Evidence, *, by: User, now: datetime | None = None
) -> None:
    """Link a document of the unit's library to the request.

    Raises AppraisalError (as `save_answer`) and EvidenceError (another unit's document, already
    linked). Side effects: the link; audit `explanation.link` on the request.
    """
    current = _lock(request, now)
    if document.unit_id != current.assessment.unit_id:
        raise EvidenceError(_("Tài liệu không thuộc thư viện của đơn vị."))
    if current.evidence.filter(pk=document.pk).exists():
        raise EvidenceError(
            _("Tài liệu “%(title)s” đã được gắn với giải trình tiêu chí %(code)s.")
            % {"title": document.title, "code": current.criterion.code}
        )
    current.evidence.add(document)
    audit.record(
        "explanation.link",
        current,
        by=by,
        new={"code": current.criterion.code, **evidence.describe(document)},
    )


@transaction.atomic
def unlink_document(
    request: ExplanationRequest, document: Evidence, *, by: User, now: datetime | None = None
) -> None:
    """Take a document off the request; it stays in the unit's library.

    Raises AppraisalError (as `save_answer`) and EvidenceError (not linked). Side effects: the
    link removed; audit `explanation.unlink` on the request.
    """
    current = _lock(request, now)
    if not current.evidence.filter(pk=document.pk).exists():
        raise EvidenceError(
            _("Tài liệu “%(title)s” không gắn với giải trình tiêu chí %(code)s.")
            % {"title": document.title, "code": current.criterion.code}
        )
    current.evidence.remove(document)
    audit.record(
        "explanation.unlink",
        current,
        by=by,
        old={"code": current.criterion.code, **evidence.describe(document)},
    )
