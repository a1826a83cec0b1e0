"""Assessment periods for the admin: list, create, edit, the progress of every unit, reopening."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parindex.accounts.access import admin_required
from parindex.catalog.models import CriteriaSet
from parindex.core.dates import day_text
from parindex.core.http import whole_number

from .. import deadlines, periods, workflow
from ..forms.periods import PeriodForm, ReopenForm, StartAppraisalForm, UnitFilterForm
from ..models import AssessmentPeriod, UnitAssessment


def _sets():
    return Prefetch(
        "criteria_sets",
        queryset=CriteriaSet.objects.select_related("level").order_by("level__order"),
    )


def _get_period(pk: int) -> AssessmentPeriod:
    return get_object_or_404(AssessmentPeriod.objects.prefetch_related(_sets()), pk=pk)


@admin_required
def period_list(request: HttpRequest):
    submitted = Q(assessments__state=UnitAssessment.State.SUBMITTED)
    # Aggregation drops the model's default ordering: ordered again, newest year first.
    rows = (
        AssessmentPeriod.objects.prefetch_related(_sets())
        .annotate(
            unit_count=Count("assessments"),
            submitted_count=Count("assessments", filter=submitted),
        )
        .order_by("-year", "-id")
    )
    return render(request, "assessments/period_list.html", {"periods": rows})


def _year(request: HttpRequest) -> int:
    """The year asked for (?year=), else the latest year that has a criteria set."""
    year = whole_number(request.GET.get("year"))
    if year is not None and 2000 <= year <= 2100:
        return year
    latest = CriteriaSet.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or deadlines.today().year


@admin_required
def period_create(request: HttpRequest):
    year = _year(request)
    form = PeriodForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            period = periods.create_period(year=year, by=request.user, **form.values())
        except periods.PeriodError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                ngettext(
                    "Đã tạo kỳ đánh giá “%(title)s” với %(n)d đơn vị.",
                    "Đã tạo kỳ đánh giá “%(title)s” với %(n)d đơn vị.",
                    len(form.values()["units"]),
                )
                % {"title": period.title, "n": len(form.values()["units"])},
            )
            return redirect(period)
    existing = AssessmentPeriod.objects.filter(year=year).first()
    return render(
        request,
        "assessments/period_form.html",
        {"form": form, "year": year, "existing": existing},
    )


@admin_required
def period_edit(request: HttpRequest, pk: int):
    period = _get_period(pk)
    form = PeriodForm(request.POST or None, year=period.year, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            periods.update_period(period, by=request.user, **form.values())
        except periods.PeriodError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu kỳ đánh giá."))
            return redirect(period)
    return render(
        request,
        "assessments/period_form.html",
        {"form": form, "year": period.year, "period": period},
    )


def _page(request: HttpRequest, period: AssessmentPeriod, start_form=None):
    levels = [s.level for s in period.criteria_sets.all()]
    filters = UnitFilterForm(request.GET, levels=levels)
    can_start = not periods.start_appraisal_refusal(period)
    return render(
        request,
        "assessments/period_detail.html",
        {
            "period": period,
            "phases": periods.phases(period),
            "filters": filters,
            "rows": periods.unit_rows(period, **filters.filters()),
            "reopen_until": _default_until(),
            "history": periods.history(period),
            "can_start_appraisal": can_start,
            "not_submitted": (
                period.assessments.filter(state=UnitAssessment.State.DRAFT).count()
                if can_start
                else 0
            ),
            "start_form": start_form or StartAppraisalForm(),
            "yesterday": deadlines.today() - timedelta(days=1),
        },
    )


@admin_required
def period_detail(request: HttpRequest, pk: int):
    return _page(request, _get_period(pk))


@require_POST
@admin_required
def period_start_appraisal(request: HttpRequest, pk: int):
    """Kết thúc tự đánh giá – bắt đầu thẩm định, with a reason; refused, the period page shows
    the form again with why."""
    period = _get_period(pk)
    form = StartAppraisalForm(request.POST)
    if form.is_valid():
        try:
            periods.start_appraisal(period, by=request.user, reason=form.cleaned_data["reason"])
        except periods.PeriodError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã kết thúc tự đánh giá (hạn mới: %(day)s); Tổ thẩm định bắt đầu thẩm định.")
                % {"day": day_text(deadlines.today() - timedelta(days=1))},
            )
            return redirect(period)
    return _page(request, period, form)


def _default_until():
    return deadlines.today() + timedelta(days=7)


@admin_required
def period_reopen(request: HttpRequest, pk: int, assessment_pk: int):
    """Let one unit change its self-assessment again until a new date (reason required).
    The period page posts here; this page shows the form again when it is refused."""
    period = get_object_or_404(AssessmentPeriod, pk=pk)
    assessment = get_object_or_404(
        period.assessments.select_related("unit__level", "period"), pk=assessment_pk
    )
    form = ReopenForm(request.POST or None, initial={"until": _default_until()})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.reopen_self_assessment(
                assessment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã mở lại tự đánh giá cho %(unit)s đến hết ngày %(day)s.")
                % {
                    "unit": assessment.unit.name,
                    "day": day_text(form.cleaned_data["until"]),
                },
            )
            return redirect(period)
    return render(
        request,
        "assessments/period_reopen.html",
        {
            "period": period,
            "assessment": assessment,
            "form": form,
            "deadline": workflow.self_assessment_deadline(assessment),
            "refusal": workflow.reopen_refusal(assessment),
        },
    )
