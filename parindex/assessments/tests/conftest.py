"""An open self-assessment: `self_assessment_set` (one area, one leaf of each kind, as in
factories.LEAVES), `open_period` (opened yesterday, closes in ten days) and Sở Tư pháp's draft
`open_assessment` in it. factories.build_set makes sets of any size for the query-count tests.

The appraisal's tests use other names for their own period and assessment (`appraisal_period`,
`submitted_assessment`, in parindex/conftest.py)."""

import pytest

from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.testing.factories import build_set, make_open_period


@pytest.fixture
def self_assessment_set(department_level, admin_user):
    return build_set(department_level, by=admin_user)


@pytest.fixture
def open_period(self_assessment_set) -> AssessmentPeriod:
    return make_open_period([self_assessment_set])


@pytest.fixture
def open_assessment(open_period, self_assessment_set, justice) -> UnitAssessment:
    return UnitAssessment.objects.create(
        period=open_period, unit=justice, criteria_set=self_assessment_set
    )
