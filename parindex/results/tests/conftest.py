"""On top of the appraisal in progress (parindex/conftest.py): Sở Tài chính (`finance`), the
appraisals of both departments `finalized`, ready to publish, and their `publication`."""

import pytest

from parindex.appraisal import workflow
from parindex.assessments.models import Entry, UnitAssessment
from parindex.catalog.models import Unit
from parindex.results import publishing
from parindex.results.models import Publication
from parindex.testing.factories import appraise_all, criterion


@pytest.fixture
def finance(department_level) -> Unit:
    return Unit.objects.create(code="so-tai-chinh", name="Sở Tài chính", level=department_level)


@pytest.fixture
def finalized(
    submitted_assessment,
    team,
    appraisal_period,
    appraisal_set,
    finance,
    appraiser,
    office_appraiser,
    lead,
):
    """Sở Tư pháp (4,25 appraised points) and Sở Tài chính (all at the top), both finalized."""
    other = UnitAssessment.objects.create(
        period=appraisal_period, unit=finance, criteria_set=appraisal_set, state="submitted"
    )
    Entry.objects.create(
        assessment=other,
        criterion=criterion(other, "1.1"),
        level="Ban hành đúng thời hạn",
        self_points=1,
        version=1,
    )
    appraise_all(submitted_assessment, appraiser, office_appraiser)
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
    for unit_assessment in (submitted_assessment, other):
        workflow.finalize(unit_assessment, by=lead, without_survey=True)
    return [submitted_assessment, other]


@pytest.fixture
def publication(finalized, admin_user) -> Publication:
    """Version 1 of both, published by the admin; without its stored PDFs (the task that renders
    them runs once the transaction commits, and a test's never does)."""
    return publishing.publish(finalized[0].period, by=admin_user)
