"""The appraisal sheet shows, beside the unit's answer, what the system suggests for an item
whose criterion says `suggest_from` (here the plan's completion rate), for reference only: the
same figure, day and link as the unit's scorecard, counted once whatever the number of units."""

from datetime import date

import pytest
from django.urls import reverse

from parindex.assessments import suggestions
from parindex.assessments.deadlines import today
from parindex.catalog.models import Unit
from parindex.plans import planning
from parindex.testing.factories import criterion

pytestmark = pytest.mark.django_db


def _province_plan(admin_user, leads: list[Unit]) -> None:
    """An issued 2026 plan with a task due in March for each of `leads`."""
    plan = planning.create_plan(unit=None, year=2026, by=admin_user, title="KH CCHC tỉnh 2026")
    for number, unit in enumerate(leads, start=1):
        planning.add_task(
            plan, by=admin_user, code=str(number), content=f"Nhiệm vụ {number}", lead_unit=unit,
            due_on=date(2026, 3, 31),
        )  # fmt: skip
    planning.issue(
        plan, by=admin_user, reference_number="1/KH-UBND", issued_on=date(2025, 12, 30), signer="A"
    )


@pytest.fixture
def suggested(submitted_assessment):
    item = criterion(submitted_assessment, "1.2")
    item.suggest_from = "plans.completion_rate"
    item.save()
    return submitted_assessment


def _units(count: int, level) -> list[Unit]:
    return [
        Unit.objects.create(code=f"u{number}", name=f"Sở {number}", level=level)
        for number in range(count)
    ]


def test_the_sheet_shows_the_units_completion_rate_for_reference(
    appraiser_client, suggested, admin_user, justice
):
    _province_plan(admin_user, [justice, justice])
    expected = suggestions.for_item("plans.completion_rate", justice, 2026, today())
    assert expected is not None and expected.denominator == 2

    page = appraiser_client.get(reverse("appraisal:sheet", args=[suggested.pk])).content.decode()

    day = expected.as_of.strftime("%d/%m/%Y")
    assert f"Gợi ý từ Kế hoạch CCHC: 0/2 (0,00 %), tính đến ngày {day}." in page
    assert f"/plans/2026/units/{justice.pk}/rate/" in page
    # A reference for the appraiser, not a value to copy into the team's form.
    assert "data-fill-numerator" not in page
    assert page.count("data-suggestion") == 1


def test_no_suggestion_without_tasks_due_or_without_suggest_from(
    appraiser_client, submitted_assessment, admin_user, justice
):
    _province_plan(admin_user, [justice])
    url = reverse("appraisal:sheet", args=[submitted_assessment.pk])
    assert "data-suggestion" not in appraiser_client.get(url).content.decode()


@pytest.mark.parametrize("extra_units", [0, 4])
def test_the_suggestion_costs_the_same_queries_whatever_the_units(
    appraiser_client,
    suggested,
    admin_user,
    justice,
    department_level,
    extra_units,
    django_assert_num_queries,
):
    _province_plan(admin_user, [justice, *_units(extra_units, department_level)])
    url = reverse("appraisal:sheet", args=[suggested.pk])
    appraiser_client.get(url)  # the unit's appraisal row is created on the first visit
    with django_assert_num_queries(26):
        assert "data-suggestion" in appraiser_client.get(url).content.decode()
