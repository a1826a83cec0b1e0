"""An appraisal in progress, for the appraisal's and the results' tests: `appraisal_set` (two
fields, with an appraisal-only and a survey leaf), `appraisal_period` (self-assessment closed
yesterday), Sở Tư pháp's `submitted_assessment`, and the `team` (that period): Sở Nội vụ (the
`appraiser` and the `lead`) appraises CDDH, Văn phòng UBND tỉnh (`office_appraiser`) TTHC.

Each fixture name means one thing in the whole suite: the self-assessment's tests have their own
(`open_period`, `open_assessment`, in assessments/tests/conftest.py)."""

import pytest

from parindex.accounts.models import Role
from parindex.appraisal.models import Assignment, TeamMember
from parindex.assessments.models import AssessmentPeriod, Entry, UnitAssessment
from parindex.catalog.models import Field, Unit
from parindex.testing.factories import (
    build_appraisal_set,
    criterion,
    make_appraisal_period,
    make_user,
)


@pytest.fixture
def office(department_level) -> Unit:
    return Unit.objects.create(code="vp-ubnd", name="Văn phòng UBND tỉnh", level=department_level)


@pytest.fixture
def appraisal_set(department_level, admin_user):
    return build_appraisal_set(department_level, by=admin_user)


@pytest.fixture
def appraisal_period(appraisal_set) -> AssessmentPeriod:
    return make_appraisal_period([appraisal_set])


@pytest.fixture
def submitted_assessment(appraisal_period, appraisal_set, justice, officer) -> UnitAssessment:
    """Sở Tư pháp's self-assessment: 1.1 on time (1), 1.2 9/10 (1), 2.1 one late file (1.5)."""
    assessment = UnitAssessment.objects.create(
        period=appraisal_period, unit=justice, criteria_set=appraisal_set, state="submitted"
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
def team(appraisal_period, home_affairs, office, appraiser, office_appraiser, lead):
    """The appraisal period with its team: Sở Nội vụ (the appraiser and the lead) appraises CDDH;
    Văn phòng UBND tỉnh TTHC."""
    period = appraisal_period
    for user in (appraiser, office_appraiser, lead):
        TeamMember.objects.create(period=period, user=user)
    Assignment.objects.create(
        period=period, agency=home_affairs, field=Field.objects.get(code="CDDH")
    )
    Assignment.objects.create(period=period, agency=office, field=Field.objects.get(code="TTHC"))
    return period


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client
