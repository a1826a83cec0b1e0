"""Views that belong to no feature: the health check, the browser's /favicon.ico, and the
answer to an error no view caught."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .security import sessionless


@sessionless
@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest):
    """`GET /healthz`: "ok" when the application process answers. No login, no database query,
    so a monitor or load balancer can call it often; it does not say that the database is up."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def favicon(request: HttpRequest):
    """Browsers ask for /favicon.ico whatever the page names: the same icon, not a 404."""
    return redirect(static("img/favicon.svg"), permanent=True)


def server_error(request: HttpRequest):
    """`handler500`. The database out of reach for a moment (its connection lost, PostgreSQL
    restarting, SQLite busy past its timeout) is no bug: the transaction was rolled back, so
    nothing was half saved, and the user is asked to try again (503) instead of the error page.
    An htmx request gets the message at the top of the page (htmx swaps no 5xx), leaving the
    form as typed. Anything else is the plain 500 page. Reads nothing from the database."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return HttpResponse(render_to_string("500.html"), status=500)
    message = _(
        "Mất kết nối tạm thời tới cơ sở dữ liệu nên thao tác vừa rồi chưa được lưu (không có "
        "gì bị lưu dở). Vui lòng thử lại sau ít giây."
    )
    if request.headers.get("HX-Request"):
        alert = format_html('<div class="alert alert-danger" role="alert">{}</div>', message)
        return HttpResponse(alert, headers={"HX-Retarget": "#main", "HX-Reswap": "afterbegin"})
    page = render_to_string("503.html", {"message": message})
    return HttpResponse(page, status=503, headers={"Retry-After": "5"})
