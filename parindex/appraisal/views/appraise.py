"""The appraiser's work: the worklist, a unit's sheet (the unit's answers beside the team's), saving
one item (htmx or plain POST), explanation requests; the lead's progress page and finalization."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments.forms import initial_inputs
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.assessments.periods import by_level_and_name
from parindex.assessments.scorecard import Conflict
from parindex.core import audit
from parindex.core.text import fold
from parindex.scoring import EntryError

from .. import access, appraising, progress, workflow
from ..assignments import coverage, gaps
from ..forms import AppraisalForm, ReasonForm, RequestForm
from ..models import Round, TeamMember


def _initial(item: appraising.SheetItem, round: int) -> dict:
    """The round's own values; else the round before; else the unit's (accepted as they are)."""
    own = item.final if round == Round.FINAL else item.first
    source = own or (item.first if round == Round.FINAL else None) or item.entry
    if source is None:
        return {"version": 0}
    values = initial_inputs(source) | {
        "not_applicable": source.not_applicable,
        "not_applicable_reason": source.not_applicable_reason,
        "version": own.version if own else 0,
    }
    if own:
        values["comment"] = own.comment
    return values


def _form(item: appraising.SheetItem, round: int, data=None) -> AppraisalForm:
    return AppraisalForm(
        item.node, data, initial=_initial(item, round), prefix=f"a{item.criterion_id}"
    )


def _round_for(item: appraising.SheetItem, refusals: dict[int, str]) -> int | None:
    """The round the appraiser may write for this item now (round 2 once it is open for a
    requested item), or None."""
    if not item.assigned:
        return None
    if item.request and not refusals[Round.FINAL]:
        return Round.FINAL
    if not refusals[Round.FIRST]:
        return Round.FIRST
    return None


def _sheet(request, pk: int) -> tuple[appraising.Sheet, set[str]]:
    assessment, fields = access.get_assessment(request.user, pk)
    # The lead reads every field; an appraiser only theirs.
    shown = None if access.is_lead(request.user) and request.GET.get("all") != "0" else fields
    sheet = appraising.load(assessment, shown)
    for item in sheet.items:
        item.assigned = item.field in fields
    return sheet, fields


def _context(request, sheet: appraising.Sheet, fields: set[str], bound: dict | None = None):
    refusals = workflow.refusals(sheet.assessment, sheet.status)
    bound = bound or {}
    for item in sheet.items:
        item.round = _round_for(item, refusals)
        item.form = bound.get(item.criterion_id)
        item.can_request = (
            item.assigned
            and item.first is not None
            and not refusals[Round.FIRST]
            and not sheet.status.answers_sent_at
        )
    return {
        "sheet": sheet,
        "assessment": sheet.assessment,
        "status": sheet.status,
        "fields": fields,
        "refusals": refusals,
        "is_lead": access.is_lead(request.user),
        "request_form": RequestForm(),
    }


def sheet_page(request, pk: int):
    """A unit's items to appraise; `?edit=<criterion id>` opens one item's form (without JS)."""
    sheet, fields = _sheet(request, pk)
    bound = {}
    if request.GET.get("edit", "").isdigit():
        item = _find(sheet, int(request.GET["edit"]))
        round = _round_for(item, workflow.refusals(sheet.assessment, sheet.status))
        if round:
            bound[item.criterion_id] = _form(item, round)
    return render(request, "appraisal/sheet.html", _context(request, sheet, fields, bound))


def _find(sheet: appraising.Sheet, criterion_pk: int) -> appraising.SheetItem:
    try:
        return sheet.item(criterion_pk)
    except StopIteration:
        raise Http404 from None


def _item_response(request, sheet, fields, item, *, form=None, conflict=None, saved=False):
    context = _context(request, sheet, fields, {item.criterion_id: form} if form else {})
    context |= {"item": item, "conflict": conflict, "saved": saved}
    return render(request, "appraisal/_sheet_item.html", context)


def item_edit(request, pk: int, criterion_pk: int):
    """One item with its form (htmx), or back to read-only with `?cancel=1`."""
    sheet, fields = _sheet(request, pk)
    if not request.htmx:
        return redirect(f"{request.path.rsplit('/items/', 1)[0]}/?edit={criterion_pk}")
    item = _find(sheet, criterion_pk)
    refusals = workflow.refusals(sheet.assessment, sheet.status)
    round = _round_for(item, refusals)
    form = _form(item, round) if round and not request.GET.get("cancel") else None
    return _item_response(request, sheet, fields, item, form=form)


@require_POST
def item_save(request, pk: int, criterion_pk: int):
    sheet, fields = _sheet(request, pk)
    item = _find(sheet, criterion_pk)
    if not item.assigned:
        raise Http404
    round = _round_for(item, workflow.refusals(sheet.assessment, sheet.status)) or Round.FIRST
    form = _form(item, round, request.POST)
    conflict = None
    if form.is_valid():
        try:
            appraising.save(
                sheet.assessment,
                criterion_pk,
                round,
                form.cleaned_data,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except workflow.AppraisalError as error:
            form.add_error(None, str(error))
        except EntryError as error:
            form.add_error(None, error.message)
        except Conflict as clash:
            conflict = clash.entry
            form.refuse_stale(conflict)
        else:
            if not request.htmx:
                messages.success(
                    request, _("Đã lưu kết quả thẩm định %(code)s.") % {"code": item.code}
                )
                return redirect(f"{_sheet_url(sheet)}#item-{item.code}")
            sheet, fields = _sheet(request, pk)
            return _item_response(request, sheet, fields, sheet.item(criterion_pk), saved=True)
    if request.htmx:
        return _item_response(request, sheet, fields, item, form=form, conflict=conflict)
    messages.error(
        request, _("Chưa lưu tiêu chí %(code)s: xem lỗi bên dưới.") % {"code": item.code}
    )
    context = _context(request, sheet, fields, {criterion_pk: form}) | {"conflict": conflict}
    return render(request, "appraisal/sheet.html", context)


def _sheet_url(sheet: appraising.Sheet) -> str:
    return reverse("appraisal:sheet", args=[sheet.assessment.pk])


@require_POST
def request_save(request, pk: int, criterion_pk: int):
    sheet, _fields = _sheet(request, pk)
    item = _find(sheet, criterion_pk)
    if not item.assigned:
        raise Http404
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng ghi nội dung yêu cầu giải trình."))
    else:
        try:
            appraising.request_explanation(
                sheet.assessment, criterion_pk, form.cleaned_data["question"], by=request.user
            )
        except workflow.AppraisalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Đã yêu cầu đơn vị giải trình tiêu chí %(code)s.") % {"code": item.code}
            )
    return redirect(f"{_sheet_url(sheet)}#item-{item.code}")


@require_POST
def request_withdraw(request, pk: int, criterion_pk: int):
    sheet, _fields = _sheet(request, pk)
    item = _find(sheet, criterion_pk)
    if not item.assigned:
        raise Http404
    try:
        appraising.withdraw_request(
            sheet.assessment, criterion_pk, by=request.user, reason=request.POST.get("reason", "")
        )
    except workflow.AppraisalError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã rút yêu cầu giải trình tiêu chí %(code)s.") % {"code": item.code}
        )
    return redirect(f"{_sheet_url(sheet)}#item-{item.code}")


def item_history(request, pk: int, criterion_pk: int):
    sheet, _fields = _sheet(request, pk)
    item = _find(sheet, criterion_pk)
    rows = [row for row in (item.first, item.final) if row]
    entries = sorted(
        (entry for row in rows for entry in audit.history_of(row)),
        key=lambda entry: entry.at,
        reverse=True,
    )
    return render(
        request,
        "appraisal/item_history.html",
        {"sheet": sheet, "assessment": sheet.assessment, "item": item, "entries": entries},
    )


def worklist(request):
    """Units × assigned fields of the periods where the user is on the team, with progress."""
    user = request.user
    if not (access.is_appraiser(user) or access.is_lead(user)):
        raise Http404
    periods = AssessmentPeriod.objects.all()
    if not access.is_lead(user):
        periods = periods.filter(team__user=user)
    periods = list(periods.distinct())
    period = _chosen(periods, request.GET.get("period"))
    rows = []
    levels = []
    if period:
        cover = coverage(period)
        assessments = sorted(
            period.assessments.select_related(
                "unit__level", "criteria_set", "period", "appraisal"
            ).exclude(unit_id=user.unit_id),
            key=by_level_and_name,
        )
        levels = sorted({a.unit.level for a in assessments}, key=lambda level: level.order)
        member = TeamMember.objects.filter(period=period, user=user).exists()
        per_unit = progress.by_field(assessments)
        for assessment in assessments:
            mine = {
                field
                for field in cover.by_field
                if member and user.unit_id in cover.agencies_for(field, assessment.unit_id)
            }
            if not mine and not access.is_lead(user):
                continue
            shown = mine or None
            rows.append(
                {
                    "assessment": assessment,
                    "fields": sorted(mine),
                    "progress": progress.overall(per_unit[assessment.pk], shown),
                    "finalized": _finalized(assessment),
                }
            )
        rows = _filter(rows, request.GET)
    return render(
        request,
        "appraisal/worklist.html",
        {
            "periods": periods,
            "period": period,
            "rows": rows,
            "levels": levels,
            "filters": request.GET,
            "is_lead": access.is_lead(user),
        },
    )


def _finalized(assessment: UnitAssessment) -> bool:
    status = workflow.existing_status(assessment)
    return status is not None and status.is_finalized


def _chosen(periods: list[AssessmentPeriod], wanted: str | None) -> AssessmentPeriod | None:
    for period in periods:
        if str(period.pk) == wanted:
            return period
    return periods[0] if periods else None


def _filter(rows: list[dict], params) -> list[dict]:
    level = params.get("level", "")
    state = params.get("state", "")
    query = params.get("q", "").strip()
    if level.isdigit():
        rows = [row for row in rows if row["assessment"].unit.level_id == int(level)]
    if state == "todo":
        rows = [row for row in rows if row["progress"].appraised < row["progress"].total]
    elif state == "pending":
        rows = [row for row in rows if row["progress"].pending]
    elif state == "done":
        rows = [row for row in rows if row["progress"].complete]
    elif state == "finalized":
        rows = [row for row in rows if row["finalized"]]
    if query:
        rows = [row for row in rows if fold(query) in fold(row["assessment"].unit.name)]
    return rows


def progress_page(request, pk: int):
    """The lead's view of a period: per unit and field, the progress; finalize and reopen."""
    period = access.get_period_for_lead(request.user, pk)
    assessments = sorted(
        period.assessments.select_related("unit__level", "criteria_set", "appraisal"),
        key=by_level_and_name,
    )
    per_unit = progress.by_field(assessments)
    field_codes = sorted({field for fields in per_unit.values() for field in fields if field})
    rows = [
        {
            "assessment": assessment,
            "cells": [per_unit[assessment.pk].get(field) for field in field_codes],
            "total": progress.overall(per_unit[assessment.pk]),
            "finalized": _finalized(assessment),
            "appraised_total": getattr(
                workflow.existing_status(assessment), "appraised_total", None
            ),
        }
        for assessment in assessments
    ]
    return render(
        request,
        "appraisal/progress.html",
        {
            "period": period,
            "rows": rows,
            "field_codes": field_codes,
            "gaps": gaps(period),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def finalize(request, pk: int):
    if not access.is_lead(request.user):
        raise Http404
    assessment = get_object_or_404(UnitAssessment.objects.select_related("period", "unit"), pk=pk)
    try:
        workflow.finalize(assessment, by=request.user)
    except workflow.AppraisalError as error:
        messages.error(request, f"{assessment.unit.name}: {error}")
    else:
        messages.success(
            request, _("Đã hoàn tất thẩm định: %(unit)s.") % {"unit": assessment.unit.name}
        )
    return redirect("appraisal:progress", pk=assessment.period_id)


@require_POST
def reopen(request, pk: int):
    if not access.is_lead(request.user):
        raise Http404
    assessment = get_object_or_404(UnitAssessment.objects.select_related("period", "unit"), pk=pk)
    try:
        workflow.reopen(assessment, by=request.user, reason=request.POST.get("reason", ""))
    except workflow.AppraisalError as error:
        messages.error(request, f"{assessment.unit.name}: {error}")
    else:
        messages.success(
            request, _("Đã mở lại kết quả thẩm định: %(unit)s.") % {"unit": assessment.unit.name}
        )
    return redirect("appraisal:progress", pk=assessment.period_id)


urlpatterns = [
    path("", worklist, name="worklist"),
    path("units/<int:pk>/", sheet_page, name="sheet"),
    path("units/<int:pk>/items/<int:criterion_pk>/", item_save, name="item_save"),
    path("units/<int:pk>/items/<int:criterion_pk>/edit/", item_edit, name="item_edit"),
    path("units/<int:pk>/items/<int:criterion_pk>/history/", item_history, name="item_history"),
    path("units/<int:pk>/items/<int:criterion_pk>/request/", request_save, name="request_save"),
    path(
        "units/<int:pk>/items/<int:criterion_pk>/request/withdraw/",
        request_withdraw,
        name="request_withdraw",
    ),
    path("units/<int:pk>/finalize/", finalize, name="finalize"),
    path("units/<int:pk>/reopen/", reopen, name="reopen"),
    path("periods/<int:pk>/progress/", progress_page, name="progress"),
]
