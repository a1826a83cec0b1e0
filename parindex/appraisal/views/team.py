"""The appraisal team of each period (Tổ thẩm định), for the lead and the admin (everyone else:
404): the members by agency, who appraises which field, whether every item is covered; adding and
removing members and assignments. The forms post to their own URLs and come back to the team page;
a refused form is shown again on it with what was typed."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.models import Field
from parindex.core.forms import ReasonForm

from .. import access, team
from ..assignments import gaps
from ..forms.team import AssignmentForm, MemberForm
from ..models import Assignment


def period_list(request: HttpRequest):
    """Every period with its team's size and whether every item is covered."""
    access.require_lead(request.user)
    return render(request, "appraisal/periods.html", {"rows": team.periods_with_teams()})


def _member_form(period: AssessmentPeriod, data=None) -> MemberForm:
    return MemberForm(data, candidates=team.candidates(period))


def _assignment_form(period: AssessmentPeriod, data=None, initial=None) -> AssignmentForm:
    return AssignmentForm(
        data,
        agencies=team.agencies_on_team(period),
        fields=list(Field.objects.all()),
        units=team.units_of(period),
        initial=initial,
    )


def _editing(request: HttpRequest, assignments: list[Assignment]) -> Assignment | None:
    """The assignment named by ?edit= (its values fill the assignment form)."""
    wanted = request.GET.get("edit", "")
    return next((a for a in assignments if str(a.pk) == wanted), None)


def _values(assignment: Assignment | None) -> dict | None:
    if assignment is None:
        return None
    units = [unit.pk for unit in assignment.units_by_name]
    return {"agency": assignment.agency_id, "field": assignment.field_id, "units": units}


def _page(
    request: HttpRequest,
    period: AssessmentPeriod,
    *,
    member_form: MemberForm | None = None,
    assignment_form: AssignmentForm | None = None,
    removal: tuple[int, ReasonForm] | None = None,
    deletion: tuple[int, ReasonForm] | None = None,
):
    """The team page; `removal` / `deletion`: the member / assignment whose refused reason form
    shows again, with that form."""
    members = team.members(period)
    assignments = team.assignments(period)
    editing = _editing(request, assignments)
    removal_pk, removal_form = removal or (None, None)
    deletion_pk, deletion_form = deletion or (None, None)
    field_names = dict(Field.objects.values_list("code", "name"))
    return render(
        request,
        "appraisal/team.html",
        {
            "period": period,
            "agencies": team.agencies(members, assignments),
            "member_count": len(members),
            "assignments": assignments,
            "gaps": [{"gap": gap, "field": field_names.get(gap.field)} for gap in gaps(period)],
            "member_form": member_form or _member_form(period),
            "assignment_form": assignment_form
            or _assignment_form(period, initial=_values(editing)),
            "editing": editing,
            "removal_pk": removal_pk,
            "removal_form": removal_form,
            "deletion_pk": deletion_pk,
            "deletion_form": deletion_form,
            "history": team.history(period),
        },
    )


def team_page(request: HttpRequest, pk: int):
    return _page(request, access.get_period_for_lead(request.user, pk))


@require_POST
def member_add(request: HttpRequest, pk: int):
    period = access.get_period_for_lead(request.user, pk)
    form = _member_form(period, request.POST)
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            team.add_member(period, user, by=request.user)
        except team.TeamError as error:
            form.add_error("user", str(error))
        else:
            messages.success(
                request,
                _("Đã thêm %(user)s (%(agency)s) vào Tổ thẩm định.")
                % {"user": user.full_name or user.username, "agency": user.unit.name},
            )
            return redirect("appraisal:team", pk=period.pk)
    return _page(request, period, member_form=form)


@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int):
    period = access.get_period_for_lead(request.user, pk)
    member = get_object_or_404(period.team.select_related("user__unit"), pk=member_pk)
    user = member.user
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            team.remove_member(period, user, by=request.user, reason=form.cleaned_data["reason"])
        except team.TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã xóa %(user)s khỏi Tổ thẩm định.") % {"user": user.full_name or user.username},
            )
            return redirect("appraisal:team", pk=period.pk)
    return _page(request, period, removal=(member.pk, form))


@require_POST
def assignment_save(request: HttpRequest, pk: int):
    period = access.get_period_for_lead(request.user, pk)
    form = _assignment_form(period, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            team.save_assignment(
                period, data["agency"], data["field"], data["units"], by=request.user
            )
        except team.TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã lưu phân công: %(agency)s thẩm định lĩnh vực %(field)s.")
                % {"agency": data["agency"].name, "field": data["field"].name},
            )
            return redirect("appraisal:team", pk=period.pk)
    return _page(request, period, assignment_form=form)


@require_POST
def assignment_delete(request: HttpRequest, pk: int, assignment_pk: int):
    period = access.get_period_for_lead(request.user, pk)
    assignment = get_object_or_404(
        period.assignments.select_related("period", "agency", "field"), pk=assignment_pk
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            team.delete_assignment(assignment, by=request.user, reason=form.cleaned_data["reason"])
        except team.TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã xóa phân công: %(agency)s thẩm định lĩnh vực %(field)s.")
                % {"agency": assignment.agency.name, "field": assignment.field.name},
            )
            return redirect("appraisal:team", pk=period.pk)
    return _page(request, period, deletion=(assignment.pk, form))
