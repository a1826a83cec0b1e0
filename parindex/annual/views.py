"""The annual analysis of a publication (admin), its annual report built in the background
(asking, progress polled by htmx, downloads), and a unit's weakest sub-criteria with their
Excel export (the admin, or the unit's members)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parindex.core.http import HtmxHttpRequest
from parindex.core.text import nfc
from parindex.plans.planning import PlanError
from parindex.results.models import Publication
from parindex.results.reports import published_report

from . import access, building, loading, remediation
from .models import AnnualReport

PAGE = "annual/analysis.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"docx": DOCX, "pdf": "application/pdf"}


@require_safe
def analysis(request: HttpRequest, pk: int):
    publication = access.get_publication_to_analyse(request.user, pk)
    context = {
        "publication": publication,
        "analysis": loading.load(publication, by_agency=True),
        "explanations": loading.explanation_counts(publication),
        "report": building.latest(publication),
    }
    response = render(request, PAGE, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def request_report(request: HtmxHttpRequest, pk: int):
    publication = access.get_publication_to_analyse(request.user, pk)
    asked = building.request_report(publication, by=request.user)
    if request.htmx:
        return _progress(request, asked)
    return redirect(reverse("annual:analysis", kwargs={"pk": publication.pk}) + "#annual-report")


@require_safe
def report_progress(request: HttpRequest, pk: int):
    return _progress(request, access.get_report(request.user, pk))


def _progress(request: HttpRequest, asked: AnnualReport):
    context = {"report": asked, "publication": asked.publication}
    response = render(request, f"{PAGE}#report", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def download_report(request: HttpRequest, pk: int, kind: str):
    asked = access.get_report(request.user, pk)
    stored = getattr(asked, kind)
    if not asked.ready or not stored:
        raise Http404
    try:
        file = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"Báo cáo Chỉ số CCHC năm {asked.publication.year}.{kind}"
    response = FileResponse(file, as_attachment=True, filename=name, content_type=KINDS[kind])
    patch_cache_control(response, private=True, no_store=True)
    return response


def _weakest(request: HttpRequest, pk: int, code: str):
    result = access.get_result_to_remedy(request.user, pk, code)
    report = published_report(result.publication)
    level = next(level for level in report.levels if any(r.unit_code == code for r in level.rows))
    row = next(r for r in level.rows if r.unit_code == code)
    return result, level, remediation.weakest(row, level)


@require_safe
def remedies(request: HttpRequest, pk: int, code: str):
    result, level, weaknesses = _weakest(request, pk, code)
    context = {"result": result, "level": level, "weaknesses": weaknesses}
    response = render(request, "annual/remedies.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def remedies_to_plan(request: HttpRequest, pk: int, code: str):
    """The chosen weaknesses (all when none is ticked) as tasks of the unit's plan for next year."""
    result, _level, weaknesses = _weakest(request, pk, code)
    chosen = set(request.POST.getlist("code"))
    picked = [weakness for weakness in weaknesses if not chosen or weakness.code in chosen]
    try:
        plan = remediation.plan_remedies(result, picked, by=request.user)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("annual:remedies", pk=pk, code=code)
    messages.success(
        request,
        _("Đã đưa %(count)d tiêu chí cần khắc phục vào %(plan)s (bản dự thảo).")
        % {"count": len(picked), "plan": plan.title},
    )
    return redirect("plans:plan", pk=plan.pk)


@require_safe
def remedies_xlsx(request: HttpRequest, pk: int, code: str):
    result, _, weaknesses = _weakest(request, pk, code)
    content = remediation.workbook(result.unit_name, result.publication.year, weaknesses)
    response = HttpResponse(content, content_type=XLSX)
    name = nfc(f"Khắc phục {result.unit_name} {result.publication.year}.xlsx")
    response["Content-Disposition"] = content_disposition_header(True, name)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_not_required
@require_safe
def public_analysis(request: HttpRequest, year: int):
    """The year's analysis for everyone, from its current version: level figures, classes,
    areas against last year and where points were lost (all read from public snapshots; no
    unit's weakest list, which is the unit's to act on)."""
    publication = (
        Publication.objects.filter(year=year, historical=False).order_by("-version").first()
    )
    if publication is None:
        raise Http404
    context = {"publication": publication, "analysis": loading.load(publication)}
    return render(request, "annual/public_analysis.html", context)
