"""The dashboard has the database count a year's tasks (`tracking.status_in_sql`): on every
combination of dates, updates, cancellation, counting and weight, its counts and rates are the
pure functions' (`progress.status`, `progress.completion_rate`), the one rule they follow."""

import itertools
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from parindex.plans import planning, progress, tracking
from parindex.plans.models import Plan, PlanTask

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 20)


@pytest.fixture
def every_case(admin_user, justice, ward, office):
    plan = planning.create_plan(unit=None, year=2025, by=admin_user, title="KH")
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.ISSUED)
    leads = [justice, ward, office]
    tasks = []
    dues = [TODAY + timedelta(days=days) for days in (-10, -1, 0, 3, 7, 8, 30)]
    dones = (None, -1, 0, 1, "ahead")  # days after the due date, or a day after today
    for number, (due, done, started, cancelled, counts, weight) in enumerate(
        itertools.product(
            dues,
            dones,
            (False, True),
            (False, True),
            (True, False),
            ("1", "2.5"),
        )
    ):
        if done == "ahead":
            done_on = TODAY + timedelta(days=1)
        else:
            done_on = None if done is None else due + timedelta(days=done)
        tasks.append(
            PlanTask(
                plan=plan, code=str(number), content="N", lead_unit=leads[number % 3], due_on=due,
                done_on=done_on, started=started, cancelled=cancelled, counts=counts,
                weight=Decimal(weight), position=number,
            )
        )  # fmt: skip
    PlanTask.objects.bulk_create(tasks)
    return leads


def test_the_database_counts_as_the_pure_functions_do(every_case):
    found = tracking.dashboard(2025, TODAY, tracking.Filters())

    expected = {}
    for unit in every_case:
        facts = [tracking.facts(task) for task in tracking.answerable(2025).filter(lead_unit=unit)]
        counts = Counter(progress.status(fact, TODAY) for fact in facts)
        expected[unit.pk] = (
            [counts[status] for status in progress.STATUS_ORDER],
            progress.completion_rate(facts, TODAY),
        )
    assert {s.unit.pk: s.status_counts for s in found.units} == {
        pk: counts for pk, (counts, _rate) in expected.items()
    }
    assert {s.unit.pk: (s.rate.numerator, s.rate.denominator) for s in found.units} == {
        pk: (rate.numerator, rate.denominator) for pk, (_counts, rate) in expected.items()
    }
    assert all(count for count in found.totals)  # every status is among the cases
    assert found.overdue_count == found.totals[0] and len(found.overdue) == tracking.LISTED
    assert [row.task.due_on for row in found.overdue] == sorted(
        row.task.due_on for row in found.overdue
    )


def test_a_filter_narrows_the_counts_fields_and_lists(every_case, justice):
    overdue = tracking.Filters(status=progress.Status.OVERDUE, unit="tu phap")
    found = tracking.dashboard(2025, TODAY, overdue)
    assert [s.unit for s in found.units] == [justice]
    [(_field, counts)] = found.by_field
    assert counts == found.totals == found.units[0].status_counts
    assert {row.task.lead_unit for row in found.overdue} == {justice}
