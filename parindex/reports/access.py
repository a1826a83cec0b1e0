"""Who may see and change periodic reports.

A unit's officers fill their own unit's reports and its head submits them; nobody else sees them
(404, as if they did not exist). The province (administrators) sees every unit's reports, returns
them, and manages templates and periods (pages that answer 403 to anyone else, as the catalog's).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin, is_unit_member
from parindex.accounts.models import Role, User

from .models import ReportingPeriod, ReportTemplate, ReportVersion, UnitReport


def can_manage_reports(user: User) -> bool:
    return is_admin(user)


def can_fill(user: User, report: UnitReport) -> bool:
    return is_unit_member(user, report.unit_id)


def can_submit(user: User, report: UnitReport) -> bool:
    return is_unit_member(user, report.unit_id) and user.role == Role.UNIT_HEAD


def get_report(
    user: User,
    pk: int,
    *,
    for_write: bool = False,
    for_submit: bool = False,
    for_return: bool = False,
) -> UnitReport:
    """A unit's report (with period, template and unit) the user may read: a member of its unit
    or the province; with `for_write` one they may fill (a member), `for_submit` one they may
    submit (its head), `for_return` one they may send back (the province). Else 404. Only
    reports of opened periods exist for units."""
    report = get_object_or_404(UnitReport.objects.with_context(), pk=pk)
    if for_return:
        allowed = is_admin(user)
    elif for_submit:
        allowed = can_submit(user, report)
    elif for_write:
        allowed = can_fill(user, report)
    else:
        allowed = can_fill(user, report) or is_admin(user)
    if not allowed:
        raise Http404
    return report


def get_version(user: User, report_pk: int, number: int) -> ReportVersion:
    """One submitted version of a report the user may read; else 404."""
    report = get_report(user, report_pk)
    version = get_object_or_404(
        ReportVersion.objects.select_related("submitted_by", "returned_by"),
        report=report,
        number=number,
    )
    version.report = report
    return version


def get_own_reports(user: User) -> QuerySet[UnitReport]:
    """The reports of the user's unit, newest period first; 404 for anyone but its members."""
    if user.unit_id is None or not is_unit_member(user, user.unit_id):
        raise Http404
    return (
        UnitReport.objects.for_unit(user.unit_id)
        .select_related("period")
        .order_by("-period__year", "-period__deadline", "-period_id")
    )


def get_period(user: User, pk: int) -> ReportingPeriod:
    """A reporting period for the province's pages; 404 for anyone else."""
    if not is_admin(user):
        raise Http404
    return get_object_or_404(ReportingPeriod.objects.select_related("template"), pk=pk)


def get_template(user: User, pk: int) -> ReportTemplate:
    if not is_admin(user):
        raise Http404
    return get_object_or_404(ReportTemplate, pk=pk)
