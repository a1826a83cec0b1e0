"""Public pages (no login): the published years, a year's ranking, a unit's result.

They read only the snapshots. The content of a page is a template fragment cached in each
process under the publication it shows (a publication never changes once written). For a
visitor the whole page is cached as well (`for_visitors`): with the content alone from the
cache, the list of publications and the layout still took ten times a trivial view's time
(2 ms against 0.2 ms), and the target is a public page at 70 % of a trivial view's throughput.
"""

import functools

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from parindex.core import page_cache
from parindex.core.http import whole_number
from parindex.core.text import fold

from .. import public
from ..models import Publication

# How long a process trusts its list of publications for visitors' pages: reading it cost as
# much as the rest of a cached page. Signed-in users (the admin who publishes) see a new
# publication at once, visitors up to this much later.
STAMP_SECONDS = 10


def for_visitors(view):
    """Serve a visitor (no login) the page from the process's cache (`core.page_cache`) when it
    holds one for the same publications (and address, language, day). `view` returns a
    TemplateResponse."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # A search (anything typed) is not among the parameters: it is never cached.
        return page_cache.serve(
            request,
            ["public", _stamp()],
            lambda: view(request, *args, **kwargs),
            parameters={"v"},
        )

    return wrapper


def _stamp() -> str:
    """Names every publication, as this process last read them, and whether its report is
    signed yet (the worker signs it after publishing, and the page says so)."""
    return caches["fragments"].get_or_set(
        "public-publications",
        lambda: ",".join(
            f"{pk}{'s' if signed else ''}"
            for pk, signed in Publication.objects.values_list("pk", "report_signed_at")
        ),
        STAMP_SECONDS,
    )


def _chosen(archive: public.Archive, request: HttpRequest, year: int) -> Publication:
    """The year's current version, or `?v=N`; 404 when the year or version was not published."""
    text = request.GET.get("v")
    version = whole_number(text)
    if text is not None and version is None:
        raise Http404
    publication = archive.find(year, version)
    if publication is None:
        raise Http404
    return publication


def _context(archive: public.Archive, publication: Publication) -> dict:
    """What the banner needs: the publication, its year's versions, whether it is the current."""
    versions = archive.versions(publication.year)
    return {
        "archive": archive,
        "publication": publication,
        "versions": versions,
        "is_current": publication == versions[0],
    }


@login_not_required
@require_safe
@for_visitors
def index(request: HttpRequest):
    years = public.archive().latest()
    return TemplateResponse(request, "results/public_index.html", {"years": years})


@login_not_required
@require_safe
@for_visitors
def ranking(request: HttpRequest, year: int):
    archive = public.archive()
    publication = _chosen(archive, request, year)
    query = request.GET.get("q", "").strip()[: public.QUERY_LENGTH]
    # Loaded only when the cached fragment is missing.
    lazy = SimpleLazyObject(lambda: public.ranking(publication, query))
    context = _context(archive, publication)
    context |= {"query": query, "search_key": fold(query), "ranking": lazy}
    return TemplateResponse(request, "results/public_ranking.html", context)


@login_not_required
@require_safe
@for_visitors
def unit(request: HttpRequest, year: int, unit_pk: int):
    archive = public.archive(unit_pk=unit_pk)
    publication = _chosen(archive, request, year)
    if publication.unit_name is None:
        raise Http404
    lazy = SimpleLazyObject(lambda: public.unit_page(publication, unit_pk, archive))
    context = _context(archive, publication) | {"unit_pk": unit_pk, "page": lazy}
    return TemplateResponse(request, "results/public_unit.html", context)
