"""The demo round of 2025 in its appraisal: the period (deadlines counted from the day the demo is
loaded), the team and its assignments, two units reopened, Sở Nội vụ's appraiser under way with
one explanation request; and `load_demo`, which loads everything."""

from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.appraisal import access as appraisal_access
from parindex.appraisal import appraising
from parindex.appraisal.assignments import coverage
from parindex.appraisal.models import Round
from parindex.assessments import deadlines, workflow
from parindex.assessments.models import AssessmentPeriod
from parindex.assessments.periods import create_period
from parindex.catalog.models import CriteriaSet, Unit
from parindex.scoring.criteria import show

from .accounts import ACCOUNTS, DBP, PMT, SCT, STP, create_accounts
from .catalog import load_catalog
from .earlier_round import load_earlier_round
from .plans import load_plans
from .reports import load_reports
from .self_assessment import DEMO_YEAR, fill_self_assessments, seeded
from .team import APPRAISER, appraised_inputs, build_team

# Days from the day the demo is loaded: the units' self-assessment is over, the appraisal is on.
DEADLINES = {
    "self_assessment_opens": -40,
    "self_assessment_closes": -3,
    "appraisal_closes": 14,
    "explanation_closes": 21,
    "final_appraisal_closes": 28,
}
# The units with demo accounts can still show the self-assessment: the admin reopened them, until
# before the appraisal deadline so that the team can still appraise them afterwards.
REOPENED_DAYS = 7
REOPENINGS = (
    (
        STP,
        "Sở đề nghị gia hạn do thay đổi công chức phụ trách cải cách hành chính sau sắp xếp bộ "
        "máy; Sở Nội vụ đồng ý mở lại để đơn vị hoàn thiện hồ sơ tự đánh giá.",
    ),
    (
        DBP,
        "Phường hình thành từ 01/7/2025, đang tổng hợp số liệu của các đơn vị hành chính cũ; "
        "đồng ý mở lại tự đánh giá theo đề nghị của UBND phường.",
    ),
)


# Sở Nội vụ's appraiser has begun: the share of their items done in two units; the first unit is
# asked to explain the first item whose points were lowered.
APPRAISED = ((SCT, 0.85), (PMT, 0.6))


def _period(now: datetime) -> AssessmentPeriod | None:
    """The demo round of DEMO_YEAR for the levels whose criteria set is of that year, its
    deadlines counted from today; None when it exists already."""
    if AssessmentPeriod.objects.filter(year=DEMO_YEAR).exists():
        return None
    criteria_sets = list(CriteriaSet.objects.filter(year=DEMO_YEAR).select_related("level"))
    levels = {criteria_set.level_id for criteria_set in criteria_sets}
    units = [
        unit
        for unit in Unit.objects.filter(level_id__in=levels).select_related("level")
        if unit.is_active_in(DEMO_YEAR)
    ]
    today = deadlines.today(now)
    return create_period(
        year=DEMO_YEAR,
        title=_("Đánh giá, xác định Chỉ số CCHC năm %(year)d (minh họa)") % {"year": DEMO_YEAR},
        dates={name: today + timedelta(days=offset) for name, offset in DEADLINES.items()},
        criteria_sets=criteria_sets,
        units=units,
        by=User.objects.get(username=ACCOUNTS[0].username),
    )


def _reopen(period: AssessmentPeriod, now: datetime) -> int:
    admin = User.objects.get(username=ACCOUNTS[0].username)
    until = deadlines.today(now) + timedelta(days=REOPENED_DAYS)
    for unit_code, reason in REOPENINGS:
        assessment = period.assessments.get(unit__code=unit_code)
        workflow.reopen_self_assessment(assessment, by=admin, reason=reason, until=until)
    return len(REOPENINGS)


def _appraisal(period: AssessmentPeriod, now: datetime) -> tuple[int, int]:
    """Round 1 by Sở Nội vụ's appraiser on part of their fields in the APPRAISED units, and one
    explanation request; (appraised items, requests)."""
    appraiser = User.objects.get(username=APPRAISER)
    cover = coverage(period)
    saved = requests = 0
    for position, (unit_code, share) in enumerate(APPRAISED):
        assessment = period.assessments.with_context().get(unit__code=unit_code)
        fields = appraisal_access.fields_of(appraiser, assessment, cover)
        items = appraising.load(assessment, fields).items
        rng = seeded("appraisal", unit_code)
        lowered = []
        for item in items[: round(len(items) * share)]:
            data = appraised_inputs(item, rng)
            row = appraising.appraise_item(
                assessment, item.criterion_id, Round.FIRST, data, version=0, by=appraiser, now=now
            )
            saved += 1
            if item.entry and row.appraised_points != item.entry.self_points:
                lowered.append((item, row))
        if position == 0 and lowered:
            item, row = lowered[0]
            question = (
                f"Đơn vị tự chấm {show(item.entry.self_points)} điểm, Tổ thẩm định tạm đánh giá "
                f"{show(row.appraised_points)} điểm. Đề nghị đơn vị giải trình và bổ sung tài liệu "
                "kiểm chứng (văn bản, số liệu chi tiết) chứng minh kết quả tự chấm."
            )
            appraising.request_explanation(
                assessment, item.criterion_id, question, by=appraiser, now=now
            )
            requests += 1
    return saved, requests


ROUND_COUNTS = (
    "periods",
    "submitted",
    "entries",
    "evidence",
    "reopened",
    "team",
    "assignments",
    "appraised",
    "requests",
)


def _round(now: datetime) -> dict[str, int]:
    """The demo round, filled as described in the module docstring when it is created now."""
    period = _period(now)
    if period is None:
        return dict.fromkeys(ROUND_COUNTS, 0)
    members, assignments = build_team(period)
    submitted, entries, documents = fill_self_assessments(period)
    reopened = _reopen(period, now)
    appraised, requests = _appraisal(period, now)
    return {
        "periods": 1,
        "submitted": submitted,
        "entries": entries,
        "evidence": documents,
        "reopened": reopened,
        "team": members,
        "assignments": assignments,
        "appraised": appraised,
        "requests": requests,
    }


@transaction.atomic
def load_demo(reference: Path, *, password: str, reset_passwords: bool = False) -> dict[str, int]:
    """Load the demonstration data from the reference folder; returns what was created, by kind.

    Side effects, in one transaction: rows for levels, fields, units, criteria sets (with their
    audit entries) and accounts that do not exist yet; the demo round with its self-assessments,
    team and appraisal when it does not exist yet (audited like users' work). Raises CriteriaError
    if a criteria file is invalid, FileNotFoundError if a reference file is missing.
    """
    return {
        **load_catalog(reference),
        "accounts": create_accounts(password, reset_passwords=reset_passwords),
        "earlier_rounds": load_earlier_round(reference),
        **_round(timezone.now()),
        **load_plans(),
        **load_reports(timezone.now()),
    }
