"""Amendments after issue: each names its deciding document and reason, the plan as issued
stays, and the rate leaves cancelled tasks out."""

from datetime import date

import pytest
from django.urls import reverse

from parindex.core.models import AuditEntry
from parindex.plans import amending, tracking
from parindex.plans.models import Amendment
from parindex.testing.html import table

DECISION = {"decision": "QĐ 1020/QĐ-UBND ngày 15/8/2025", "reason": "Sắp xếp bộ máy từ 01/7/2025"}


def test_cancel_reschedule_reassign(province_plan, admin_user, ward):
    task = province_plan.tasks.get(code="1")
    amending.amend_task(task, "reschedule", by=admin_user, due_on=date(2025, 9, 30), **DECISION)
    amending.amend_task(task, "reassign", by=admin_user, lead_unit=ward, **DECISION)
    amending.amend_task(task, "cancel", by=admin_user, **DECISION)
    task.refresh_from_db()
    assert (task.due_on, task.lead_unit, task.cancelled) == (date(2025, 9, 30), ward, True)
    assert list(task.amendments.values_list("kind", flat=True)) == [
        "reschedule",
        "reassign",
        "cancel",
    ]
    assert AuditEntry.objects.filter(action="plan.amend").count() == 3
    [change, _same] = amending.compare(province_plan)
    assert change.kind == "changed" and change.issued["due_on"] == "2025-06-30"


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("cancel", {"decision": "", "reason": "x"}, "văn bản quyết định"),
        ("reschedule", {**DECISION}, "không thay đổi"),
    ],
)
def test_refused_amendments(province_plan, admin_user, kind, values, message):
    task = province_plan.tasks.get(code="1")
    with pytest.raises(amending.PlanError, match=message):
        amending.amend_task(task, kind, by=admin_user, **values)
    assert not Amendment.objects.exists()


def test_a_task_added_after_issue(province_plan, admin_user):
    amending.add_by_amendment(
        province_plan,
        by=admin_user,
        code="3",
        content="Nhiệm vụ mới",
        due_label="Quý IV",
        **DECISION,
    )
    changes = {change.code: change.kind for change in amending.compare(province_plan)}
    assert changes == {"1": "same", "2": "same", "3": "added"}


def test_a_cancelled_task_leaves_the_rate(justice_plan, officer):
    carried = justice_plan.tasks.get(carries__isnull=False)
    before = tracking.completion_rate(justice_plan.unit, 2025, date(2025, 12, 31))
    amending.amend_task(carried, "cancel", by=officer, **DECISION)
    after = tracking.completion_rate(justice_plan.unit, 2025, date(2025, 12, 31))
    assert (before.denominator, after.denominator) == (2, 1)


def test_the_amendment_form_and_the_comparison(admin_client, province_plan):
    task = province_plan.tasks.get(code="2")
    url = reverse("plans:task_amend", args=[task.pk])
    response = admin_client.post(url, {"kind": "reschedule", "due_on": "31/02/2025", **DECISION})
    assert "không tồn tại" in response.content.decode()
    response = admin_client.post(url, {"kind": "reschedule", "due_on": "31/10/2025", **DECISION})
    assert response.status_code == 302
    page = admin_client.get(reverse("plans:plan_compare", args=[province_plan.pk])).content.decode()
    assert table(page, "compare")[2][1:] == [
        "Kiểm tra công tác CCHC tại các xã 30/09/2025",
        "Kiểm tra công tác CCHC tại các xã 31/10/2025",
    ]


def test_a_unit_cannot_amend_the_province_plan(client, officer, province_plan):
    client.force_login(officer)
    task = province_plan.tasks.get(code="1")
    response = client.post(
        reverse("plans:task_amend", args=[task.pk]), {"kind": "cancel", **DECISION}
    )
    assert response.status_code == 404
    assert not Amendment.objects.exists()


def test_a_task_added_by_the_form(admin_client, province_plan, justice):
    url = reverse("plans:task_add_by_amendment", args=[province_plan.pk])
    data = {
        "code": "3",
        "content": "Nhiệm vụ bổ sung",
        "due_label": "Quý IV",
        "lead_unit": justice.pk,
    }
    response = admin_client.post(url, data)
    assert "văn bản quyết định" in response.content.decode().lower()
    assert not province_plan.tasks.filter(code="3").exists()
    response = admin_client.post(url, {**data, **DECISION})
    assert response.status_code == 302
    assert province_plan.amendments.get().kind == "add"
