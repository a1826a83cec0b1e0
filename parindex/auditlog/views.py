"""The admin's audit log: the trail filtered, a page at a time, and as a workbook."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parindex.accounts.access import admin_required
from parindex.assessments.deadlines import today
from parindex.core.models import AuditEntry
from parindex.core.numbers import format_exact

from . import exporting, trail
from .forms import AuditFilterForm
from .objects import attach_links

PAGE_SIZE = 50
# A workbook of more rows takes the server too long to write and no one reads it: narrow it down.
EXPORT_LIMIT = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry] | None]:
    form = AuditFilterForm(request.GET)
    entries = trail.search(**form.cleaned_data) if form.is_valid() else None
    return form, entries


@admin_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = None
    if entries is not None:
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        attach_links(page.object_list)
    return render(
        request,
        "auditlog/audit_log.html",
        {"form": form, "page": page, "entries": page.object_list if page else []},
        status=200 if form.is_valid() else 400,
    )


@admin_required
@require_safe
def audit_log_xlsx(request: HttpRequest) -> HttpResponse:
    entries = _filtered(request)[1]
    if entries is None:
        return audit_log(request)
    if entries.count() > EXPORT_LIMIT:
        messages.error(
            request,
            _("Có hơn %(n)s mục; hãy lọc bớt (theo ngày, đơn vị…) rồi xuất lại.")
            % {"n": format_exact(EXPORT_LIMIT)},
        )
        return redirect(f"{reverse('auditlog:list')}?{request.GET.urlencode()}")
    response = HttpResponse(
        exporting.workbook(entries.iterator(chunk_size=2000)), content_type=XLSX
    )
    name = f"nhat-ky-thay-doi-{today():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
