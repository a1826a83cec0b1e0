"""The demo's earlier round, 2024, assessed and published through the product itself, so that the
annual report, the analysis and the change from last year show at once: the 19 departments before
the 2025 merger (with the department set, copied for 2024) and the 10 districts (the district
set), each self-assessed, appraised (some items lowered, with the reason), finalized and
published with the province's decision. In 2025 the merged departments compare with their
predecessors through the catalogue's lineage.

The round is dated as it happened (self-assessment from December 2024, publication in March
2025). The units' answers and the team's round 1 are written as rows; the totals, the
submission, the finalization and the publication go through the product's own functions."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import Role, User
from parindex.appraisal import appraising
from parindex.appraisal import workflow as appraisal_workflow
from parindex.appraisal.assignments import APPRAISED_METHODS
from parindex.appraisal.models import AppraisedEntry, Round
from parindex.assessments import scorecard, workflow
from parindex.assessments.models import AssessmentPeriod, Entry
from parindex.assessments.periods import create_period
from parindex.catalog.interchange import read_yaml, save_criteria_set
from parindex.catalog.models import CriteriaSet, Unit
from parindex.catalog.specs import load_spec
from parindex.results import publishing
from parindex.results.models import Publication
from parindex.results.reports import Decision
from parindex.scoring import leaf_points
from parindex.scoring.criteria_format import parse_criteria

from .accounts import ACCOUNTS
from .self_assessment import draw_inputs, moment, seeded
from .team import APPRAISER, appraised_inputs, build_team

YEAR = 2024
LEVELS = ("department", "district")
DATES = {
    "self_assessment_opens": date(2024, 12, 2),
    "self_assessment_closes": date(2025, 1, 15),
    "appraisal_closes": date(2025, 2, 10),
    "explanation_closes": date(2025, 2, 20),
    "final_appraisal_closes": date(2025, 2, 28),
}
FINAL_DAY = date(2025, 3, 3)
PUBLISHED = datetime(2025, 3, 10, 9, tzinfo=timezone.get_fixed_timezone(7 * 60))
DECISION = Decision(
    number="512/QĐ-UBND",
    day=date(2025, 3, 7),
    signer="Lê Thành Đô",
    signer_position="Chủ tịch",
)
LEAD = "snv.totruong"
COMMENT = "Tổ thẩm định tính lại theo số liệu trong tài liệu kiểm chứng."
EXPLANATION = "Tài liệu kiểm chứng đã nộp bản giấy kèm Báo cáo kết quả tự đánh giá năm 2024."


def _department_set(reference: Path) -> CriteriaSet:
    """The department set of 2025 copied for 2024 (the illustrative sets have no 2024 one)."""
    found = CriteriaSet.objects.filter(level__code="department", year=YEAR).first()
    if found is not None:
        return found
    spec = parse_criteria(read_yaml((reference / "criteria-2025-department.yaml").read_bytes()))
    spec = dataclasses.replace(spec, year=YEAR, title=spec.title.replace("2025", str(YEAR)))
    save_criteria_set(spec, by=None)
    return CriteriaSet.objects.get(level__code="department", year=YEAR)


def _inputs(data: dict) -> dict:
    """The rule's inputs as the form stores them (numbers as Decimal)."""
    numbers = {
        name: None if data.get(name) is None else Decimal(str(data[name]))
        for name in ("numerator", "denominator", "points")
    }
    return numbers | {
        "count": data.get("count"),
        "level": data.get("level", ""),
        "not_applicable": bool(data.get("not_applicable")),
        "not_applicable_reason": data.get("not_applicable_reason", ""),
    }


def _points(spec, leaf, data: dict):
    found = leaf_points(
        leaf, scorecard.read_inputs(leaf, data), not_applicable_policy=spec.not_applicable
    )
    return found.points


def _round_of(assessment, spec, criteria, by: User, appraiser: User, lead: User, rng) -> None:
    """Self-assessment and round 1 written as rows (a save a item through the forms' path checks
    the team's coverage each time: 2 minutes for the 29 units); the totals, the submission, the
    finalization and the publication go through the product's functions."""
    strength = rng.uniform(0.7, 0.93)
    entries = {}
    for leaf in spec.leaves():
        if leaf.method != "self":
            continue
        data = draw_inputs(leaf, rng, strength)
        entries[leaf.code] = Entry(
            assessment=assessment,
            criterion=criteria[leaf.code],
            explanation=EXPLANATION if leaf.evidence == "required" else "",
            self_points=_points(spec, leaf, data),
            version=1,
            updated_by=by,
            **_inputs(data),
        )
    Entry.objects.bulk_create(entries.values())
    scorecard.refresh_totals(assessment, spec)
    workflow.submit(assessment, by=by, now=moment(DATES["self_assessment_closes"], 420))
    appraised = []
    for leaf in spec.leaves():
        if leaf.method not in APPRAISED_METHODS:
            continue
        entry = entries.get(leaf.code)
        data = appraised_inputs(SimpleNamespace(node=leaf, entry=entry), rng)
        points = _points(spec, leaf, data)
        comment = data.get("comment", "")
        if entry is not None and points != entry.self_points and not comment:
            comment = COMMENT
        appraised.append(
            AppraisedEntry(
                assessment=assessment,
                criterion=criteria[leaf.code],
                round=Round.FIRST,
                comment=comment,
                appraised_points=points,
                version=1,
                updated_by=appraiser,
                **_inputs(data),
            )
        )
    AppraisedEntry.objects.bulk_create(appraised)
    appraisal_workflow.status_of(assessment)
    appraising.refresh_total(assessment, spec)
    appraisal_workflow.finalize(
        assessment, by=lead, without_survey=True, now=moment(FINAL_DAY, 480)
    )


def load_earlier_round(reference: Path) -> int:
    """The 2024 round, published; returns 1 when it was created now, 0 when it exists."""
    if AssessmentPeriod.objects.filter(year=YEAR).exists():
        return 0
    admin = User.objects.get(username=ACCOUNTS[0].username)
    criteria_sets = [
        _department_set(reference),
        CriteriaSet.objects.get(level__code="district", year=YEAR),
    ]
    units = list(
        Unit.objects.filter(level__code__in=LEVELS).active_in(YEAR).select_related("level")
    )
    period = create_period(
        year=YEAR,
        title=_("Đánh giá, xác định Chỉ số CCHC năm %(year)d (minh họa)") % {"year": YEAR},
        dates=DATES,
        criteria_sets=criteria_sets,
        units=units,
        by=admin,
    )
    build_team(period)
    officers = {
        user.unit_id: user
        for user in User.objects.filter(role=Role.UNIT_HEAD, unit__in=units).order_by("-pk")
    }
    appraiser = User.objects.get(username=APPRAISER)
    lead = User.objects.get(username=LEAD)
    specs: dict[int, tuple] = {}
    for assessment in period.assessments.select_related("unit", "criteria_set__level", "period"):
        if assessment.criteria_set_id not in specs:
            stored = load_spec(assessment.criteria_set)
            criteria = {c.code: c for c in assessment.criteria_set.nodes.all()}
            specs[assessment.criteria_set_id] = stored.spec, criteria
        rng = seeded(str(YEAR), assessment.unit.code)
        by = officers.get(assessment.unit_id, admin)
        # Nobody appraises or finalizes their own unit: Sở Nội vụ's by the admin.
        team = (appraiser, lead) if assessment.unit_id != lead.unit_id else (admin, admin)
        _round_of(assessment, *specs[assessment.criteria_set_id], by, *team, rng)
    publication = publishing.publish(period, by=admin, decision=DECISION)
    # Published when the province published it, not the day the demo was loaded.
    Publication.objects.filter(pk=publication.pk).update(published_at=PUBLISHED)
    return 1
