"""The second factor, asked for on the server before any page of a signed-in session that needs
it (accounts/second_factor.py says who needs what)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from .second_factor import Need, session_need

# What a session waiting for its second factor may still reach.
OPEN_WHILE_WAITING = {
    "second_factor_verify",
    "second_factor_setup",
    "logout",
    "set_language",
    "healthz",
}


class SecondFactorMiddleware(MiddlewareMixin):
    """After the login-required middleware; the back office included (its views do their own
    login check, so they are marked as not needing the site's)."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_WHILE_WAITING:
            return None
        if not request.user.is_authenticated:
            return None
        need = session_need(request)
        if need in (Need.VERIFY, Need.ENROL) and request.headers.get("HX-Request"):
            # A fragment (the to-do badge) would swap the whole form into the page: nothing.
            return HttpResponse(status=204)
        if need == Need.VERIFY:
            return _to("second_factor_verify", request)
        if need == Need.ENROL:
            return _to("second_factor_setup", request)
        return None


def _to(name: str, request: HttpRequest) -> HttpResponseRedirect:
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    return HttpResponseRedirect(reverse(name) + (f"?{query}" if query else ""))
