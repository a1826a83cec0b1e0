"""The request of views that read `request.htmx`: django-htmx's middleware sets it on every
request, and this says so to the type checker (django-htmx leaves the subclass to the project)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
