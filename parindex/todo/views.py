"""The signed-in home page: what waits for the person, then the way to every part they use; and
the menu's count of what waits, asked for by the page after it is shown."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from parindex.core.tolerant_cache import TolerantCache

from . import items

# The count is read from the round as it stands: a minute old at most, so that moving from page
# to page does not read the round again each time.
BADGE_SECONDS = 60


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Staff's start page; a visitor arriving at the site's address is shown the results."""
    if not request.user.is_authenticated:
        return redirect("results:index")
    return render(request, "todo/home.html", {"sections": items.sections(request.user)})


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The number of things waiting for the user, for the menu (htmx, after the page loads)."""
    key = f"todo-badge:{request.user.pk}"
    cache = TolerantCache(caches["default"])
    count = cache.get(key)
    if count is None:
        count = items.waiting_count(request.user)
        cache.set(key, count, BADGE_SECONDS)
    response = render(request, "todo/home.html#badge", {"count": count})
    response["Cache-Control"] = "private, no-cache"
    return response
