"""The lead's import of the survey points (điều tra xã hội học) of a period: the page with the
current import and its history, the Excel template, and the upload."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parindex.assessments.models import AssessmentPeriod

from .. import access
from ..forms.survey import SurveyUploadForm
from ..survey import importing
from ..survey.sheet import SurveyImportError
from ..survey.template import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, period: AssessmentPeriod, form: SurveyUploadForm, errors=()):
    history = list(importing.imports(period))
    current = history[0] if history else None
    return render(
        request,
        "appraisal/survey.html",
        {
            "period": period,
            "current": current,
            "scores": importing.scores_of(current) if current else [],
            "history": history,
            "form": form,
            "errors": errors,
        },
    )


def survey_page(request: HttpRequest, pk: int):
    period = access.get_period_for_lead(request.user, pk)
    return _page(request, period, SurveyUploadForm())


def survey_template(request: HttpRequest, pk: int):
    period = access.get_period_for_lead(request.user, pk)
    response = HttpResponse(template_workbook(period), content_type=XLSX)
    name = f"diem-dieu-tra-{period.year}-{period.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def survey_import(request: HttpRequest, pk: int):
    period = access.get_period_for_lead(request.user, pk)
    form = SurveyUploadForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        try:
            done = importing.import_workbook(period, form.cleaned_data["file"], by=request.user)
        except SurveyImportError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                ngettext(
                    "Đã nhập %(n)d dòng điểm điều tra từ tệp “%(file)s”.",
                    "Đã nhập %(n)d dòng điểm điều tra từ tệp “%(file)s”.",
                    done.row_count,
                )
                % {"n": done.row_count, "file": done.file_name},
            )
            return redirect("appraisal:survey", pk=period.pk)
    return _page(request, period, form, errors)
