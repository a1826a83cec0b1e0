"""The plan and the reports feed the score: on the demo, Sở Tư pháp's officer opening criterion
1.1.3 (the completion of the PAR plan, `suggest_from: plans.completion_rate`) is offered the rate
of the unit's plan for 2025, counted to the year's last day, with the tasks behind it; a ward's
officer opening 1.2.1 (`reports.on_time`) its reports on time ÷ due."""

from datetime import date

import pytest

from parindex.accounts.models import User
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Criterion
from parindex.plans import tracking
from parindex.reports import consolidation

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def edit_page(client, username: str, unit_code: str, code: str) -> str:
    client.force_login(User.objects.get(username=username))
    assessment = UnitAssessment.objects.filter(unit__code=unit_code).latest("period__year")
    criterion = Criterion.objects.get(criteria_set=assessment.criteria_set, code=code)
    response = client.get(assessment.get_absolute_url(), {"edit": criterion.pk})
    assert response.status_code == 200
    return response.content.decode()


def test_the_completion_rate_of_the_plan_is_suggested_on_its_criterion(client, loaded):
    page = edit_page(client, "stp.canbo", "dept-tu-phap", "1.1.3")

    unit = User.objects.get(username="stp.canbo").unit
    rate = tracking.completion_rate(unit, 2025, date(2025, 12, 31))
    assert rate.denominator > 0
    numerator, denominator = (
        f"{value.normalize():f}" for value in (rate.numerator, rate.denominator)
    )
    assert f"Gợi ý từ Kế hoạch CCHC: {numerator}/{denominator}" in page
    assert "tính đến ngày 31/12/2025" in page
    assert f'data-fill-numerator="{numerator}"' in page
    assert f"/plans/2025/units/{unit.pk}/rate/" in page


def test_no_suggestion_on_a_criterion_that_asks_for_none(client, loaded):
    page = edit_page(client, "stp.canbo", "dept-tu-phap", "1.1.1")

    assert "Gợi ý từ" not in page


def test_the_reports_on_time_are_suggested_on_their_criterion(client, loaded):
    page = edit_page(client, "dbp.canbo", "commune-phuong-dien-bien-phu", "1.2.1")

    unit = User.objects.get(username="dbp.canbo").unit
    found = consolidation.scorecard_suggestion(unit, 2025, date(2025, 12, 31))
    assert found is not None and found.denominator > 0
    assert f"Gợi ý từ báo cáo CCHC định kỳ: {found.numerator_text}/{found.denominator_text}" in page
    assert "Xem các báo cáo của đơn vị" in page
