"""The appraisal's fixtures (a period in appraisal, Sở Tư pháp's self-assessment, a team), plus a
finalized appraisal of Sở Tư pháp and of a second department, ready to publish."""

from datetime import timedelta

import pytest

from parindex.appraisal import workflow
from parindex.assessments.models import Entry, UnitAssessment
from parindex.catalog.models import Unit
from parindex.testing.factories import appraise_all, criterion


@pytest.fixture
def finance(department_level) -> Unit:
    return Unit.objects.create(code="so-tai-chinh", name="Sở Tài chính", level=department_level)


@pytest.fixture
def finalized(assessment, team, period, criteria_set, finance, appraiser, office_appraiser, lead):
    """Sở Tư pháp (4,25 appraised points) and Sở Tài chính (all at the top), both finalized."""
    other = UnitAssessment.objects.create(
        period=period, unit=finance, criteria_set=criteria_set, state="submitted"
    )
    Entry.objects.create(
        assessment=other,
        criterion=criterion(other, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
        version=1,
    )
    appraise_all(assessment, appraiser, office_appraiser)
    appraise_all(
        other,
        appraiser,
        office_appraiser,
        {
            "1.1": {"level": "Ban hành đúng thời hạn"},
            "1.2": {"numerator": 10, "denominator": 10, "comment": "Đủ"},
            "1.3": {"points": 1},
            "2.1": {"count": 0, "comment": "Không có hồ sơ quá hạn"},
        },
    )
    for unit_assessment in (assessment, other):
        workflow.finalize(unit_assessment, by=lead)
    return [assessment, other]


@pytest.fixture
def after_deadlines(period):
    """Every deadline of the period passed (publication comes after the final appraisal)."""
    return period.final_appraisal_closes + timedelta(days=1)
