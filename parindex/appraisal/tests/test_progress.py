"""The lead's progress page: per unit, the figures with one meaning each (the team's points
without the survey, the survey's, the total with its maximum), in queries that do not grow with
the number of units."""

from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.appraisal.models import SurveyImport, SurveyScore
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.testing.factories import appraise_all, criterion
from parindex.testing.html import table

pytestmark = pytest.mark.django_db

FIGURES = slice(-5, -1)  # self, appraised, survey, total (the last column: finalizing)


def _survey(assessment, by, points: str) -> None:
    survey = SurveyImport.objects.create(
        period=assessment.period,
        file_name="diem.xlsx",
        sha256="0" * 64,
        row_count=1,
        imported_by=by,
    )
    SurveyScore.objects.create(
        survey_import=survey,
        assessment=assessment,
        criterion=criterion(assessment, "2.2"),
        points=Decimal(points),
        survey_points=Decimal(points),
    )


def test_appraised_points_leave_the_survey_to_its_column_and_the_total_has_its_maximum(
    client, submitted_assessment, team, appraiser, office_appraiser, lead
):
    appraise_all(submitted_assessment, appraiser, office_appraiser)
    _survey(submitted_assessment, lead, "1.5")
    client.force_login(lead)
    page = client.get(reverse("appraisal:progress", args=[submitted_assessment.period_id])).text
    rows = table(page, "progress")
    assert rows[0][FIGURES] == ["Điểm tự chấm", "Điểm thẩm định", "Điểm điều tra XHH", "Tổng điểm"]
    # Self 3,5 of 8; the team 3,25 without the survey; the survey 1,5; 4,75 of 8 in all.
    assert rows[1][FIGURES] == ["3,50/8,00", "3,25", "1,50 đã có điểm", "4,75/8,00"]
    assert "Điểm thẩm định là điểm Tổ thẩm định chấm, không gồm điểm điều tra xã hội học" in page


def test_a_unit_not_yet_appraised_has_no_figures_of_the_team(
    client, submitted_assessment, team, lead
):
    client.force_login(lead)
    page = client.get(reverse("appraisal:progress", args=[submitted_assessment.period_id])).text
    assert table(page, "progress")[1][FIGURES] == ["3,50/8,00", "–", "thiếu 2.2", "–"]


@pytest.mark.parametrize("units", [1, 3])
def test_the_progress_page_queries_do_not_grow_with_units(
    client,
    submitted_assessment,
    team,
    appraiser,
    office_appraiser,
    lead,
    units,
    django_assert_num_queries,
):
    for number in range(1, units):
        unit = Unit.objects.create(
            code=f"so-{number}", name=f"Sở thử {number}", level=submitted_assessment.unit.level
        )
        other = UnitAssessment.objects.create(
            period=submitted_assessment.period,
            unit=unit,
            criteria_set=submitted_assessment.criteria_set,
            state="submitted",
        )
        appraise_all(other, appraiser, office_appraiser)
    appraise_all(submitted_assessment, appraiser, office_appraiser)
    client.force_login(lead)
    url = reverse("appraisal:progress", args=[submitted_assessment.period_id])
    with django_assert_num_queries(19):
        page = client.get(url).text
    assert len(table(page, "progress")) == units + 1
