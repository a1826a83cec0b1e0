"""The province's pages of templates and periods (administrators only; 403 for anyone else)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.accounts.access import admin_required
from parindex.accounts.models import User
from parindex.catalog.models import Unit

from .. import access, periods
from ..forms import CloneForm, PeriodForm, TemplateImportForm
from ..models import ReportingPeriod, ReportTemplate
from ..spec import Kind, TemplateError
from ..template_format import read_template, write_template
from ..template_store import clone_template, save_template


@admin_required
def template_list(request: HttpRequest):
    form = TemplateImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        try:
            spec = read_template(form.cleaned_data["file"].read())
            template = save_template(spec, by=request.user)
        except TemplateError as error:
            problems = error.problems
        else:
            messages.success(
                request, _("Đã nhập mẫu báo cáo “%(title)s”.") % {"title": template.title}
            )
            return redirect(template)
    templates = ReportTemplate.objects.prefetch_related("levels")
    return render(
        request,
        "reports/template_list.html",
        {"templates": templates, "form": form, "problems": problems},
    )


@admin_required
def template_detail(request: HttpRequest, pk: int):
    template = access.get_template(request.user, pk)
    form = CloneForm(request.POST or None, initial={"year": template.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            clone = clone_template(template, year=form.cleaned_data["year"], by=request.user)
        except TemplateError as error:
            form.add_error("year", [str(p) for p in error.problems])
        else:
            messages.success(
                request, _("Đã sao chép mẫu báo cáo sang năm %(year)d.") % {"year": clone.year}
            )
            return redirect(clone)
    return render(request, "reports/template_detail.html", {"template": template, "form": form})


@admin_required
def template_export(request: HttpRequest, pk: int):
    template = access.get_template(request.user, pk)
    response = HttpResponse(
        write_template(template.spec), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{template.code}-{template.year}.yaml"'
    return response


@admin_required
def period_list(request: HttpRequest):
    rows = ReportingPeriod.objects.select_related("template")
    return render(request, "reports/period_list.html", {"periods": rows})


@admin_required
def period_create(request: HttpRequest):
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = data["template"]
        units = data["units"] or Unit.objects.filter(level__in=template.levels.all()).active_in(
            data["year"]
        )
        window = (data["window_starts"], data["window_ends"]) if data["window_starts"] else None
        try:
            period = periods.create_period(
                template,
                kind=Kind(data["kind"]),
                year=data["year"],
                units=units,
                by=request.user,
                title=data["title"],
                window=window,
                deadline=data["deadline"],
            )
        except periods.PeriodError as error:
            form.add_error(None, str(error))
        else:
            return redirect(period)
    return render(request, "reports/period_form.html", {"form": form})


@require_POST
@admin_required
def period_open(request: HttpRequest, pk: int):
    period = access.get_period(request.user, pk)
    user: User = request.user  # type: ignore[assignment]
    try:
        count = periods.open_period(period, by=user)
    except periods.PeriodError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã mở kỳ báo cáo cho %(n)d đơn vị.") % {"n": count})
    return redirect(period)


@require_POST
@admin_required
def period_remind(request: HttpRequest, pk: int):
    """One click: every unit whose report is not in is reminded."""
    period = access.get_period(request.user, pk)
    user: User = request.user  # type: ignore[assignment]
    count = periods.remind_missing(period, by=user)
    messages.success(request, _("Đã nhắc %(n)d đơn vị chưa nộp báo cáo.") % {"n": count})
    return redirect(period)
