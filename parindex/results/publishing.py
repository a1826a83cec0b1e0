"""A period's results computed by the engine from the current data (the preview), and their
publication as a frozen snapshot that the public pages read.

Self points come from the units' entries, appraised points from the team's latest round, survey
points from the latest survey import; the engine gives every node's points, max and index, and
ranks the units of each level by their rounded index.
"""

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.appraisal import totals
from parindex.appraisal.progress import Progress, by_field, overall
from parindex.appraisal.workflow import existing_status
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.catalog.models import UnitLevel
from parindex.core import audit
from parindex.core.numbers import number_text
from parindex.core.text import collation_key, nfc
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Node, UnitResult, classify, rank, round2

from . import stored_documents
from .models import Publication, PublishedLevel, PublishedResult
from .reports import Decision


class PublishError(Exception):
    """Publication refused; the message says why, in the user's language."""


@dataclass
class UnitRow:
    """One unit's result as the engine gives it from the current data."""

    assessment: UnitAssessment
    spec: Spec
    self_result: UnitResult
    round1_result: UnitResult
    final_result: UnitResult
    survey_points: Decimal
    comments: dict[str, str]
    submitted: bool
    appraisal_complete: bool
    finalized: bool
    rank: int | None = None
    classification: str | None = None
    # Items appraised and explanation requests waiting for round 2; the survey items without
    # points, which the engine counts 0.
    appraisal: Progress = field(default_factory=Progress)
    survey_missing: list[str] = field(default_factory=list)

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def index(self) -> Decimal | None:
        return self.final_result.index

    @property
    def appraised_points(self) -> Decimal:
        return self.final_result.points - self.survey_points

    def nodes(self) -> list[dict]:
        """Every node in tree order with its max, self, round-1 and final points and index, and a
        leaf's rule kind."""
        rows = []

        def walk(nodes: tuple[Node, ...], depth: int) -> None:
            for node in nodes:
                final = self.final_result.nodes[node.code]
                rows.append(
                    {
                        "code": node.code,
                        "title": node.title,
                        "depth": depth,
                        "leaf": node.is_leaf,
                        "method": node.method or "",
                        # A penalty's points are taken off: documents print them negative.
                        "kind": str(node.rule.kind) if node.rule else "",
                        "max": _text(final.max),
                        "self": _text(self.self_result.nodes[node.code].points),
                        "round1": _text(self.round1_result.nodes[node.code].points),
                        "final": _text(final.points),
                        "index": _text(round2(final.index) if final.index is not None else None),
                        "comment": self.comments.get(node.code, ""),
                    }
                )
                walk(node.children, depth + 1)

        walk(self.spec.nodes, 0)
        return rows


@dataclass
class LevelBlock:
    level: UnitLevel
    rows: list[UnitRow] = field(default_factory=list)

    @property
    def mean_index(self) -> Decimal | None:
        indices = [row.index for row in self.rows if row.index is not None]
        return round2(sum(indices, Decimal(0)) / len(indices)) if indices else None

    def rank(self) -> None:
        """Rank and classify the rows by their index; order them by rank, then by name."""
        ranks = rank({row.unit.pk: row.index for row in self.rows})
        for row in self.rows:
            row.rank = ranks[row.unit.pk]
            row.classification = classify(row.index, row.spec.classification)
        self.rows.sort(
            key=lambda row: (row.rank is None, row.rank or 0, collation_key(row.unit.name))
        )

    def area_means(self) -> list[dict]:
        """Per area of the level's set: max and the mean index of the ranked units."""
        if not self.rows:
            return []
        spec = self.rows[0].spec
        means = []
        for area in spec.nodes:
            indices = [
                index
                for row in self.rows
                if (index := row.final_result.nodes[area.code].index) is not None
            ]
            means.append(
                {
                    "code": area.code,
                    "title": area.title,
                    "max": _text(area.max_points),
                    "mean_index": _text(
                        round2(sum(indices, Decimal(0)) / len(indices)) if indices else None
                    ),
                }
            )
        return means


def _text(value: Decimal | None) -> str | None:
    return None if value is None else number_text(value)


def compute(period: AssessmentPeriod) -> list[LevelBlock]:
    """Every unit's result from the current data (`appraisal.totals`), ranked and classified
    within its level. Constant queries: the assessments, each criteria set's nodes, entries,
    appraisals, survey, progress."""
    assessments = list(
        period.assessments.select_related(
            "unit__level", "criteria_set__level", "appraisal", "period"
        ).order_by("unit__level__order", "unit__name")
    )
    figures = totals.figures(assessments)
    progress = by_field(assessments)

    blocks: dict[int, LevelBlock] = {}
    for assessment in assessments:
        found = figures[assessment.pk]
        status = existing_status(assessment)
        appraisal = overall(progress[assessment.pk])
        row = UnitRow(
            assessment=assessment,
            spec=found.spec,
            self_result=found.self_result,
            round1_result=found.round1_result,
            final_result=found.final_result,
            survey_points=found.survey_points,
            comments=found.comments,
            submitted=assessment.state == UnitAssessment.State.SUBMITTED,
            appraisal_complete=appraisal.complete,
            finalized=status is not None and status.is_finalized,
            appraisal=appraisal,
            survey_missing=found.survey_missing,
        )
        blocks.setdefault(assessment.unit.level_id, LevelBlock(assessment.unit.level)).rows.append(
            row
        )
    for block in blocks.values():
        block.rank()
    return sorted(blocks.values(), key=lambda block: block.level.order)


def problems(blocks: list[LevelBlock]) -> list[str]:
    """Why the results should not be published yet (units not finalized)."""
    waiting = [row.unit.name for block in blocks for row in block.rows if not row.finalized]
    if not waiting:
        return []
    return [
        _("%(n)s đơn vị chưa hoàn tất thẩm định: %(units)s.")
        % {"n": len(waiting), "units": ", ".join(waiting[:10]) + ("…" if len(waiting) > 10 else "")}
    ]


@dataclass(frozen=True)
class Outstanding:
    """What still stands between the current results and complete ones, unit by unit in the
    levels' order: for the confirmation of publishing."""

    not_appraised: list[UnitRow]  # items left to appraise (row.appraisal)
    awaiting_round2: list[UnitRow]  # explanation requests without round 2 (row.appraisal)
    not_finalized: list[UnitRow]  # appraised, not finalized by the lead
    survey_missing: list[UnitRow]  # survey items without points, counted 0 (row.survey_missing)

    def __bool__(self) -> bool:
        return any(
            (self.not_appraised, self.awaiting_round2, self.not_finalized, self.survey_missing)
        )


def outstanding(blocks: list[LevelBlock]) -> Outstanding:
    rows = [row for block in blocks for row in block.rows]
    return Outstanding(
        not_appraised=[row for row in rows if row.appraisal.appraised < row.appraisal.total],
        awaiting_round2=[row for row in rows if row.appraisal.pending],
        not_finalized=[row for row in rows if row.appraisal_complete and not row.finalized],
        survey_missing=[row for row in rows if row.survey_missing],
    )


def snapshot(row: UnitRow, **fields) -> PublishedResult:
    """The unsaved frozen result of one unit: what publishing stores and what a preview shows."""
    return PublishedResult(
        unit=row.unit,
        unit_name=row.unit.name,
        self_total=row.self_result.total,
        appraised_points=row.appraised_points,
        survey_points=row.survey_points,
        bonus=row.final_result.bonus,
        penalty=row.final_result.penalty,
        total=row.final_result.total,
        max_points=row.final_result.max,
        index=round2(row.index) if row.index is not None else None,
        rank=row.rank,
        classification=row.classification or "",
        nodes=row.nodes(),
        **fields,
    )


def freeze(publication: Publication, blocks: list[LevelBlock]) -> None:
    """Write the levels and the units' frozen results of `publication`."""
    for block in blocks:
        PublishedLevel.objects.create(
            publication=publication,
            level=block.level,
            level_name=block.level.name,
            units_ranked=sum(row.rank is not None for row in block.rows),
            mean_index=block.mean_index,
            areas=block.area_means(),
        )
        PublishedResult.objects.bulk_create(
            snapshot(row, publication=publication, level=block.level) for row in block.rows
        )


@transaction.atomic
def publish(
    period: AssessmentPeriod, *, by: User, reason: str = "", decision: Decision | None = None
) -> Publication:
    """Freeze every unit's current result as a new version of the year's publication, with the
    decision approving it when it is known (its number and date go together; who issues it is
    the settings' default unless given).

    Raises PublishError (units not finalized; a new version without a reason; a decision's
    number without its date or the reverse). Side effects: Publication, PublishedLevel and
    PublishedResult rows, audit `results.publish` on the period (with the decision); once
    committed, the task that renders and stores the publication's PDFs is enqueued.
    """
    decision = _completed(decision or Decision())
    # The units' rows too: finalize, reopen and every save take them, so none can change
    # between what is checked and what is frozen.
    AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    list(period.assessments.select_for_update().values_list("pk", flat=True))
    blocks = compute(period)
    if not blocks:
        raise PublishError(_("Kỳ đánh giá chưa có đơn vị nào: không có gì để công bố."))
    refused = problems(blocks)
    if refused:
        raise PublishError(" ".join(refused))
    last = Publication.objects.filter(year=period.year).aggregate(last=Max("version"))["last"]
    if last and not reason.strip():
        raise PublishError(_("Công bố lại cần ghi lý do (ví dụ: đính chính sai sót)."))
    publication = Publication.objects.create(
        year=period.year,
        version=(last or 0) + 1,
        title=period.title,
        period=period,
        published_at=timezone.now(),
        published_by=by,
        reason=reason.strip(),
        decision_number=decision.number,
        decision_date=decision.day,
        decision_by=decision.by,
        decision_signer=decision.signer,
        decision_signer_position=decision.signer_position,
    )
    freeze(publication, blocks)
    audit.record(
        "results.publish",
        period,
        by=by,
        new={
            "year": publication.year,
            "version": publication.version,
            "units": sum(len(block.rows) for block in blocks),
            "decision_number": decision.number,
            "decision_date": decision.day.isoformat() if decision.day else "",
            "decision_by": decision.by,
            "decision_signer": decision.signer,
            "decision_signer_position": decision.signer_position,
        },
        reason=publication.reason,
    )
    # Robust: a queue that refuses the task leaves the documents to be stored by the first
    # download of each, and must not turn a committed publication into an error page.
    transaction.on_commit(
        functools.partial(stored_documents.store_documents.enqueue, publication.pk), robust=True
    )
    return publication


def _completed(decision: Decision) -> Decision:
    """The decision as it is stored: text in NFC without stray spaces, who issues it by default
    when it is known. Raises PublishError for a number without a date or the reverse."""
    words = {
        name: " ".join(nfc(getattr(decision, name)).split())
        for name in ("number", "by", "signer", "signer_position")
    }
    if bool(words["number"]) != bool(decision.day):
        raise PublishError(_("Số và ngày của quyết định phê duyệt phải ghi cùng nhau."))
    if words["number"] and not words["by"]:
        words["by"] = settings.DOCUMENT_DECISION_BY
    return Decision(day=decision.day, **words)
