"""The demo's PAR plans: the province's plan of 2025 with its tasks over the fields, units'
plans carrying them, progress in every status, and the figures the pages show."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.catalog.models import Unit
from parindex.demo.accounts import DBP, PMT, STP
from parindex.plans import tracking
from parindex.plans.models import Amendment, Plan, PlanTask
from parindex.plans.progress import Status
from parindex.testing.html import table

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_province_plan(loaded):
    plan = Plan.objects.get(year=2025, unit__isnull=True)
    assert (plan.reference_number, plan.issued_on) == ("5933/KH-UBND", date(2024, 12, 30))
    assert "(minh họa)" in plan.title
    assert plan.tasks.count() == 40
    assert set(plan.tasks.values_list("field__code", flat=True)) == {
        "CDDH",
        "TACDONG",
        "THECHE",
        "TTHC",
        "TCBM",
        "CONGVU",
        "TAICHINH",
        "CDS",
    }
    assert Amendment.objects.filter(plan=plan, kind="cancel").count() == 1


def test_units_carry_their_tasks(loaded):
    justice = Plan.objects.get(year=2025, unit__code=STP)
    assert justice.state == Plan.State.ISSUED
    assert justice.tasks.filter(carries__isnull=False).count() == 10
    coverage = {row.unit.code: row for row in tracking.coverage(2025, date(2026, 1, 5))}
    assert coverage[STP].missing == []
    assert [t.content[:20] for t in coverage[PMT].missing] == ["Khảo sát sự hài lòng"]


def test_every_status_shows(loaded):
    today = timezone.localdate()
    statuses = set()
    for year in (2025, today.year):
        statuses |= {
            s
            for s, n in zip(
                [c["status"] for c in tracking.status_columns()],
                tracking.dashboard(year, today, tracking.Filters()).totals,
                strict=True,
            )
            if n
        }
    assert statuses == set(Status)


def test_the_rate_of_the_demo_accounts_units(loaded):
    rates = {
        code: tracking.completion_rate(Unit.objects.get(code=code), 2025, date(2025, 12, 31))
        for code in (STP, DBP)
    }
    assert {code: rate.percent for code, rate in rates.items()} == {
        STP: pytest.approx(rates[STP].numerator * 100 / rates[STP].denominator, abs=0.01),
        DBP: pytest.approx(rates[DBP].numerator * 100 / rates[DBP].denominator, abs=0.01),
    }
    assert all(0 < rate.percent < 100 for rate in rates.values())
    done = PlanTask.objects.filter(pk__in=rates[STP].done)
    assert all(task.updates.filter(status="done", evidence__isnull=False).exists() for task in done)


def test_the_pages_show_the_demo(loaded, client):
    from parindex.accounts.models import User

    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("plans:dashboard", args=[2025])).content.decode()
    assert len(table(page, "units")) == 10
    client.force_login(User.objects.get(username="stp.canbo"))
    page = client.get(reverse("plans:board", args=[2025])).content.decode()
    assert len(table(page, "board")) == 12
    assert client.get(reverse("plans:public", args=[2025])).status_code == 200
