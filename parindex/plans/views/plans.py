"""Plans: the list of a year's plans, creating a plan, a plan's page with its tasks (adding a
task, carrying a province task, issuing) and the year's settings."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.accounts.access import is_admin, is_appraiser, is_unit_member
from parindex.assessments.files import FILE_POLICY
from parindex.catalog.models import Unit

from .. import access, amending, planning, tracking
from ..forms import AddTaskForm, IssueForm, PlanForm, TaskForm, YearForm, task_values
from ..models import Plan, PlanTask, PlanYear


def index(request: HttpRequest):
    """Every plan by year for the admin and (to read) the appraisal team; a unit's own plans and
    the province's for its members. Anyone else: 404."""
    user = request.user
    admin = is_admin(user)
    plans = Plan.objects.select_related("unit").order_by("-year", "unit__name")
    if not (admin or is_appraiser(user)):
        unit_id = access.own_unit_id(user)
        plans = plans.filter(unit_id=unit_id) | plans.filter(unit__isnull=True)
    today = timezone.localdate()
    rows = [
        {"plan": plan, "issuance": tracking.ISSUANCE_LABELS[tracking.plan_issuance(plan, today)]}
        for plan in plans
    ]
    settings = {s.year: s for s in PlanYear.objects.all()} if admin else {}
    years = sorted({row["plan"].year for row in rows} | {today.year} | set(settings), reverse=True)
    return render(
        request,
        "plans/index.html",
        {
            "rows": rows,
            "year_rows": [{"year": year, "settings": settings.get(year)} for year in years],
            "is_admin": admin,
            "is_member": is_unit_member(user, user.unit_id),
        },
    )


def plan_create(request: HttpRequest):
    """The admin creates the province's plan or a unit's; a unit member, their unit's."""
    user = request.user
    admin = is_admin(user)
    if not admin:
        unit_id = access.own_unit_id(user)
    units = Unit.objects.order_by("name") if admin else None
    form = PlanForm(request.POST or None, units=units, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        unit = values.pop("unit", None) if admin else get_object_or_404(Unit, pk=unit_id)
        try:
            plan = planning.create_plan(unit=unit, by=user, **values)
        except planning.PlanError as error:
            form.add_error(None, str(error))
        else:
            return redirect("plans:plan", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


def _plan_page(
    request: HttpRequest, plan: Plan, *, task_form=None, issue_form=None, amend_form=None
):
    tasks = list(
        plan.tasks.with_context().prefetch_related("coordinating_units").order_by("position", "id")
    )
    today = timezone.localdate()
    editable = access.can_edit_plan(request.user, plan) and not plan.is_issued
    amendable = access.can_edit_plan(request.user, plan) and plan.is_issued
    rows = [
        {"task": task, "status": tracking.progress.status(tracking.facts(task), today)}
        for task in tasks
    ]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "rows": rows if plan.is_issued else [{"task": t} for t in tasks],
            "editable": editable,
            "issuance": tracking.ISSUANCE_LABELS[tracking.plan_issuance(plan, today)],
            "task_form": task_form or (TaskForm(province=plan.is_province) if editable else None),
            "issue_form": issue_form or (IssueForm() if editable else None),
            "to_carry": tracking.to_carry(plan) if editable else [],
            "amend_form": amend_form
            or (AddTaskForm(province=plan.is_province) if amendable else None),
        },
    )


def plan_detail(request: HttpRequest, pk: int):
    return _plan_page(request, access.get_plan(request.user, pk))


@require_POST
def task_add(request: HttpRequest, pk: int):
    plan = access.get_plan(request.user, pk, for_write=True)
    form = TaskForm(request.POST, province=plan.is_province)
    if form.is_valid():
        values = task_values(form)
        try:
            planning.add_task(plan, by=request.user, **values)
        except planning.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thêm nhiệm vụ %(code)s.") % {"code": values["code"]})
            return redirect("plans:plan", plan.pk)
    return _plan_page(request, plan, task_form=form)


@require_POST
def task_add_by_amendment(request: HttpRequest, pk: int):
    plan = access.get_plan(request.user, pk, for_write=True)
    form = AddTaskForm(request.POST, province=plan.is_province)
    if form.is_valid():
        values = task_values(form)
        try:
            amending.add_by_amendment(
                plan,
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                **values,
            )
        except planning.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã bổ sung nhiệm vụ %(code)s.") % {"code": values["code"]})
            return redirect("plans:plan", plan.pk)
    return _plan_page(request, plan, amend_form=form)


@require_POST
def task_carry(request: HttpRequest, pk: int, task_pk: int):
    plan = access.get_plan(request.user, pk, for_write=True)
    province_task = get_object_or_404(PlanTask, pk=task_pk, plan__unit__isnull=True)
    try:
        planning.carry(plan, province_task, by=request.user)
    except planning.PlanError as error:
        messages.error(request, str(error))
    return redirect("plans:plan", plan.pk)


@require_POST
def plan_issue(request: HttpRequest, pk: int):
    plan = access.get_plan(request.user, pk, for_write=True)
    form = IssueForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            planning.issue(plan, by=request.user, **form.cleaned_data)
        except planning.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi nhận ban hành kế hoạch."))
            return redirect("plans:plan", plan.pk)
    return _plan_page(request, plan, issue_form=form)


def year_settings(request: HttpRequest, year: int):
    access.require_admin(request.user)
    current = PlanYear.objects.filter(year=year).first()
    initial = (
        {"unit_deadline": current.unit_deadline, "is_public": current.is_public} if current else {}
    )
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        planning.save_year(year, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thiết lập năm %(year)s.") % {"year": year})
        return redirect("plans:index")
    return render(request, "plans/year_form.html", {"form": form, "year": year})


def board_for_member(request: HttpRequest):
    """The menu's entry: a unit member's board of this year, the admin's dashboard."""
    year = timezone.localdate().year
    if is_admin(request.user):
        return redirect("plans:dashboard", year)
    if is_unit_member(request.user, request.user.unit_id):
        return redirect("plans:board", year)
    return redirect("plans:index")


def plan_compare(request: HttpRequest, pk: int):
    """The plan as issued beside the plan now, and the amendments between."""
    plan = access.get_plan(request.user, pk)
    return render(
        request,
        "plans/compare.html",
        {
            "plan": plan,
            "changes": amending.compare(plan),
            "amendments": plan.amendments.select_related("task", "created_by"),
        },
    )


def plan_document(request: HttpRequest, pk: int):
    """The signed plan as issued, a download for whoever may read the plan."""
    plan = access.get_plan(request.user, pk)
    if not plan.document:
        raise Http404
    try:
        content = plan.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePosixPath(plan.document.name).suffix
    response = FileResponse(
        content, as_attachment=True, filename=f"ke-hoach-{plan.year}-{plan.pk}{suffix}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response
