"""An appraiser's sheet of one unit (the unit's answers beside the team's, per leaf) and the saves
of the appraisal: one item's points in a round, and explanation requests.

Appraised points come from the engine, as self points do: the appraiser enters the rule's inputs
(pre-filled with the unit's, to accept them as they are), and `appraise_item` keeps the engine's
answer.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.evidence import files_newest_first
from parindex.assessments.models import Entry, Evidence, EvidenceFile, UnitAssessment
from parindex.assessments.saving import save_versioned
from parindex.assessments.scorecard import engine_entries, read_inputs
from parindex.catalog.models import Criterion
from parindex.catalog.specs import load_spec
from parindex.core import audit
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Entry as EngineEntry
from parindex.scoring import EntryError, Node, NodeResult, evaluate, leaf_points
from parindex.scoring.engine import final_entries

from . import workflow
from .assignments import APPRAISED_METHODS, leaf_fields
from .models import (
    AppraisedEntry,
    ExplanationRequest,
    Round,
    SentDocument,
    SurveyScore,
    UnitAppraisal,
)

# What the audit trail keeps of an appraised entry besides its inputs.
AUDITED = ("appraised_points", "round", "comment")


class CommentRequired(workflow.AppraisalError):
    """The points differ from the unit's: the team says why, in the comment."""


@dataclass(frozen=True)
class ShownDocument:
    """A document as the team reads it: the unit's latest file for an item's evidence, the file
    as it was sent for an explanation; None for a reference without a file."""

    document: Evidence
    file: EvidenceFile | None


@dataclass
class SheetItem:
    """One leaf as the appraiser sees it: the unit's side and the team's two rounds."""

    node: Node
    criterion_id: int
    area: Node
    field: str | None
    entry: Entry | None
    self_result: NodeResult
    evidence: list[ShownDocument]
    first: AppraisedEntry | None
    final: AppraisedEntry | None
    request: ExplanationRequest | None
    assigned: bool  # of a field the reader's agency appraises

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def is_self_scored(self) -> bool:
        """The unit scores it and the team appraises; else the team alone scores it."""
        return self.node.method == Criterion.Method.SELF

    @property
    def self_points(self) -> Decimal | None:
        return self.entry.self_points if self.entry else None

    @property
    def current(self) -> AppraisedEntry | None:
        """The round that counts: round 2 when there is one."""
        return self.final or self.first

    @property
    def appraised_points(self) -> Decimal | None:
        return self.current.appraised_points if self.current else None

    @property
    def differs(self) -> bool:
        return self.current is not None and self.appraised_points != self.self_points

    @property
    def pending(self) -> bool:
        return self.request is not None and self.final is None

    @property
    def sent_documents(self) -> list[ShownDocument]:
        """What the unit sent with its explanation (empty until it is sent)."""
        if self.request is None:
            return []
        return [
            ShownDocument(sent.evidence, sent.file) for sent in self.request.sent_documents.all()
        ]


@dataclass
class Sheet:
    assessment: UnitAssessment
    status: UnitAppraisal
    spec: Spec
    items: list[SheetItem]
    self_total: Decimal
    appraised_total: Decimal
    max_points: Decimal

    def item(self, criterion_id: int) -> SheetItem:
        return next(item for item in self.items if item.criterion_id == criterion_id)

    def round_for(self, item: SheetItem, refusals: dict[int, str]) -> int | None:
        """The round the reader may write for this item now (round 2 once it is open for a
        requested item), or None. `refusals`: `workflow.refusals` of the unit."""
        if not item.assigned:
            return None
        if item.request and not refusals[Round.FINAL]:
            return Round.FINAL
        if not refusals[Round.FIRST]:
            return Round.FIRST
        return None

    def may_request(self, item: SheetItem, refusals: dict[int, str]) -> bool:
        """Whether the reader may ask the unit to explain this item now: theirs, appraised in
        round 1 while round 1 is open, and the unit's answers not yet sent."""
        return (
            item.assigned
            and item.first is not None
            and not refusals[Round.FIRST]
            and not self.status.answers_sent_at
        )

    def areas(self) -> list[tuple[Node, list[SheetItem]]]:
        grouped: dict[str, tuple[Node, list[SheetItem]]] = {}
        for item in self.items:
            grouped.setdefault(item.area.code, (item.area, []))[1].append(item)
        return list(grouped.values())


def _latest(document: Evidence) -> ShownDocument:
    files = document.files.all()  # newest first
    return ShownDocument(document, files[0] if files else None)


def load(assessment: UnitAssessment, fields: set[str], *, every_field: bool = False) -> Sheet:
    """The unit's leaves to appraise, those of `fields` (the reader's) or of every field, with the
    unit's entries and evidence, both rounds and the requests; constant queries."""
    stored = load_spec(assessment.criteria_set)
    spec, ids = stored.spec, stored.ids
    leaf_field = leaf_fields(spec)
    entries = {
        e.criterion.code: e
        for e in assessment.entries.select_related("criterion", "updated_by").prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.order_by("title").prefetch_related(files_newest_first()),
            )
        )
    }
    appraised: dict[tuple[str, int], AppraisedEntry] = {
        (a.criterion.code, a.round): a
        for a in assessment.appraised_entries.select_related("criterion", "updated_by")
    }
    requests = {
        r.criterion.code: r
        for r in assessment.explanation_requests.select_related(
            "criterion", "requested_by", "answered_by"
        ).prefetch_related(
            # What the unit is preparing (its own page), and what it sent (the team's).
            Prefetch(
                "evidence",
                queryset=Evidence.objects.order_by("title").prefetch_related(files_newest_first()),
            ),
            Prefetch(
                "sent_documents",
                queryset=SentDocument.objects.select_related("evidence", "file"),
            ),
        )
    }
    survey = {s.criterion.code: s for s in _current_survey(assessment).select_related("criterion")}
    self_result = evaluate(spec, engine_entries(spec, entries))
    final_result = evaluate(spec, final_engine_entries(spec, appraised, survey))
    items = []
    for area in spec.nodes:
        for leaf in (node for node in area.walk() if node.is_leaf):
            if leaf.method not in APPRAISED_METHODS:
                continue
            if not every_field and leaf_field[leaf.code] not in fields:
                continue
            entry = entries.get(leaf.code)
            items.append(
                SheetItem(
                    node=leaf,
                    criterion_id=ids[leaf.code],
                    area=area,
                    field=leaf_field[leaf.code],
                    entry=entry,
                    self_result=self_result.nodes[leaf.code],
                    evidence=[_latest(document) for document in entry.evidence.all()]
                    if entry
                    else [],
                    first=appraised.get((leaf.code, Round.FIRST)),
                    final=appraised.get((leaf.code, Round.FINAL)),
                    request=requests.get(leaf.code),
                    assigned=leaf_field[leaf.code] in fields,
                )
            )
    return Sheet(
        assessment=assessment,
        # Reading never writes: the row is created by the first change.
        status=UnitAppraisal.objects.filter(assessment=assessment).first()
        or UnitAppraisal(assessment=assessment),
        spec=spec,
        items=items,
        self_total=self_result.total,
        appraised_total=final_result.total,
        max_points=final_result.max,
    )


def _current_survey(assessment: UnitAssessment):
    latest = assessment.period.survey_imports.order_by("-imported_at", "-id").values("pk")[:1]
    return SurveyScore.objects.filter(assessment=assessment, survey_import__in=latest)


def final_engine_entries(
    spec: Spec, appraised: dict, survey: dict, *, up_to: int = Round.FINAL
) -> dict:
    """Each leaf's latest round up to `up_to` (round 2 where there is one), survey leaves from the
    survey import. `appraised`: (code, round) → AppraisedEntry; `survey`: code → SurveyScore."""
    by_code: dict[str, EngineEntry] = {}
    for round in sorted(Round):
        if round <= up_to:
            by_code |= {code: row.to_engine() for (code, n), row in appraised.items() if n == round}
    survey_entries = {
        code: EngineEntry(numerator=row.numerator, denominator=row.denominator, points=row.points)
        for code, row in survey.items()
    }
    return final_entries(spec, by_code, survey_entries)


def refresh_total(assessment: UnitAssessment, spec: Spec) -> None:
    """Keep the unit's appraised total for lists (its engine answer)."""
    appraised = {
        (a.criterion.code, a.round): a
        for a in assessment.appraised_entries.select_related("criterion")
    }
    survey = {s.criterion.code: s for s in _current_survey(assessment).select_related("criterion")}
    total = evaluate(spec, final_engine_entries(spec, appraised, survey)).total
    UnitAppraisal.objects.filter(assessment=assessment).update(appraised_total=total)


@transaction.atomic
def appraise_item(
    assessment: UnitAssessment,
    criterion_id: int,
    round: int,
    data: dict,
    *,
    version: int,
    by: User,
    now: datetime | None = None,
) -> AppraisedEntry:
    """Store an appraiser's inputs and comment for one leaf in `round`; the engine gives the points.

    Raises AppraisalError (window, finalized, comment missing), EntryError (inputs that break the
    rule), Conflict (someone saved this item's round since `version` was read). Side effects: the
    AppraisedEntry row (version + 1), audit "appraisal.entry" old → new, the unit's appraised total;
    the first save marks the unit's appraisal as started (`appraisal_started_at`: no reopening of
    its self-assessment from then on).
    """
    assessment, status = workflow.lock(assessment, judge=by)
    stored = load_spec(assessment.criteria_set)
    spec, leaf = stored.spec, stored.leaf(criterion_id)
    if leaf is None or leaf.method not in APPRAISED_METHODS:
        raise workflow.AppraisalError(_("Tiêu chí này không thuộc phần thẩm định."))
    requested = ExplanationRequest.objects.filter(
        assessment=assessment, criterion_id=criterion_id
    ).exists()
    workflow.check_round(assessment, status, round, requested=requested, now=now)
    engine_entry = read_inputs(leaf, data)
    if not engine_entry.answered:
        raise EntryError(leaf.code, _("vui lòng nhập kết quả thẩm định"))
    points = leaf_points(leaf, engine_entry, not_applicable_policy=spec.not_applicable).points
    comment = (data.get("comment") or "").strip()
    self_entry = Entry.objects.filter(assessment=assessment, criterion_id=criterion_id).first()
    self_points = self_entry.self_points if self_entry else None
    if leaf.method == "self" and points != self_points and not comment:
        raise CommentRequired(_("Điểm thẩm định khác điểm tự chấm: vui lòng ghi nhận xét (lý do)."))
    row, old, new = save_versioned(
        AppraisedEntry,
        {"assessment": assessment, "criterion_id": criterion_id, "round": round},
        AppraisedEntry.columns(engine_entry) | {"comment": comment, "appraised_points": points},
        version=version,
        by=by,
        audited=AUDITED,
    )
    audit.record("appraisal.entry", row, by=by, old=old, new=new, reason=comment)
    refresh_total(assessment, spec)
    if assessment.appraisal_started_at is None:
        assessment.appraisal_started_at = row.updated_at
        UnitAssessment.objects.filter(pk=assessment.pk).update(appraisal_started_at=row.updated_at)
    return row


@dataclass(frozen=True)
class Accepted:
    """What `accept_self_scores` did: the codes saved, and those left alone with the reason."""

    saved: list[str]
    skipped: list[tuple[str, str]]


def _unit_inputs(entry: Entry) -> dict:
    """The unit's answer as the save reads a form's."""
    if entry.not_applicable:
        return {"not_applicable": True, "not_applicable_reason": entry.not_applicable_reason}
    return {
        name: getattr(entry, name)
        for name in Entry.INPUT_FIELDS
        if getattr(entry, name) not in (None, "")
    }


@transaction.atomic
def accept_self_scores(
    assessment: UnitAssessment,
    fields: set[str],
    *,
    by: User,
    criterion_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> Accepted:
    """Round 1 of the unit's items as the unit answered them ("đồng ý điểm tự chấm"): the items
    of `criterion_ids`, or every item of `fields` not appraised yet. Each is saved as `save`
    saves one (the same checks, one audit entry per item, no comment needed: the points are the
    unit's). Items of another field, items the team has appraised already, items the unit left
    empty and items the team scores itself are left alone, each with the reason.

    Raises AppraisalError when round 1 is closed for the unit (nothing is saved)."""
    locked, status = workflow.lock(assessment, judge=by)
    workflow.check_round(locked, status, Round.FIRST, requested=False, now=now)
    stored = load_spec(locked.criteria_set)
    field_of = leaf_fields(stored.spec)
    wanted = set(criterion_ids) if criterion_ids is not None else None
    entries = {e.criterion_id: e for e in locked.entries.all()}
    done = set(
        AppraisedEntry.objects.filter(assessment=locked, round=Round.FIRST).values_list(
            "criterion_id", flat=True
        )
    )
    saved, skipped = [], []
    for leaf in stored.spec.leaves():
        criterion_id = stored.ids[leaf.code]
        if leaf.method not in APPRAISED_METHODS or field_of[leaf.code] not in fields:
            continue
        if wanted is not None and criterion_id not in wanted:
            continue
        entry = entries.get(criterion_id)
        if leaf.method != "self":
            skipped.append((leaf.code, _("Tổ thẩm định tự chấm tiêu chí này")))
        elif criterion_id in done:
            skipped.append((leaf.code, _("đã thẩm định")))
        elif entry is None or not entry.answered:
            skipped.append((leaf.code, _("đơn vị chưa tự chấm")))
        else:
            appraise_item(
                locked, criterion_id, Round.FIRST, _unit_inputs(entry), version=0, by=by, now=now
            )
            saved.append(leaf.code)
    return Accepted(saved, skipped)


@transaction.atomic
def request_explanation(
    assessment: UnitAssessment,
    criterion_id: int,
    question: str,
    *,
    by: User,
    now: datetime | None = None,
) -> ExplanationRequest:
    """Ask the unit to explain one item (or change the question of a request not yet answered)."""
    question = question.strip()
    if not question:
        raise workflow.AppraisalError(_("Vui lòng ghi nội dung yêu cầu giải trình."))
    assessment, status = workflow.lock(assessment, judge=by)
    workflow.check_can_request(assessment, status, now)
    # Round 2 revises round 1: an item is appraised first, then explained.
    if not AppraisedEntry.objects.filter(
        assessment=assessment, criterion_id=criterion_id, round=Round.FIRST
    ).exists():
        raise workflow.AppraisalError(
            _("Hãy thẩm định lần 1 tiêu chí này trước khi yêu cầu đơn vị giải trình.")
        )
    request, created = ExplanationRequest.objects.get_or_create(
        assessment=assessment,
        criterion_id=criterion_id,
        defaults={"question": question, "requested_by": by},
    )
    old = {} if created else {"question": request.question}
    if not created:
        if request.answer:
            raise workflow.AppraisalError(_("Đơn vị đã trả lời yêu cầu này: không sửa được."))
        # The unit sees who asks: whoever wrote the question last.
        request.question = question
        request.requested_by = by
        request.save(update_fields=["question", "requested_by"])
    audit.record("appraisal.request", request, by=by, old=old, new={"question": question})
    return request


@transaction.atomic
def withdraw_request(
    assessment: UnitAssessment, criterion_id: int, *, by: User, reason: str
) -> None:
    """Take back a request the unit has not answered yet (asked by mistake)."""
    assessment, status = workflow.lock(assessment, judge=by)
    workflow.check_can_request(assessment, status)
    request = ExplanationRequest.objects.filter(
        assessment=assessment, criterion_id=criterion_id
    ).first()
    if request is None:
        return
    if request.answer:
        raise workflow.AppraisalError(_("Đơn vị đã trả lời yêu cầu này: không rút lại được."))
    audit.record(
        "appraisal.request_withdrawn",
        request,
        by=by,
        old={"question": request.question},
        new={},
        reason=reason,
    )
    request.delete()
