"""Pages of the second factor: enrolment (QR code, first code, recovery codes shown once), the
code asked at sign-in, new recovery codes."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import second_factor
from .forms import CodeForm


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else "/"


def setup(request: HttpRequest):
    """Turn the second factor on, or on again with a new phone (once signed in with it)."""
    user = request.user
    if second_factor.has_device(user) and not user.is_verified():
        return redirect("second_factor_verify")
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return render(request, "accounts/second_factor_codes.html", {"codes": codes})
        form.add_error("code", _("Mã không đúng hoặc đã hết hạn; vui lòng nhập mã mới nhất."))
    enrolment = (
        second_factor.enrolment_of(device)
        if device is not None and request.method == "POST"
        else second_factor.start_enrolment(user)
    )
    context = {
        "enrolment": enrolment,
        "form": form,
        "next": _next(request),
        "enabled": second_factor.has_device(user),
        "required": second_factor.is_required(user),
        "enrol_by": second_factor.enrol_by(user),
        "codes_left": second_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def verify(request: HttpRequest):
    """The code from the app, or a recovery code, after the password."""
    if not second_factor.has_device(request.user) or request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("Mã không đúng, đã dùng hoặc đã hết hạn."))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}
    )


@require_POST
def recovery_codes(request: HttpRequest):
    if not (second_factor.has_device(request.user) and request.user.is_verified()):
        return redirect("second_factor_setup")
    codes = second_factor.regenerate_recovery_codes(request.user)
    return render(request, "accounts/second_factor_codes.html", {"codes": codes})
