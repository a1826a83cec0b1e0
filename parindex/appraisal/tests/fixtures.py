"""Fixtures of an appraisal in progress, loaded for every test by the root conftest (a directory's
own conftest may still define fixtures of the same names): a criteria set in two fields (with an
appraisal-only and a survey leaf), a period whose self-assessment closed yesterday, Sở Tư pháp's
submitted self-assessment, and a team: Sở Nội vụ appraises CDDH, Văn phòng UBND tỉnh appraises
TTHC, the lead is from Sở Nội vụ."""

from datetime import timedelta

import pytest

from conftest import make_user
from parindex.accounts.models import Role
from parindex.appraisal.models import Assignment, TeamMember
from parindex.assessments import deadlines
from parindex.assessments.models import AssessmentPeriod, Entry, UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Criterion, Field, Unit
from parindex.scoring import parse_criteria

AREAS = [
    {
        "code": "1",
        "title": "Công tác chỉ đạo, điều hành CCHC",
        "field": "CDDH",
        "max_points": 4,
        "children": [
            {
                "code": "1.1",
                "title": "Ban hành Kế hoạch CCHC năm",
                "max_points": 1,
                "method": "self",
                "evidence": "required",
                "rule": {
                    "kind": "levels",
                    "levels": [
                        {"label": "Ban hành đúng thời hạn", "points": 1},
                        {"label": "Ban hành chậm", "points": 0.5},
                        {"label": "Không ban hành", "points": 0},
                    ],
                },
            },
            {
                "code": "1.2",
                "title": "Tỷ lệ nhiệm vụ hoàn thành",
                "max_points": 2,
                "method": "self",
                "evidence": "optional",
                "rule": {
                    "kind": "ratio_bands",
                    "numerator": "Số nhiệm vụ đã hoàn thành",
                    "denominator": "Số nhiệm vụ phải hoàn thành",
                    "bands": [
                        {"min": 100, "points": 2},
                        {"min": 80, "points": 1},
                        {"min": 0, "points": 0},
                    ],
                },
            },
            {
                "code": "1.3",
                "title": "Chất lượng tham mưu (Tổ thẩm định chấm)",
                "max_points": 1,
                "method": "appraisal",
                "evidence": "none",
                "rule": {"kind": "manual", "step": 0.25},
            },
        ],
    },
    {
        "code": "2",
        "title": "Cải cách thủ tục hành chính",
        "field": "TTHC",
        "max_points": 4,
        "children": [
            {
                "code": "2.1",
                "title": "Hồ sơ giải quyết quá hạn",
                "max_points": 2,
                "method": "self",
                "evidence": "required",
                "rule": {"kind": "deduction", "item_label": "Hồ sơ quá hạn", "per_item": 0.5},
            },
            {
                "code": "2.2",
                "title": "Mức độ hài lòng của người dân",
                "max_points": 2,
                "method": "survey",
                "evidence": "none",
                "rule": {"kind": "manual", "step": 0.01},
            },
        ],
    },
]


def appraisal_document(level_code: str, year: int = 2026) -> dict:
    return {
        "format": "parindex.criteria/1",
        "title": f"Bộ tiêu chí thẩm định thử nghiệm {level_code} {year}",
        "level": level_code,
        "year": year,
        "max_points": 8,
        "not_applicable": "exclude",
        "classification": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
        "nodes": AREAS,
    }


def appraisal_set(level, *, by, year: int = 2026):
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    Field.objects.get_or_create(code="TTHC", defaults={"name": "Cải cách thủ tục hành chính"})
    criteria_set = save_criteria_set(parse_criteria(appraisal_document(level.code, year)), by=by)
    assert editing.put_in_use(criteria_set, by=by) == []
    return criteria_set


def period_in_appraisal(criteria_sets, year: int = 2026) -> AssessmentPeriod:
    """Self-assessment closed yesterday; appraisal until +10, explanation +15, final +20."""
    today = deadlines.today()
    period = AssessmentPeriod.objects.create(
        year=year,
        title=f"Đánh giá Chỉ số CCHC năm {year}",
        self_assessment_opens=today - timedelta(days=30),
        self_assessment_closes=today - timedelta(days=1),
        appraisal_closes=today + timedelta(days=10),
        explanation_closes=today + timedelta(days=15),
        final_appraisal_closes=today + timedelta(days=20),
    )
    period.criteria_sets.set(criteria_sets)
    return period


def criterion(assessment: UnitAssessment, code: str) -> Criterion:
    return Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)


@pytest.fixture
def office(department_level) -> Unit:
    return Unit.objects.create(code="vp-ubnd", name="Văn phòng UBND tỉnh", level=department_level)


@pytest.fixture
def criteria_set(department_level, admin_user):
    return appraisal_set(department_level, by=admin_user)


@pytest.fixture
def period(criteria_set) -> AssessmentPeriod:
    return period_in_appraisal([criteria_set])


@pytest.fixture
def assessment(period, criteria_set, justice, officer) -> UnitAssessment:
    """Sở Tư pháp's self-assessment: 1.1 on time (1), 1.2 9/10 (1), 2.1 one late file (1.5)."""
    assessment = UnitAssessment.objects.create(
        period=period, unit=justice, criteria_set=criteria_set, state="submitted"
    )
    for code, values, points in (
        ("1.1", {"level": "Ban hành đúng thời hạn"}, 1),
        ("1.2", {"numerator": 9, "denominator": 10}, 1),
        ("2.1", {"count": 1}, "1.5"),
    ):
        Entry.objects.create(
            assessment=assessment,
            criterion=criterion(assessment, code),
            self_points=points,
            updated_by=officer,
            version=1,
            **values,
        )
    return assessment


@pytest.fixture
def lead(home_affairs):
    return make_user("snv.totruong", Role.APPRAISAL_LEAD, home_affairs, full_name="Trần Văn Lâm")


@pytest.fixture
def office_appraiser(office):
    return make_user("vp.thamdinh", Role.APPRAISER, office, full_name="Vì Thị Mai")


@pytest.fixture
def team(period, home_affairs, office, appraiser, office_appraiser, lead):
    """Sở Nội vụ (the appraiser and the lead) appraises CDDH; Văn phòng UBND tỉnh TTHC."""
    for user in (appraiser, office_appraiser, lead):
        TeamMember.objects.create(period=period, user=user)
    Assignment.objects.create(
        period=period, agency=home_affairs, field=Field.objects.get(code="CDDH")
    )
    Assignment.objects.create(period=period, agency=office, field=Field.objects.get(code="TTHC"))
    return period


@pytest.fixture
def appraiser_client(client, appraiser, team):
    client.force_login(appraiser)
    return client
