"""Amendments: after issue a plan's tasks change only by an amendment that names the deciding
document and a reason (a task added, cancelled, rescheduled or reassigned); the plan as issued
stays in `Plan.baseline`, and `compare` sets it beside the current tasks."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.catalog.models import Unit
from parindex.core import audit

from .models import Amendment, Plan, PlanTask
from .planning import PlanError, create_task, task_values, touch


def _check(plan: Plan, decision: str, reason: str) -> None:
    if not plan.is_issued:
        raise PlanError(_("Kế hoạch chưa ban hành: sửa trực tiếp nhiệm vụ."))
    if not decision.strip() or not reason.strip():
        raise PlanError(_("Điều chỉnh cần ghi văn bản quyết định và lý do."))


def _record(task: PlanTask, kind: str, *, by: User, decision: str, reason: str, old, new):
    amendment = Amendment.objects.create(
        plan=task.plan,
        task=task,
        kind=kind,
        decision=decision,
        reason=reason,
        old=old,
        new=new,
        created_by=by,
    )
    touch(task.plan.year)
    audit.record(
        "plan.amend", task.plan, by=by, old=old, new={"kind": kind, **(new or {})}, reason=reason
    )
    return amendment


@transaction.atomic
def amend_task(
    task: PlanTask,
    kind: str,
    *,
    by: User,
    decision: str,
    reason: str,
    due_on: date | None = None,
    lead_unit: Unit | None = None,
) -> Amendment:
    """Cancel (`Amendment.Kind.CANCEL`), reschedule to `due_on` or reassign to `lead_unit` a task
    of an issued plan. Raises PlanError: plan not issued, no decision or reason, task cancelled
    already, nothing to change. Side effects: PlanTask, Amendment, audit `plan.amend`."""
    task = PlanTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    _check(task.plan, decision, reason)
    if task.cancelled:
        raise PlanError(_("Nhiệm vụ đã bị hủy."))
    if kind == Amendment.Kind.CANCEL:
        old, new = {"cancelled": False}, {"cancelled": True}
        task.cancelled = True
    elif kind == Amendment.Kind.RESCHEDULE and due_on is not None and due_on != task.due_on:
        old, new = {"due_on": task.due_on.isoformat()}, {"due_on": due_on.isoformat()}
        task.due_on = due_on
    elif kind == Amendment.Kind.REASSIGN and lead_unit is not None and task.plan.is_province:
        old, new = {"lead_unit_id": task.lead_unit_id}, {"lead_unit_id": lead_unit.pk}
        task.lead_unit = lead_unit
    else:
        raise PlanError(_("Điều chỉnh này không thay đổi gì."))
    task.save()
    return _record(task, kind, by=by, decision=decision, reason=reason, old=old, new=new)


@transaction.atomic
def add_by_amendment(plan: Plan, *, by: User, decision: str, reason: str, **task) -> PlanTask:
    """A task added to an issued plan. Raises PlanError as `add_task` and `amend_task`."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check(plan, decision, reason)
    created = create_task(plan, by=by, **task)
    _record(
        created,
        Amendment.Kind.ADD,
        by=by,
        decision=decision,
        reason=reason,
        old=None,
        new=task_values(created),
    )
    return created


@dataclass
class Change:
    code: str
    issued: dict | None
    current: dict | None

    @property
    def kind(self) -> str:
        if self.issued is None:
            return "added"
        if self.current is None:
            return "removed"
        return "changed" if self.issued != self.current else "same"

    @property
    def issued_due(self) -> date | None:
        return date.fromisoformat(self.issued["due_on"]) if self.issued else None

    @property
    def current_due(self) -> date | None:
        return date.fromisoformat(self.current["due_on"]) if self.current else None


def compare(plan: Plan) -> list[Change]:
    """The plan as issued beside its tasks now, task by task (by number)."""
    issued = {task["code"]: task for task in plan.baseline}
    current = {task.code: task_values(task) for task in plan.tasks.select_related("field")}
    codes = list(issued) + [code for code in current if code not in issued]
    return [Change(code, issued.get(code), current.get(code)) for code in codes]
