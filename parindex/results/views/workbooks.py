"""The preview workbook of a period, built in the background (preview.py): asking for it, its
progress (the fragment of the preview page that htmx polls) and its download. For the lead and
the admin, as the preview itself; anyone else gets 404."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from parindex.core.http import HtmxHttpRequest

from .. import access, preview
from ..models import PreviewWorkbook
from .exports import XLSX

FRAGMENT = "results/admin_preview.html#workbook"


@require_POST
def request_preview_workbook(request: HtmxHttpRequest, period_pk: int):
    period = access.get_period_to_check(request.user, period_pk)
    asked = preview.request_workbook(period, by=request.user)
    if request.htmx:
        return _progress(request, asked)
    return redirect(
        reverse("results:preview", kwargs={"period_pk": period.pk}) + "#preview-workbook"
    )


@require_safe
def preview_workbook(request: HttpRequest, pk: int):
    return _progress(request, access.get_preview_workbook(request.user, pk))


def _progress(request: HttpRequest, asked: PreviewWorkbook):
    response = render(request, FRAGMENT, {"workbook": asked, "period": asked.period})
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def download_preview_workbook(request: HttpRequest, pk: int):
    asked = access.get_preview_workbook(request.user, pk)
    if not asked.ready:
        raise Http404
    try:
        file = asked.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"Xem trước Chỉ số CCHC {asked.period.year} - chưa công bố.xlsx"
    response = FileResponse(file, as_attachment=True, filename=name, content_type=XLSX)
    patch_cache_control(response, private=True, no_store=True)
    return response
