"""Reading requests: the request type of views that read `request.htmx`, whole numbers from query
parameters, and ids in addresses that no database column can hold."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

# The largest value of a 64-bit id (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


class HtmxHttpRequest(HttpRequest):
    """django-htmx's middleware sets `htmx` on every request; this says so to the type checker
    (django-htmx leaves the subclass to the project)."""

    htmx: HtmxDetails


def whole_number(text: str | None) -> int | None:
    """`text` as a whole number ≥ 0 that an id or a year column can hold, else None.
    `str.isdigit()` alone accepts "²" and other digits `int()` refuses, and Python's ints
    outgrow every column."""
    if not text or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class OddInputMiddleware:
    """Input no page of ours can take, answered before any view sees it: an id in the address
    beyond 64 bits is a page that does not exist (404), a NUL character in a query or a form is a
    bad request (400). The database would otherwise refuse either with an error (500):
    PostgreSQL stores no NUL in text. Uploads (multipart) are left to their forms, which refuse a
    NUL in a field; reading them here would fix their upload handlers before the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(value, int) and value > MAX_ID for value in view_kwargs.values()):
            raise Http404
        data = [request.GET]
        if request.content_type == "application/x-www-form-urlencoded":
            data.append(request.POST)
        if any(_has_nul(values) for values in data):
            raise BadRequest("NUL character in the request's data")
        return None


def _has_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )
