"""Views that belong to no feature: the health check, the browser's /favicon.ico."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
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
