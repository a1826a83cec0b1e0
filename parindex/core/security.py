"""What every response and every signed-in session gets, whatever the view: no browser feature the
application does not use, nothing of a signed-in page kept in a cache, and a session that ends
after SESSION_IDLE_TIMEOUT seconds without a request or SESSION_MAX_LIFETIME seconds after
signing in."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last request is written to the session at most this often, not on every request.
SEEN_RESOLUTION = 60


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # A published file is the same for everyone and may stay cacheable; anything else a
        # signed-in user sees (pages, fragments, evidence) must not outlive the session in a
        # browser's or a proxy's cache.
        cache_control = response.get("Cache-Control", "")
        if "public" in cache_control or "no-store" in cache_control:
            return response
        user = getattr(request, "user", None)  # not there on a response made before sign-in
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


@receiver(user_logged_in)
def start_the_clock(sender, request: HttpRequest | None, **kwargs) -> None:
    # Written with the login's own session save, so the first pages write nothing more.
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def sessionless(view):
    """A view that never reads the session (the health check, called often by a monitor)."""
    view.sessionless = True
    return view


class SessionLimitsMiddleware(MiddlewareMixin):
    """Ends a signed-in session left idle, or too old, before the view runs (the login-required
    middleware, after this one, then sends the user to the login page, where a message says
    why; a public page shows as to any visitor)."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if not getattr(view_func, "sessionless", False) and request.user.is_authenticated:
            self._check(request)

    def _check(self, request: HttpRequest) -> None:
        session, now = request.session, int(time.time())
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen_at = session.get(LAST_SEEN_AT, now)
        if now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
            ended = _("Phiên làm việc đã kết thúc sau một thời gian không sử dụng.")
        elif now - signed_in_at > settings.SESSION_MAX_LIFETIME:
            ended = _("Phiên làm việc đã quá thời hạn tối đa.")
        else:
            if now - session.get(LAST_SEEN_AT, 0) >= SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
            return
        logout(request)
        messages.info(request, ended + " " + _("Vui lòng đăng nhập lại."))
