"""Who may see and change plans, their tasks and their progress.

The province's plan is read by every signed-in person (its tasks are assigned to them) and
changed by the admin. A unit's plan is read by the unit, the admin (Sở Nội vụ) and the appraisal
team, and changed by the unit. Progress on a task is written by the unit that answers for it
(`PlanTask.owner_id`) and the admin; its coordinating units read it. Everyone else: 404. Visitors
see only the years the admin has made public (`PlanYear.is_public`).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin, is_appraiser, is_unit_member
from parindex.accounts.models import User
from parindex.catalog.models import Unit

from .models import Plan, PlanTask, PlanYear


def can_view_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    if plan.is_province:
        return user.is_authenticated and user.is_active
    return is_unit_member(user, plan.unit_id) or is_admin(user) or is_appraiser(user)


def can_edit_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    """May change the plan's details and tasks (whether it is still a draft is the workflow's
    concern)."""
    if plan.is_province:
        return is_admin(user)
    return is_unit_member(user, plan.unit_id) or is_admin(user)


def get_plan(user: User, pk: int, *, for_write: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    allowed = can_edit_plan(user, plan) if for_write else can_view_plan(user, plan)
    if not allowed:
        raise Http404
    return plan


def can_view_task(user: User | AnonymousUser, task: PlanTask) -> bool:
    if can_view_plan(user, task.plan) or is_unit_member(user, task.lead_unit_id):
        return True
    if not (user.is_authenticated and is_unit_member(user, user.unit_id)) or user.unit_id is None:
        return False
    # A unit coordinating a province task reads the task that carries it down too.
    coordinated = PlanTask.coordinating_units.through.objects.filter(unit_id=user.unit_id)
    return coordinated.filter(plantask_id__in=[task.pk, task.carries_id]).exists()


def can_report_progress(user: User | AnonymousUser, task: PlanTask) -> bool:
    return is_unit_member(user, task.owner_id) or is_admin(user)


def get_task(user: User, pk: int, *, for_progress: bool = False) -> PlanTask:
    """A task the user may read; with `for_progress`, one whose progress they may record."""
    task = get_object_or_404(PlanTask.objects.with_context(), pk=pk)
    allowed = can_report_progress(user, task) if for_progress else can_view_task(user, task)
    if not allowed:
        raise Http404
    return task


def require_admin(user: User | AnonymousUser) -> None:
    """Role-wide pages (the province's dashboard, coverage, years) refuse others with 403."""
    if not is_admin(user):
        raise PermissionDenied


def own_unit_id(user: User | AnonymousUser) -> int:
    """The unit whose board a member opens; anyone without one: 404."""
    if not (user.is_authenticated and is_unit_member(user, user.unit_id)) or user.unit_id is None:
        raise Http404
    return user.unit_id


def get_public_year(year: int) -> PlanYear:
    """A year whose plans' progress the admin has made public; any other: 404."""
    return get_object_or_404(PlanYear, year=year, is_public=True)


def get_rate_unit(user: User, unit_id: int) -> Unit:
    """A unit whose completion rate the user may open: their own, or any for the admin and the
    appraisal team (who check the suggestion on criteria 1.1.x); else 404."""
    if not (is_unit_member(user, unit_id) or is_admin(user) or is_appraiser(user)):
        raise Http404
    return get_object_or_404(Unit, pk=unit_id)
