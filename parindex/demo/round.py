"""The demo round of 2025 in its appraisal: the period (deadlines counted from the day the demo is
loaded), the team and its assignments, two units reopened, Sở Nội vụ's appraiser under way with
one explanation request; and `load_demo`, which loads everything."""

import random
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import Role, User
from parindex.appraisal import access as appraisal_access
from parindex.appraisal import appraising, team
from parindex.appraisal.assignments import coverage
from parindex.appraisal.models import Round
from parindex.assessments import deadlines, workflow
from parindex.assessments.models import AssessmentPeriod, Entry
from parindex.assessments.periods import create_period
from parindex.catalog.models import CriteriaSet, Field, Unit
from parindex.scoring import Node, RuleKind
from parindex.scoring.criteria import show

from .accounts import ACCOUNTS, DBP, KHCN, NSV, PMT, SCT, STC, STP, VP, create_accounts
from .catalog import load_catalog
from .plans import load_plans
from .reports import load_reports
from .self_assessment import DEMO_YEAR, draw_inputs, fill_self_assessments, seeded

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

# Who appraises what: each agency its own field (units-dien-bien.yaml, appraisal_team) for every
# unit, Sở Nội vụ the others. An agency never appraises itself, so for its own unit its field goes
# to Sở Nội vụ, and Sở Nội vụ's fields to Văn phòng UBND tỉnh (a choice made for the demo).
NSV_FIELDS = ("CDDH", "TCBM", "CONGVU", "TACDONG", "THUONGTRU")
ASSIGNMENTS = (
    *((NSV, field, ()) for field in NSV_FIELDS),
    (STP, "THECHE", ()),
    (VP, "TTHC", ()),
    (STC, "TAICHINH", ()),
    (KHCN, "CDS", ()),
    (NSV, "THECHE", (STP,)),
    (NSV, "TTHC", (VP,)),
    (NSV, "TAICHINH", (STC,)),
    (NSV, "CDS", (KHCN,)),
    *((VP, field, (NSV,)) for field in NSV_FIELDS),
)


# Sở Nội vụ's appraiser has begun: the share of their items done in two units; the first unit is
# asked to explain the first item whose points were lowered.
APPRAISER = "snv.thamdinh"
APPRAISED = ((SCT, 0.85), (PMT, 0.6))
LOWERED_SHARE = 0.15
APPRAISED_STRENGTH = 0.8


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


def _team(period: AssessmentPeriod) -> tuple[int, int]:
    """The admin puts every demo appraisal account on the team and makes ASSIGNMENTS (audited, as
    on the team page); returns (members, assignments)."""
    admin = User.objects.get(username=ACCOUNTS[0].username)
    roles = (Role.APPRAISER, Role.APPRAISAL_LEAD)
    usernames = [account.username for account in ACCOUNTS if account.role in roles]
    members = User.objects.filter(username__in=usernames).select_related("unit")
    for user in members:
        team.add_member(period, user, by=admin)
    units = Unit.objects.in_bulk(field_name="code")
    fields = Field.objects.in_bulk(field_name="code")
    for agency, field, only in ASSIGNMENTS:
        team.save_assignment(
            period, units[agency], fields[field], [units[code] for code in only], by=admin
        )
    return len(members), len(ASSIGNMENTS)


def _reopen(period: AssessmentPeriod, now: datetime) -> int:
    admin = User.objects.get(username=ACCOUNTS[0].username)
    until = deadlines.today(now) + timedelta(days=REOPENED_DAYS)
    for unit_code, reason in REOPENINGS:
        assessment = period.assessments.get(unit__code=unit_code)
        workflow.reopen_self_assessment(assessment, by=admin, reason=reason, until=until)
    return len(REOPENINGS)


def _lowered(leaf: Node, entry: Entry) -> dict | None:
    """The unit's answer one step lower, with the appraiser's reason; None when there is none."""
    rule = leaf.rule
    if rule.kind == RuleKind.LEVELS:
        best, next_best = (level.label for level in rule.levels[:2])
        if entry.level != best:
            return None
        return {
            "level": next_best,
            "comment": f"Tài liệu kiểm chứng chưa đáp ứng đầy đủ yêu cầu của mức “{best}”; "
            f"Tổ thẩm định đánh giá ở mức “{next_best}”.",
        }
    if rule.kind == RuleKind.DEDUCTION:
        what = f"{rule.item_label[0].lower()}{rule.item_label[1:]}"
        return {
            "count": entry.count + 1,
            "comment": f"Qua kiểm tra, phát hiện thêm 01 trường hợp chưa được đơn vị kê khai "
            f"({what}).",
        }
    if rule.kind in (RuleKind.RATIO_BANDS, RuleKind.RATIO_PROPORTIONAL) and entry.numerator:
        numerator = max(entry.numerator - max(1, round(entry.denominator / 20)), 0)
        what = f"{rule.numerator[0].lower()}{rule.numerator[1:]}"
        return {
            "numerator": numerator,
            "denominator": entry.denominator,
            "comment": f"Đối chiếu phụ lục số liệu kèm báo cáo năm: {what} là {show(numerator)}, "
            f"không phải {show(entry.numerator)} như đơn vị kê khai.",
        }
    return None


def _appraised_inputs(item: appraising.SheetItem, rng: random.Random) -> dict:
    """Round 1 of one item: for the unit's items their own answer, or (LOWERED_SHARE of them) one
    step lower with the reason; for the team's own items, as a unit would be scored."""
    leaf, entry = item.node, item.entry
    if leaf.method != "self":
        return draw_inputs(leaf, rng, APPRAISED_STRENGTH)
    if entry.not_applicable:
        return {"not_applicable": True, "not_applicable_reason": entry.not_applicable_reason}
    if rng.random() < LOWERED_SHARE:
        lowered = _lowered(leaf, entry)
        if lowered:
            return lowered
    return {name: getattr(entry, name) for name in Entry.INPUT_FIELDS}


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
            data = _appraised_inputs(item, rng)
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
    members, assignments = _team(period)
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
    # Imported here: the earlier round reuses this module's appraisal of an item.
    from .earlier_round import load_earlier_round

    return {
        **load_catalog(reference),
        "accounts": create_accounts(password, reset_passwords=reset_passwords),
        "earlier_rounds": load_earlier_round(reference),
        **_round(timezone.now()),
        **load_plans(),
        **load_reports(timezone.now()),
    }
