"""The pages: what they show, and query counts that do not grow with units or tasks."""

from datetime import date

import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.assessments.models import Evidence
from parindex.catalog.models import Unit
from parindex.plans import planning, reporting, tracking
from parindex.testing.factories import make_user, upload
from parindex.testing.html import table


@pytest.fixture
def july_20(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2025, 7, 20))


def _units_with_plans(count, level, admin_user, province_plan):
    """`count` departments, each with an issued plan of three tasks: one done, one overdue, one
    not due; each also coordinating a province task it has not carried."""
    units = []
    for number in range(count):
        unit = Unit.objects.create(code=f"so-{number}", name=f"Sở thử {number}", level=level)
        province_plan.tasks.get(code="2").coordinating_units.add(unit)
        plan = planning.create_plan(unit=unit, year=2025, by=admin_user, title=f"KH {number}")
        for code, label in (("1", "Quý I"), ("2", "Quý II"), ("3", "Quý IV")):
            planning.add_task(
                plan, by=admin_user, code=code, content=f"Nhiệm vụ {code}", due_label=label
            )
        planning.issue(
            plan, by=admin_user, reference_number="1/KH", issued_on=date(2025, 1, 5), signer="A"
        )
        done = plan.tasks.get(code="1")
        reporting.record_progress(
            done, by=admin_user, on=date(2025, 3, 1), status="in_progress", percent=30
        )
        units.append(unit)
    return units


@pytest.mark.usefixtures("july_20")
@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_queries(
    admin_client, admin_user, province_plan, department_level, count, django_assert_num_queries
):
    _units_with_plans(count, department_level, admin_user, province_plan)
    with django_assert_num_queries(11):
        response = admin_client.get(reverse("plans:dashboard", args=[2025]))
    with django_assert_num_queries(3):  # session, user, the year's last change: from the cache
        again = admin_client.get(reverse("plans:dashboard", args=[2025])).content.decode()
    assert table(again, "units") == table(response.content.decode(), "units")
    rows = table(response.content.decode(), "units")
    # The ward leads province task 2 (not carried); Sở Tư pháp leads task 1.
    names = [row[0] for row in rows[1:]]
    assert names == [
        "Phường Điện Biên Phủ",
        *(f"Sở thử {n}" for n in range(count)),
        "Sở Tư pháp",
    ]
    assert rows[2][-2:] == ["0 / 2", "0%"]


@pytest.mark.usefixtures("july_20")
def test_the_unit_table_a_page_at_a_time(
    admin_client, admin_user, province_plan, department_level, monkeypatch
):
    """At national scale (4,000 units) the table is paged; the totals count every unit."""
    monkeypatch.setattr("parindex.plans.views.progress.UNITS_PER_PAGE", 3)
    _units_with_plans(2, department_level, admin_user, province_plan)
    url = reverse("plans:dashboard", args=[2025])
    first = admin_client.get(url).content.decode()
    second = admin_client.get(url, {"page": 2}).content.decode()
    names = [row[0] for page in (first, second) for row in table(page, "units")[1:]]
    assert names == ["Phường Điện Biên Phủ", "Sở thử 0", "Sở thử 1", "Sở Tư pháp"]
    assert "Trang 1/2" in first and "4 mục" in first
    assert table(first, "fields") == table(second, "fields")


@pytest.mark.usefixtures("july_20")
@pytest.mark.parametrize("count", [1, 3])
def test_coverage_queries(
    admin_client, admin_user, province_plan, department_level, count, django_assert_num_queries
):
    _units_with_plans(count, department_level, admin_user, province_plan)
    with django_assert_num_queries(7):
        response = admin_client.get(reverse("plans:coverage", args=[2025]))
    rows = table(response.content.decode(), "coverage")
    assert len(rows) == 1 + 2 + count
    assert "Chưa có kế hoạch" in rows[1][1]


@pytest.mark.usefixtures("july_20")
@pytest.mark.parametrize("count", [1, 3])
def test_board_queries(
    client, admin_user, justice, province_plan, count, django_assert_num_queries
):
    plan = planning.create_plan(unit=justice, year=2025, by=admin_user, title="KH Sở Tư pháp")
    for number in range(count):
        planning.add_task(plan, by=admin_user, code=str(number), content="X", due_label="Quý III")
    planning.issue(
        plan, by=admin_user, reference_number="1", issued_on=date(2025, 1, 2), signer="A"
    )
    client.force_login(make_user("stp.xem", Role.UNIT_OFFICER, justice))
    with django_assert_num_queries(4):
        response = client.get(reverse("plans:board", args=[2025]))
    rows = table(response.content.decode(), "board")
    assert len(rows) == 1 + count + 1  # the province task 1 it leads, not carried


@pytest.mark.usefixtures("july_20")
def test_a_change_reaches_the_cached_dashboard(admin_client, admin_user, justice_plan):
    url = reverse("plans:dashboard", args=[2025])
    assert table(admin_client.get(url).content.decode(), "units")[-1][-2:] == ["0 / 2", "0%"]
    task = justice_plan.tasks.get(code="2")
    product = Evidence.objects.create(unit=justice_plan.unit, title="DM", created_by=admin_user)
    reporting.record_progress(
        task,
        by=admin_user,
        on=date(2025, 3, 20),
        status="done",
        percent=100,
        evidence_ids=[product.pk],
    )
    assert table(admin_client.get(url).content.decode(), "units")[-1][-2:] == ["1 / 2", "50%"]


@pytest.mark.usefixtures("july_20")
def test_dashboard_filters_without_diacritics(admin_client, justice_plan):
    response = admin_client.get(reverse("plans:dashboard", args=[2025]), {"unit": "tu phap"})
    assert [row[0] for row in table(response.content.decode(), "units")[1:]] == ["Sở Tư pháp"]
    response = admin_client.get(reverse("plans:dashboard", args=[2025]), {"status": "overdue"})
    page = response.content.decode()
    assert [row[0] for row in table(page, "units")[1:]] == ["Sở Tư pháp"]


def test_the_admin_creates_and_issues_a_plan(admin_client, justice, reform_field):
    response = admin_client.post(
        reverse("plans:plan_create"),
        {"title": "Kế hoạch CCHC 2026", "year": "2026", "scope": "year", "document_kind": "plan"},
    )
    plan_url = response.url
    response = admin_client.post(
        plan_url + "tasks/",
        {"code": "1", "content": "Rà soát TTHC", "due_label": "Quý 5", "budget": "2.000.000"},
    )
    assert "Không hiểu thời hạn" in response.content.decode()
    assert "2.000.000" in response.content.decode()  # what was typed stays
    response = admin_client.post(
        plan_url + "tasks/",
        {
            "code": "1",
            "content": "Rà soát TTHC",
            "due_label": "Quý II",
            "budget": "2.000.000",
            "lead_unit": justice.pk,
            "field": reform_field.pk,
            "counts": "on",
        },
    )
    assert response.status_code == 302
    response = admin_client.post(
        plan_url + "issue/",
        {"reference_number": "5933/KH-UBND", "issued_on": "30/12/2025", "signer": "Lê Thành Đô"},
    )
    page = admin_client.get(plan_url).content.decode()
    assert "5933/KH-UBND" in page and "Đã ban hành" in page
    assert table(page, "tasks")[1][:2] == ["1", "Rà soát TTHC Cải cách thủ tục hành chính"]


def test_year_settings(admin_client):
    response = admin_client.post(
        reverse("plans:year_settings", args=[2025]),
        {"unit_deadline": "15/01/2025", "is_public": "on"},
    )
    assert response.status_code == 302
    page = admin_client.get(reverse("plans:index")).content.decode()
    assert "15/01/2025" in page


@pytest.mark.usefixtures("july_20")
def test_the_rate_page_opens_every_figure(client, justice_plan, officer, admin_user):
    carried = justice_plan.tasks.get(carries__isnull=False)
    reporting.record_progress(
        carried, by=admin_user, on=date(2025, 7, 1), status="in_progress", percent=90
    )
    suggestion = tracking.suggestion(justice_plan.unit, 2025, date(2025, 7, 20))
    assert (suggestion.rate.numerator, suggestion.rate.denominator) == (0, 2)
    client.force_login(officer)
    page = client.get(suggestion.url).content.decode()
    assert "0/2" in page and "20/07/2025" in page
    assert [row[0] for row in table(page, "due")[1:]] == [
        "2. Công khai thủ tục hành chính trên Cổng dịch vụ công",
        "1. Rà soát, đơn giản hóa thủ tục hành chính",
    ]


@pytest.mark.parametrize(("who", "status"), [("other_unit_officer", 404), ("appraiser", 200)])
def test_who_opens_a_units_rate(client, request, justice, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("plans:rate", args=[2025, justice.pk]))
    assert response.status_code == status


def test_the_signed_plan_is_kept_with_the_issue(client, officer, other_unit_officer, justice):
    plan = planning.create_plan(unit=justice, year=2026, by=officer, title="KH 2026")
    planning.add_task(plan, by=officer, code="1", content="A", due_label="Quý I")
    url = reverse("plans:plan_issue", args=[plan.pk])
    values = {"reference_number": "5/KH-STP", "issued_on": "10/01/2026", "signer": "A"}
    client.force_login(officer)
    page = client.post(url, {**values, "document": upload("kh.pdf", b"MZ\x90")}).content.decode()
    assert "không phải là loại tệp được nhận" in page
    plan.refresh_from_db()
    assert not plan.is_issued
    assert client.post(url, {**values, "document": upload("kh.pdf")}).status_code == 302
    response = client.get(reverse("plans:plan_document", args=[plan.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other_unit_officer)
    assert client.get(reverse("plans:plan_document", args=[plan.pk])).status_code == 404
