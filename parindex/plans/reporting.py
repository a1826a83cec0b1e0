"""Progress on tasks: dated, append-only updates by the unit that answers for the task (or the
admin), with documents from the unit's evidence library. A task is marked done only with a
product document."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.evidence import create_document
from parindex.assessments.files import CheckedFile
from parindex.assessments.models import Evidence
from parindex.core import audit

from .models import PlanTask, ProgressUpdate
from .planning import PlanError, touch


def _documents(task: PlanTask, evidence_ids: list[int]) -> list[Evidence]:
    documents = list(Evidence.objects.filter(pk__in=evidence_ids, unit=task.owner))
    if len(documents) != len(set(evidence_ids)):
        raise PlanError(_("Chỉ gắn được tài liệu trong thư viện của đơn vị chủ trì."))
    return documents


@transaction.atomic
def record_progress(
    task: PlanTask,
    *,
    by: User,
    on: date,
    status: str,
    percent: int,
    note: str = "",
    evidence_ids: list[int] | None = None,
    file: CheckedFile | None = None,
    file_title: str = "",
) -> ProgressUpdate:
    """Add an update to a task: `status` in ProgressUpdate.Status, `percent` 0–100 (100 when
    done), dated `on` (not in the future). A new `file` goes into the owner's evidence library
    first. Raises PlanError: task cancelled or its plan not issued, a day ahead, done without a
    document, a document of another unit. Side effects: ProgressUpdate, its documents, the
    task's cached progress, audit `plan.progress` on the task (and `evidence.create`)."""
    task = PlanTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if task.cancelled:
        raise PlanError(_("Nhiệm vụ đã bị hủy."))
    if not task.plan.is_issued:
        raise PlanError(_("Kế hoạch chưa ban hành: chưa ghi tiến độ."))
    if on > timezone.localdate():
        raise PlanError(_("Ngày báo cáo không được sau hôm nay."))
    done = status == ProgressUpdate.Status.DONE
    documents = _documents(task, evidence_ids or [])
    if file is not None:
        evidence, _stored = create_document(
            task.owner, file=file, reference={"title": file_title or task.product}, by=by
        )
        documents.append(evidence)
    if done and not documents:
        raise PlanError(_("Đánh dấu hoàn thành cần có tài liệu sản phẩm."))
    update = ProgressUpdate.objects.create(
        task=task,
        on=on,
        status=status,
        percent=100 if done else percent,
        note=note,
        created_by=by,
    )
    update.evidence.set(documents)
    task.started = True
    task.percent = update.percent
    # The first day it was reported done counts; a later correction does not move it.
    if done and task.done_on is None:
        task.done_on = on
    task.save(update_fields=["started", "percent", "done_on"])
    touch(task.plan.year)
    audit.record(
        "plan.progress",
        task,
        by=by,
        new={
            "on": on,
            "status": status,
            "percent": update.percent,
            "note": note,
            "evidence": [d.pk for d in documents],
        },
    )
    return update
