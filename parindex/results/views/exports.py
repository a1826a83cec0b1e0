"""Downloads of the results. Public, without login, and only ever from a publication: the open
data (CSV, JSON, Excel table), the printable workbook, the PDF report and a unit's scorecard PDF
of a year (its latest version, or the one asked with ?v=), the PDFs as stored once
(stored_documents.py). The preview workbook of a period is built in the background
(views/workbooks.py).

Each download reads a constant number of queries whatever the number of units."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from parindex.core.text import nfc

from .. import exports, stored_documents
from ..models import Publication, PublishedResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
OPEN_DATA = {
    "csv": (exports.open_data_csv, "text/csv; charset=utf-8"),
    "json": (exports.open_data_json, "application/json"),
    "xlsx": (exports.open_data_xlsx, XLSX),
}
VERSION = re.compile(r"[0-9]{1,4}")
# A named version never changes; "the latest" changes when a correction is published.
VERSION_MAX_AGE = 24 * 3600
LATEST_MAX_AGE = 10 * 60
# PDFs open in the browser's own viewer, whose wrapper page needs inline styles; the documents are
# ours and carry no script.
PDF_POLICY = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "style-src": [CSP.UNSAFE_INLINE],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# Characters that file systems refuse in a name, in a unit's name for instance.
UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _publication(request: HttpRequest, year: int) -> Publication:
    """The year's latest publication, or its version ?v=; else 404."""
    publications = Publication.objects.filter(year=year)
    version = request.GET.get("v")
    if version is not None:
        if not VERSION.fullmatch(version):
            raise Http404
        publications = publications.filter(version=int(version))
    publication = publications.order_by("-version").first()
    if publication is None:
        raise Http404
    return publication


def _download(
    request: HttpRequest,
    content: bytes,
    content_type: str,
    file_name: str,
    *,
    attachment: bool = True,
) -> HttpResponse:
    """A published file: any cache may keep it."""
    response = HttpResponse(content, content_type=content_type)
    name = UNSAFE_IN_FILE_NAME.sub("-", nfc(file_name))
    response["Content-Disposition"] = content_disposition_header(attachment, name)
    max_age = VERSION_MAX_AGE if "v" in request.GET else LATEST_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _name(publication: Publication, what: str, extension: str) -> str:
    return f"Chỉ số CCHC {publication.year} - {what} (phiên bản {publication.version}).{extension}"


@login_not_required
@require_safe
def open_data(request: HttpRequest, year: int, kind: str):
    publication = _publication(request, year)
    write, content_type = OPEN_DATA[kind]
    return _download(request, write(publication), content_type, _name(publication, "dữ liệu", kind))


@login_not_required
@require_safe
def results_workbook(request: HttpRequest, year: int):
    publication = _publication(request, year)
    content = exports.results_workbook(publication)
    return _download(request, content, XLSX, _name(publication, "kết quả", "xlsx"))


@login_not_required
@csp_override(PDF_POLICY)
@require_safe
def results_pdf(request: HttpRequest, year: int):
    publication = _publication(request, year)
    content = stored_documents.report_pdf(publication)
    name = _name(publication, "báo cáo", "pdf")
    return _download(request, content, PDF, name, attachment=False)


@login_not_required
@csp_override(PDF_POLICY)
@require_safe
def unit_pdf(request: HttpRequest, year: int, unit_pk: int):
    publication = _publication(request, year)
    result = get_object_or_404(
        PublishedResult.objects.select_related("publication", "unit", "level"),
        publication=publication,
        unit_id=unit_pk,
    )
    name = f"Phiếu kết quả Chỉ số CCHC {year} - {result.unit_name}.pdf"
    content = stored_documents.scorecard_pdf(result)
    return _download(request, content, PDF, name, attachment=False)
