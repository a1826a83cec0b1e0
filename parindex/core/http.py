"""Reading requests: the request type of views that read `request.htmx`, whole numbers from query
parameters, and ids in addresses that no database column can hold."""

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


class IdRangeMiddleware:
    """An address naming an id beyond 64 bits is a page that does not exist (404), whatever the
    view: the database would otherwise refuse the number with an error (500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(value, int) and value > MAX_ID for value in view_kwargs.values()):
            raise Http404
        return None
