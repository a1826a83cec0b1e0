"""Who reaches each page of the plans: own unit writes, coordinating unit reads, another unit
gets 404, role-wide pages 403, visitors the login page or the public page only."""

from datetime import date

import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.catalog.models import Unit
from parindex.plans import planning
from parindex.plans.models import PlanTask, ProgressUpdate
from parindex.testing.factories import make_user


@pytest.fixture
def outsider(department_level):
    unit = Unit.objects.create(code="so-tai-chinh", name="Sở Tài chính", level=department_level)
    return make_user("stc.canbo", Role.UNIT_OFFICER, unit)


def _carried(justice_plan) -> PlanTask:
    return justice_plan.tasks.get(carries__isnull=False)


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 200), ("admin_user", 200), ("appraiser", 200), ("outsider", 404), (None, 302)],
)
def test_a_unit_plan(client, request, justice_plan, who, status):
    user = request.getfixturevalue(who) if who else None
    response = _get(client, user, reverse("plans:plan", args=[justice_plan.pk]))
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 200), ("other_unit_officer", 200), ("outsider", 404)]
)
def test_a_carried_task_is_read_by_the_coordinating_unit(
    client, request, justice_plan, who, status
):
    """The ward coordinates the province task that Sở Tư pháp's task carries down."""
    user = request.getfixturevalue(who)
    response = _get(client, user, reverse("plans:task", args=[_carried(justice_plan).pk]))
    assert response.status_code == status


def test_the_province_plan_is_read_by_every_signed_in_user(client, province_plan, outsider):
    assert _get(client, outsider, reverse("plans:plan", args=[province_plan.pk])).status_code == 200
    client.logout()
    assert _get(client, None, reverse("plans:plan", args=[province_plan.pk])).status_code == 302


def _progress(client, task):
    return client.post(
        reverse("plans:progress_add", args=[task.pk]),
        {"on": "01/03/2025", "status": "in_progress", "percent": "40", "note": "Đang rà soát"},
    )


@pytest.mark.parametrize("who", ["other_unit_officer", "outsider", "appraiser"])
def test_only_the_lead_unit_and_the_admin_record_progress(client, request, justice_plan, who):
    client.force_login(request.getfixturevalue(who))
    assert _progress(client, _carried(justice_plan)).status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("who", ["officer", "admin_user"])
def test_the_lead_unit_and_the_admin_record_progress(client, request, justice_plan, who):
    client.force_login(request.getfixturevalue(who))
    assert _progress(client, _carried(justice_plan)).status_code == 302
    assert ProgressUpdate.objects.get().percent == 40


@pytest.mark.parametrize("name", ["task_add", "plan_issue"])
def test_another_unit_cannot_change_a_plan(client, other_unit_officer, justice, name):
    plan = planning.create_plan(unit=justice, year=2026, by=other_unit_officer, title="KH")
    client.force_login(other_unit_officer)
    response = client.post(reverse(f"plans:{name}", args=[plan.pk]), {"code": "1"})
    assert response.status_code == 404
    assert not plan.tasks.exists()


def test_a_unit_cannot_change_the_province_plan(client, officer, admin_user):
    plan = planning.create_plan(unit=None, year=2026, by=admin_user, title="KH tỉnh")
    client.force_login(officer)
    response = client.post(
        reverse("plans:task_add", args=[plan.pk]),
        {"code": "1", "content": "A", "due_label": "Quý I"},
    )
    assert response.status_code == 404
    assert not plan.tasks.exists()


@pytest.mark.parametrize("name", ["dashboard", "coverage", "year_settings"])
@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("appraiser", 403), (None, 302)])
def test_province_pages_are_the_admins(client, request, name, who, status):
    user = request.getfixturevalue(who) if who else None
    assert _get(client, user, reverse(f"plans:{name}", args=[2025])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("admin_user", 404), ("appraiser", 404), (None, 302)])
def test_the_board_is_a_units(client, request, who, status):
    user = request.getfixturevalue(who) if who else None
    assert _get(client, user, reverse("plans:board", args=[2025])).status_code == status


def test_the_public_page_only_when_the_admin_made_it_public(client, justice_plan, admin_user):
    url = reverse("plans:public", args=[2025])
    assert client.get(url).status_code == 404
    planning.save_year(2025, by=admin_user, unit_deadline=date(2025, 1, 15), is_public=True)
    response = client.get(url)
    assert response.status_code == 200
    assert "Sở Tư pháp" in response.content.decode()


def _routes(plan, task, unit) -> list[str]:
    return [
        reverse("plans:index"),
        reverse("plans:mine"),
        reverse("plans:plan_create"),
        reverse("plans:import_template"),
        *(
            reverse(f"plans:{name}", args=[plan.pk])
            for name in ("plan", "plan_import", "plan_export", "plan_pdf", "plan_compare")
        ),
        *(reverse(f"plans:{name}", args=[task.pk]) for name in ("task", "task_amend")),
        *(
            reverse(f"plans:{name}", args=[2025])
            for name in ("dashboard", "board", "coverage", "year_settings")
        ),
        reverse("plans:rate", args=[2025, unit.pk]),
    ]


def test_visitors_are_sent_to_the_login_page(client, justice_plan):
    for url in _routes(justice_plan, _carried(justice_plan), justice_plan.unit):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("name", ["plan", "plan_export", "plan_compare", "plan_import"])
def test_another_unit_sees_nothing_of_a_plan(client, outsider, justice_plan, name):
    client.force_login(outsider)
    assert client.get(reverse(f"plans:{name}", args=[justice_plan.pk])).status_code == 404
