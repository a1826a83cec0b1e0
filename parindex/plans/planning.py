"""Drawing up plans: creating a plan, adding tasks (a due date or a period as offices write it),
carrying the province's tasks down into a unit's plan, issuing (which keeps the baseline), and
the year's settings. Each change is one function that checks, writes and audits in one
transaction; what it raises is a PlanError with a message for the user.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.assessments.files import CheckedFile
from parindex.catalog.models import Field, Unit
from parindex.core import audit

from .models import Plan, PlanTask, PlanYear
from .progress import DueLabelError, due_from_label


class PlanError(Exception):
    """A change the plan's rules refuse; the message is for the user."""


def touch(year: int) -> None:
    """Mark the year's plans changed (what the cached dashboard and public page are keyed on)."""
    PlanYear.objects.update_or_create(year=year, defaults={"changed_at": timezone.now()})


def due_date(due_on: date | None, label: str, year: int) -> date:
    """The task's due date: the date typed, else the period's by `due_from_label`."""
    if due_on is not None:
        return due_on
    if not label.strip():
        raise PlanError(_("Vui lòng nhập thời hạn hoàn thành (ngày hoặc kỳ, ví dụ “Quý II”)."))
    try:
        return due_from_label(label, year)
    except DueLabelError:
        raise PlanError(
            _(
                "Không hiểu thời hạn “%(label)s”: ghi một ngày (31/03/%(year)s), “Quý II”, "
                "“Tháng 9”, “6 tháng đầu năm” hoặc “Thường xuyên”."
            )
            % {"label": label, "year": year}
        ) from None
    except ValueError:
        raise PlanError(_("Ngày trong “%(label)s” không tồn tại.") % {"label": label}) from None


def task_values(task: PlanTask) -> dict:
    """A task as the audit trail and the baseline keep it."""
    return {
        "code": task.code,
        "content": task.content,
        "product": task.product,
        "field": task.field.code if task.field_id and task.field else None,
        "lead_unit_id": task.lead_unit_id,
        "responsible_office": task.responsible_office,
        "due_on": task.due_on.isoformat(),
        "due_label": task.due_label,
        "budget": str(task.budget) if task.budget is not None else None,
        "funding_source": task.funding_source,
        "counts": task.counts,
        "weight": str(task.weight),
        "carries_id": task.carries_id,
        "cancelled": task.cancelled,
    }


@transaction.atomic
def create_plan(*, unit: Unit | None, year: int, by: User, **values) -> Plan:
    """A new draft plan of the province (`unit` None) or a unit. Raises PlanError when that
    owner already has a plan of this scope for the year. Side effects: Plan, audit `plan.create`."""
    scope = values.get("scope", Plan.Scope.YEAR)
    if Plan.objects.filter(unit=unit, year=year, scope=scope).exists():
        raise PlanError(_("Đã có kế hoạch năm %(year)s với phạm vi này.") % {"year": year})
    if unit is not None and "deadline" not in values:
        settings = PlanYear.objects.filter(year=year).first()
        values["deadline"] = settings.unit_deadline if settings else None
    plan = Plan.objects.create(unit=unit, year=year, **values)
    touch(year)
    audit.record("plan.create", plan, by=by, new={"title": plan.title, "year": year})
    return plan


def _next_position(plan: Plan) -> int:
    last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_task(plan: Plan, *, by: User, **task) -> PlanTask:
    """A task added to a draft plan (after issue, tasks are added by an amendment); `task`: the
    arguments of `create_task`. Raises PlanError: plan issued, and as `create_task`. Side
    effects: those of `create_task`."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_issued:
        raise PlanError(_("Kế hoạch đã ban hành: bổ sung nhiệm vụ bằng một điều chỉnh."))
    return create_task(plan, by=by, **task)


def create_task(
    plan: Plan,
    *,
    by: User,
    code: str,
    content: str,
    due_on: date | None = None,
    due_label: str = "",
    coordinating: list[Unit] | tuple[Unit, ...] = (),
    field: Field | None = None,
    lead_unit: Unit | None = None,
    carries: PlanTask | None = None,
    weight: Decimal = Decimal(1),
    **values,
) -> PlanTask:
    """A task of `plan`, which the caller has locked and whose state it has checked (`add_task`,
    `amending.add_by_amendment`): the due date typed or read from the period as offices write
    it. Raises PlanError: code already used, due date unreadable, weight not above 0, a carried
    task that is not the province's of the same year. Side effects: PlanTask, its coordinating
    units, audit `plan.task_add` on the plan, the year's change mark."""
    if plan.tasks.filter(code=code).exists():
        raise PlanError(_("Số thứ tự %(code)s đã có trong kế hoạch.") % {"code": code})
    if carries is not None and (not carries.plan.is_province or carries.plan.year != plan.year):
        raise PlanError(_("Chỉ cụ thể hóa được nhiệm vụ trong kế hoạch của tỉnh cùng năm."))
    if weight <= 0:
        raise PlanError(_("Trọng số phải lớn hơn 0."))
    task = PlanTask.objects.create(
        plan=plan,
        code=code,
        content=content,
        due_on=due_date(due_on, due_label, plan.year),
        due_label=due_label,
        field=field,
        lead_unit=lead_unit,
        carries=carries,
        weight=weight,
        position=_next_position(plan),
        **values,
    )
    task.coordinating_units.set(coordinating)
    touch(plan.year)
    audit.record("plan.task_add", plan, by=by, new=task_values(task))
    return task


def _draft_task(task: PlanTask) -> PlanTask:
    task = (
        PlanTask.objects.select_for_update(of=("self",))
        .select_related("plan", "field")
        .get(pk=task.pk)
    )
    if task.plan.is_issued:
        raise PlanError(_("Kế hoạch đã ban hành: thay đổi nhiệm vụ bằng một điều chỉnh."))
    return task


@transaction.atomic
def update_task(
    task: PlanTask,
    *,
    by: User,
    due_on: date | None = None,
    due_label: str = "",
    coordinating: list[Unit] | tuple[Unit, ...] = (),
    **values,
) -> PlanTask:
    """Change a task of a draft plan: the fields of `create_task`. Raises PlanError: plan
    issued, code taken by another task, due date unreadable, weight not above 0. Side effects:
    PlanTask, audit `plan.task_update` on the plan with what changed."""
    task = _draft_task(task)
    before = task_values(task)
    code = values.get("code", task.code)
    if task.plan.tasks.filter(code=code).exclude(pk=task.pk).exists():
        raise PlanError(_("Số thứ tự %(code)s đã có trong kế hoạch.") % {"code": code})
    if values.get("weight", task.weight) <= 0:
        raise PlanError(_("Trọng số phải lớn hơn 0."))
    task.due_on = due_date(due_on, due_label, task.plan.year)
    task.due_label = due_label
    values.setdefault("budget", None)
    for name, value in values.items():
        setattr(task, name, value)
    task.save()
    task.coordinating_units.set(coordinating)
    touch(task.plan.year)
    old, new = audit.changes(before, task_values(task))
    if new:
        audit.record("plan.task_update", task.plan, by=by, old=old, new={"code": code, **new})
    return task


@transaction.atomic
def remove_task(task: PlanTask, *, by: User) -> None:
    """Remove a task of a draft plan. Raises PlanError: plan issued, a unit's plan carries it.
    Side effects: the task deleted, audit `plan.task_remove` on the plan."""
    task = _draft_task(task)
    if task.carried_by.exists():
        raise PlanError(_("Kế hoạch của đơn vị đã cụ thể hóa nhiệm vụ này."))
    values = task_values(task)
    plan = task.plan
    task.delete()
    touch(plan.year)
    audit.record("plan.task_remove", plan, by=by, old=values)


@transaction.atomic
def carry(plan: Plan, province_task: PlanTask, *, by: User) -> PlanTask:
    """Carry a province task into a unit's draft plan: the same content, product, field and due
    date, the next free number. Raises PlanError as `add_task`, or when it is carried already."""
    if plan.is_province:
        raise PlanError(_("Chỉ kế hoạch của đơn vị cụ thể hóa nhiệm vụ của tỉnh."))
    if plan.tasks.filter(carries=province_task).exists():
        raise PlanError(_("Nhiệm vụ này đã có trong kế hoạch."))
    return add_task(
        plan,
        by=by,
        code=str(_next_position(plan)),
        content=province_task.content,
        product=province_task.product,
        field=province_task.field,
        due_on=province_task.due_on,
        due_label=province_task.due_label,
        carries=province_task,
    )


@transaction.atomic
def issue(
    plan: Plan,
    *,
    by: User,
    reference_number: str,
    issued_on: date,
    signer: str,
    document: CheckedFile | None = None,
) -> Plan:
    """Issue a draft plan: its legal reference and the signed document (a file checked by
    `files.check_upload`) are recorded and its tasks are kept as the baseline. Raises PlanError:
    already issued, no task. Side effects: Plan, the file in storage, audit `plan.issue`."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_issued:
        raise PlanError(_("Kế hoạch đã được ban hành."))
    tasks = list(plan.tasks.select_related("field"))
    if not tasks:
        raise PlanError(_("Kế hoạch chưa có nhiệm vụ nào."))
    plan.reference_number = reference_number
    plan.issued_on = issued_on
    plan.signer = signer
    plan.state = Plan.State.ISSUED
    plan.baseline = [task_values(task) for task in tasks]
    if document is not None:
        plan.document.save(document.name, document.upload, save=False)
    plan.save()
    touch(plan.year)
    audit.record(
        "plan.issue",
        plan,
        by=by,
        new={
            "reference_number": reference_number,
            "issued_on": issued_on,
            "tasks": len(tasks),
            "file": document.name if document else None,
        },
    )
    return plan


@transaction.atomic
def save_year(year: int, *, by: User, unit_deadline: date | None, is_public: bool) -> PlanYear:
    """The year's settings: the units' issuance deadline (copied to unit plans still in draft)
    and whether progress is public. Side effects: PlanYear, Plan.deadline, audit `plan.year`."""
    settings, _created = PlanYear.objects.get_or_create(year=year)
    before = {"unit_deadline": settings.unit_deadline, "is_public": settings.is_public}
    settings.unit_deadline = unit_deadline
    settings.is_public = is_public
    settings.changed_at = timezone.now()
    settings.save()
    Plan.objects.filter(year=year, unit__isnull=False, state=Plan.State.DRAFT).update(
        deadline=unit_deadline
    )
    old, new = audit.changes(before, {"unit_deadline": unit_deadline, "is_public": is_public})
    if new:
        audit.record("plan.year", settings, by=by, old=old, new=new)
    return settings
