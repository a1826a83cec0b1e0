"""Progress updates: append-only, dated, done only with a product document, audited; a refused
update keeps what was typed and saves nothing."""

from datetime import date

import pytest
from django.urls import reverse

from parindex.assessments.models import Evidence
from parindex.core.models import AuditEntry
from parindex.plans import planning, reporting, tracking
from parindex.plans.models import ProgressUpdate
from parindex.plans.progress import Status
from parindex.testing.factories import upload


@pytest.fixture
def july_20(monkeypatch):
    """Today is 20/07/2025 in Vietnam."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2025, 7, 20))


@pytest.fixture
def task(justice_plan):
    return justice_plan.tasks.get(carries__isnull=False)  # due 30/06/2025


@pytest.fixture
def product(justice, officer):
    return Evidence.objects.create(unit=justice, title="QĐ 125/QĐ-UBND", created_by=officer)


@pytest.mark.usefixtures("july_20")
def test_a_late_completion(task, officer, product):
    reporting.record_progress(
        task, by=officer, on=date(2025, 5, 2), status="in_progress", percent=50
    )
    reporting.record_progress(
        task, by=officer, on=date(2025, 7, 10), status="done", percent=0, evidence_ids=[product.pk]
    )
    task.refresh_from_db()
    assert (task.done_on, task.percent) == (date(2025, 7, 10), 100)
    assert list(task.updates.values_list("percent", flat=True)) == [100, 50]
    assert AuditEntry.objects.filter(action="plan.progress", target_id=str(task.pk)).count() == 2
    entry = tracking.unit_progress(task.plan.unit, 2025, date(2025, 7, 20))
    statuses = {row.task.code: row.status for row in entry.rows}
    assert statuses == {"1": Status.DONE_LATE, "2": Status.OVERDUE}
    assert entry.rate.late == (task.pk,)
    assert (entry.rate.numerator, entry.rate.denominator) == (1, 2)


@pytest.mark.usefixtures("july_20")
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"status": "done"}, "tài liệu sản phẩm"),
        ({"on": date(2025, 7, 21)}, "sau hôm nay"),
    ],
)
def test_refused_updates(task, officer, values, message):
    arguments = {"on": date(2025, 7, 1), "status": "in_progress", "percent": 10, **values}
    with pytest.raises(planning.PlanError, match=message):
        reporting.record_progress(task, by=officer, **arguments)
    assert not ProgressUpdate.objects.exists()


def test_a_document_of_another_unit_is_refused(task, officer, other_unit_officer, ward):
    foreign = Evidence.objects.create(unit=ward, title="Của phường", created_by=other_unit_officer)
    with pytest.raises(planning.PlanError, match="thư viện"):
        reporting.record_progress(
            task,
            by=officer,
            on=date(2025, 3, 1),
            status="done",
            percent=100,
            evidence_ids=[foreign.pk],
        )


def test_no_progress_on_a_draft(officer, justice):
    plan = planning.create_plan(unit=justice, year=2026, by=officer, title="KH")
    draft = planning.add_task(plan, by=officer, code="1", content="A", due_label="Quý I")
    with pytest.raises(planning.PlanError, match="chưa ban hành"):
        reporting.record_progress(
            draft, by=officer, on=date(2025, 1, 1), status="in_progress", percent=0
        )


@pytest.mark.usefixtures("july_20")
def test_done_with_an_uploaded_product(officer_client, task):
    response = officer_client.post(
        reverse("plans:progress_add", args=[task.pk]),
        {"on": "10/07/2025", "status": "done", "percent": "100", "file": upload("qd-125.pdf")},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    [document] = update.evidence.all()
    assert document.unit == task.plan.unit and document.files.get().original_name == "qd-125.pdf"
    page = officer_client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "Hoàn thành chậm" in page and document.title in page


@pytest.mark.usefixtures("july_20")
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"on": "31/02/2025"}, "không tồn tại"),
        ({"percent": "bốn mươi"}, "số"),
        ({"status": "done"}, "tài liệu sản phẩm"),
        ({"file": upload("virus.exe", b"MZ\x90\x00")}, "Không nhận tệp"),
    ],
)
def test_a_refused_form_keeps_what_was_typed(officer_client, task, values, message):
    data = {
        "on": "10/07/2025",
        "status": "in_progress",
        "percent": "40",
        "note": "Đã trình",
        **values,
    }
    response = officer_client.post(reverse("plans:progress_add", args=[task.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "Đã trình" in page
    assert not ProgressUpdate.objects.exists()
