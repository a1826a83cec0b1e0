"""A small criteria set with one leaf of each kind, an open period and the Justice department's
self-assessment in it; `build_set` makes sets of any size for query-count tests."""

import pytest

from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.testing.factories import build_set, make_open_period


@pytest.fixture
def criteria_set(department_level, admin_user):
    return build_set(department_level, by=admin_user)


@pytest.fixture
def period(criteria_set) -> AssessmentPeriod:
    return make_open_period([criteria_set])


@pytest.fixture
def assessment(period, criteria_set, justice) -> UnitAssessment:
    return UnitAssessment.objects.create(period=period, unit=justice, criteria_set=criteria_set)
