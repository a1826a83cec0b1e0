"""A small criteria set with one leaf of each kind, an open period and the Justice department's
self-assessment in it; `build_set` makes sets of any size for query-count tests."""

from datetime import timedelta

import pytest

from parindex.assessments import deadlines
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Field
from parindex.scoring import parse_criteria

LEAVES = [
    {
        "code": "1.1",
        "title": "Ban hành Kế hoạch CCHC năm",
        "max_points": 1,
        "method": "self",
        "evidence": "required",
        "evidence_hint": "Quyết định ban hành Kế hoạch CCHC",
        "guidance": "Đúng hạn: trước ngày 31/01.",
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
            "bands": [{"min": 100, "points": 2}, {"min": 80, "points": 1}, {"min": 0, "points": 0}],
        },
    },
    {
        "code": "1.3",
        "title": "Hồ sơ giải quyết quá hạn",
        "max_points": 2,
        "method": "self",
        "evidence": "none",
        "not_applicable_allowed": True,
        "rule": {"kind": "deduction", "item_label": "Hồ sơ quá hạn", "per_item": 0.5},
    },
    {
        "code": "1.4",
        "title": "Chất lượng báo cáo CCHC",
        "max_points": 1,
        "method": "self",
        "evidence": "required",
        "rule": {"kind": "manual", "step": 0.25},
    },
]


def criteria_document(level_code: str, year: int, *, leaves: list[dict] | None = None) -> dict:
    leaves = leaves or LEAVES
    total = sum(leaf["max_points"] for leaf in leaves)
    return {
        "format": "parindex.criteria/1",
        "title": f"Bộ tiêu chí thử nghiệm {level_code} {year}",
        "level": level_code,
        "year": year,
        "max_points": total,
        "not_applicable": "exclude",
        "classification": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
        "nodes": [
            {
                "code": "1",
                "title": "Công tác chỉ đạo, điều hành CCHC",
                "field": "CDDH",
                "max_points": total,
                "children": leaves,
            }
        ],
    }


def many_leaves(n: int) -> list[dict]:
    """`n` manual leaves of 1 point each, evidence required."""
    return [
        {
            "code": f"1.{i}",
            "title": f"Tiêu chí thành phần số {i}",
            "max_points": 1,
            "method": "self",
            "evidence": "required",
            "rule": {"kind": "manual", "step": 0.25},
        }
        for i in range(1, n + 1)
    ]


def build_set(level, year: int = 2026, *, leaves: list[dict] | None = None, by=None):
    """An in-use criteria set for `level` (the field CDDH is created when missing)."""
    Field.objects.get_or_create(code="CDDH", defaults={"name": "Công tác chỉ đạo, điều hành"})
    spec = parse_criteria(criteria_document(level.code, year, leaves=leaves))
    criteria_set = save_criteria_set(spec, by=by)
    assert editing.put_in_use(criteria_set, by=by) == []
    return criteria_set


def open_period(criteria_sets, year: int = 2026) -> AssessmentPeriod:
    """A period whose self-assessment opened yesterday and closes in ten days (Vietnam dates)."""
    today = deadlines.today()
    period = AssessmentPeriod.objects.create(
        year=year,
        title=f"Đánh giá Chỉ số CCHC năm {year}",
        self_assessment_opens=today - timedelta(days=1),
        self_assessment_closes=today + timedelta(days=10),
        appraisal_closes=today + timedelta(days=20),
        explanation_closes=today + timedelta(days=25),
        final_appraisal_closes=today + timedelta(days=30),
    )
    period.criteria_sets.set(criteria_sets)
    return period


@pytest.fixture
def criteria_set(department_level, admin_user):
    return build_set(department_level, by=admin_user)


@pytest.fixture
def period(criteria_set) -> AssessmentPeriod:
    return open_period([criteria_set])


@pytest.fixture
def assessment(period, criteria_set, justice) -> UnitAssessment:
    return UnitAssessment.objects.create(period=period, unit=justice, criteria_set=criteria_set)
