"""Drawing up and issuing plans; the cascade of the province's tasks and the coverage page's
figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.auditlog.objects import attach_links
from parindex.core.models import AuditEntry
from parindex.plans import planning, tracking
from parindex.plans.models import Plan, PlanTask
from parindex.plans.progress import Issuance
from parindex.testing.html import table


def test_a_period_becomes_a_due_date(province_plan):
    task = province_plan.tasks.get(code="1")
    assert (task.due_label, task.due_on) == ("Quý II", date(2025, 6, 30))


def test_issuing_keeps_the_baseline_and_is_audited(province_plan):
    assert province_plan.state == Plan.State.ISSUED
    assert [task["code"] for task in province_plan.baseline] == ["1", "2"]
    assert AuditEntry.objects.filter(action="plan.issue", target_id=str(province_plan.pk)).exists()


def test_an_issued_plan_takes_no_new_task(province_plan, admin_user):
    with pytest.raises(planning.PlanError, match="điều chỉnh"):
        planning.add_task(province_plan, by=admin_user, code="3", content="X", due_label="Quý I")
    assert province_plan.tasks.count() == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"code": "1", "due_label": "Quý I"}, "đã có"),
        ({"code": "9", "due_label": "Sớm"}, "Không hiểu thời hạn"),
        ({"code": "9", "due_label": "31/02/2025"}, "không tồn tại"),
        ({"code": "9", "due_label": ""}, "thời hạn"),
        ({"code": "9", "due_label": "Quý I", "weight": Decimal(0)}, "Trọng số"),
    ],
)
def test_bad_tasks_are_refused(admin_user, values, message):
    plan = planning.create_plan(unit=None, year=2026, by=admin_user, title="Kế hoạch 2026")
    planning.add_task(plan, by=admin_user, code="1", content="A", due_label="Quý I")
    with pytest.raises(planning.PlanError, match=message):
        planning.add_task(plan, by=admin_user, content="B", **values)
    assert plan.tasks.count() == 1


def test_one_plan_per_owner_year_and_scope(province_plan, admin_user):
    with pytest.raises(planning.PlanError):
        planning.create_plan(unit=None, year=2025, by=admin_user, title="Trùng")


def test_a_unit_plan_takes_the_years_deadline(admin_user, justice, officer):
    planning.save_year(2025, by=admin_user, unit_deadline=date(2025, 1, 15), is_public=False)
    plan = planning.create_plan(unit=justice, year=2025, by=officer, title="KH")
    assert plan.deadline == date(2025, 1, 15)


def test_carrying_copies_the_province_task(justice_plan, province_plan):
    carried = justice_plan.tasks.get(carries__isnull=False)
    source = province_plan.tasks.get(code="1")
    assert (carried.content, carried.due_on, carried.carries) == (
        source.content,
        source.due_on,
        source,
    )


def test_a_task_is_carried_once(justice, officer, province_plan):
    plan = planning.create_plan(unit=justice, year=2025, by=officer, title="KH", scope="term")
    task = province_plan.tasks.get(code="1")
    planning.carry(plan, task, by=officer)
    with pytest.raises(planning.PlanError, match="đã có"):
        planning.carry(plan, task, by=officer)


def test_to_carry_lists_what_the_province_assigned(province_plan, ward, officer):
    plan = planning.create_plan(unit=ward, year=2025, by=officer, title="KH phường")
    # Lead of task 2, coordinating unit of task 1.
    assert [task.code for task in tracking.to_carry(plan)] == ["1", "2"]
    planning.carry(plan, province_plan.tasks.get(code="2"), by=officer)
    assert [task.code for task in tracking.to_carry(plan)] == ["1"]


def test_coverage_names_what_is_missing(justice_plan, province_plan, ward):
    carried = justice_plan.tasks.get(carries__isnull=False)
    rows = {row.unit.name: row for row in tracking.coverage(2025, date(2025, 2, 1))}
    justice_row = rows["Sở Tư pháp"]
    assert justice_row.missing == []
    # The carried task has a product but neither office nor funding.
    assert justice_row.incomplete == [(carried, ["bộ phận chủ trì", "kinh phí"])]
    assert justice_row.issuance == Issuance.ON_TIME  # no deadline set: issued is on time
    ward_row = rows["Phường Điện Biên Phủ"]
    assert ward_row.plans == [] and not ward_row.complete
    assert ward_row.issuance == Issuance.PENDING
    assert [task.code for task in ward_row.missing] == ["1", "2"]


def test_coverage_counts_both_plans_of_a_unit(province_plan, admin_user, ward, client):
    """A year plan and a 6-month plan (after the 2025 reform): a province task carried in either
    is covered; the tasks of both are checked, each named with its plan."""
    year_plan = planning.create_plan(unit=ward, year=2025, by=admin_user, title="KH năm")
    half = planning.create_plan(
        unit=ward, year=2025, by=admin_user, title="KH 6 tháng cuối năm", scope="second_half"
    )
    planning.carry(half, province_plan.tasks.get(code="2"), by=admin_user)
    planning.carry(year_plan, province_plan.tasks.get(code="1"), by=admin_user)

    [row] = [row for row in tracking.coverage(2025, date(2025, 2, 1)) if row.unit == ward]

    assert [entry.plan for entry in row.plans] == [year_plan, half]
    assert row.missing == []
    assert [(task.plan, task.code) for task, _lacking in row.incomplete] == [
        (year_plan, "1"),
        (half, "1"),
    ]
    client.force_login(admin_user)
    page = client.get(reverse("plans:coverage", args=[2025])).content.decode()
    cells = {cells[0]: cells for cells in table(page, "coverage")[1:]}
    ward_cells = cells["Phường Điện Biên Phủ"]
    assert "Năm: Dự thảo" in ward_cells[1] and "6 tháng cuối năm: Dự thảo" in ward_cells[1]
    assert ward_cells[2] == "Đủ"
    assert "6 tháng cuối năm – 1: thiếu" in ward_cells[3]


def test_a_carried_province_task_is_followed_in_the_unit_plan(justice_plan, province_plan):
    followed = set(tracking.answerable(2025).values_list("pk", flat=True))
    province_task = province_plan.tasks.get(code="1")
    assert province_task.pk not in followed
    assert PlanTask.objects.get(carries=province_task).pk in followed
    # The ward's province task, not carried, is followed where it is.
    assert province_plan.tasks.get(code="2").pk in followed


def test_a_draft_task_is_changed_or_removed(admin_client, admin_user, justice):
    plan = planning.create_plan(unit=None, year=2026, by=admin_user, title="KH 2026")
    task = planning.add_task(plan, by=admin_user, code="1", content="A", due_label="Quý I")
    other = planning.add_task(plan, by=admin_user, code="2", content="B", due_label="Quý I")
    url = reverse("plans:task_edit", args=[task.pk])
    assert "Quý I" in admin_client.get(url).content.decode()
    data = {"code": "2", "content": "A sửa", "due_label": "Quý III", "lead_unit": justice.pk}
    assert "đã có" in admin_client.post(url, data).content.decode()
    assert admin_client.post(url, {**data, "code": "1"}).status_code == 302
    task.refresh_from_db()
    assert (task.content, task.due_on, task.lead_unit) == ("A sửa", date(2026, 9, 30), justice)
    entry = AuditEntry.objects.get(action="plan.task_update")
    assert entry.new["due_on"] == "2026-09-30" and entry.old["content"] == "A"
    admin_client.post(reverse("plans:task_remove", args=[other.pk]))
    assert list(plan.tasks.values_list("code", flat=True)) == ["1"]


def test_an_issued_task_changes_only_by_amendment(province_plan, admin_user):
    task = province_plan.tasks.get(code="1")
    with pytest.raises(planning.PlanError, match="điều chỉnh"):
        planning.update_task(task, by=admin_user, content="X", due_label="Quý I")
    with pytest.raises(planning.PlanError, match="điều chỉnh"):
        planning.remove_task(task, by=admin_user)


def test_another_unit_cannot_edit(client, other_unit_officer, officer, justice):
    plan = planning.create_plan(unit=justice, year=2026, by=officer, title="KH")
    task = planning.add_task(plan, by=officer, code="1", content="A", due_label="Quý I")
    client.force_login(other_unit_officer)
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code == 404
    assert client.post(reverse("plans:task_remove", args=[task.pk])).status_code == 404
    assert plan.tasks.count() == 1


def test_coverage_says_who_issued_late_or_not_at_all(justice_plan, admin_user):
    planning.save_year(2025, by=admin_user, unit_deadline=date(2025, 1, 5), is_public=False)
    rows = {row.unit.name: row for row in tracking.coverage(2025, date(2025, 2, 1))}
    # Sở Tư pháp's plan was issued before the year's deadline was set: its own stays empty.
    assert rows["Sở Tư pháp"].issuance == Issuance.ON_TIME
    assert rows["Phường Điện Biên Phủ"].issuance == Issuance.NOT_ISSUED
    Plan.objects.filter(pk=justice_plan.pk).update(deadline=date(2025, 1, 5))
    rows = {row.unit.name: row for row in tracking.coverage(2025, date(2025, 2, 1))}
    assert rows["Sở Tư pháp"].issuance == Issuance.LATE  # issued on 10/01/2025


def test_the_audit_log_names_and_links_plans(justice_plan):
    entries = list(AuditEntry.objects.filter(target_type__startswith="plans."))
    attach_links(entries)
    shown = {(e.kind_label, e.link) for e in entries if e.action == "plan.issue"}
    assert ("Kế hoạch CCHC", reverse("plans:plan", args=[justice_plan.pk])) in shown
