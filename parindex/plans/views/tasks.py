"""A task's page: its details, its status and its progress updates (read by the plan's readers
and its coordinating units), and the form with which its unit records progress."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments.models import Evidence

from .. import access, amending, planning, reporting, tracking
from ..forms import AmendForm, ProgressForm, TaskForm, task_values
from ..models import PlanTask, ProgressUpdate


def _library(task: PlanTask):
    return Evidence.objects.filter(unit_id=task.owner_id).order_by("title")


def _page(
    request: HttpRequest,
    task: PlanTask,
    form: ProgressForm | None = None,
    amend_form: AmendForm | None = None,
):
    today = timezone.localdate()
    may_report = access.can_report_progress(request.user, task) and task.plan.is_issued
    updates = (
        ProgressUpdate.objects.filter(task=task)
        .select_related("created_by")
        .prefetch_related("evidence")
    )
    may_amend = access.can_edit_plan(request.user, task.plan) and task.plan.is_issued
    if may_report and form is None:
        form = ProgressForm(library=_library(task), initial={"on": today})
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "status": tracking.progress.status(tracking.facts(task), today),
            "updates": updates,
            "coordinating": task.coordinating_units.all(),
            "form": form if may_report else None,
            "amendments": task.amendments.select_related("created_by"),
            "amend_form": amend_form or (AmendForm() if may_amend else None),
        },
    )


def task_detail(request: HttpRequest, pk: int):
    return _page(request, access.get_task(request.user, pk))


@require_POST
def progress_add(request: HttpRequest, pk: int):
    task = access.get_task(request.user, pk, for_progress=True)
    form = ProgressForm(request.POST, request.FILES, library=_library(task))
    if form.is_valid():
        data = form.cleaned_data
        try:
            reporting.record_progress(
                task,
                by=request.user,
                on=data["on"],
                status=data["status"],
                percent=data["percent"],
                note=data["note"],
                evidence_ids=[document.pk for document in data["evidence"]],
                file=data["file"],
            )
        except reporting.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi tiến độ."))
            return redirect("plans:task", task.pk)
    return _page(request, task, form)


@require_POST
def task_amend(request: HttpRequest, pk: int):
    task = access.get_task(request.user, pk)
    access.get_plan(request.user, task.plan_id, for_write=True)
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            amending.amend_task(task, by=request.user, **form.cleaned_data)
        except amending.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi điều chỉnh."))
            return redirect("plans:task", task.pk)
    return _page(request, task, amend_form=form)


def _initial(task: PlanTask) -> dict:
    names = ("code", "field", "content", "product", "lead_unit", "responsible_office")
    names += ("due_label", "budget", "funding_source", "counts", "weight")
    values = {name: getattr(task, name) for name in names}
    values["due_on"] = None if task.due_label else task.due_on
    values["coordinating_units"] = list(task.coordinating_units.all())
    return values


def task_edit(request: HttpRequest, pk: int):
    """A task of a draft plan, changed or removed by whoever may change the plan."""
    task = access.get_task(request.user, pk)
    access.get_plan(request.user, task.plan_id, for_write=True)
    province = task.plan.is_province
    form = TaskForm(request.POST or None, province=province, initial=_initial(task))
    if request.method == "POST" and form.is_valid():
        values = task_values(form)
        try:
            planning.update_task(task, by=request.user, **values)
        except planning.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu nhiệm vụ %(code)s.") % {"code": values["code"]})
            return redirect("plans:plan", task.plan_id)
    return render(request, "plans/task_form.html", {"task": task, "form": form})


@require_POST
def task_remove(request: HttpRequest, pk: int):
    task = access.get_task(request.user, pk)
    access.get_plan(request.user, task.plan_id, for_write=True)
    try:
        planning.remove_task(task, by=request.user)
    except planning.PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã xóa nhiệm vụ %(code)s.") % {"code": task.code})
    return redirect("plans:plan", task.plan_id)
