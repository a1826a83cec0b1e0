"""The second factor (django-otp): a TOTP app, with single-use recovery codes (its static device)
for a lost phone.

Required for the roles of SECOND_FACTOR_ROLES (admin, appraisal lead, appraiser), who may still
sign in with the password alone until SECOND_FACTOR_GRACE_DAYS after they joined (or after the
requirement began, SECOND_FACTOR_SINCE, for older accounts); optional for everyone else. Whoever
has a device is asked for a code at every sign-in.

What a session needs is worked out once at sign-in and kept in it (`Need`), so that checking
it on every request costs no query."""

import enum
from base64 import b32encode
from dataclasses import dataclass
from datetime import date, timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.core import audit
from parindex.core.dates import day_text

from .models import User

SESSION_KEY = "second_factor"
RECOVERY_CODES = 10
TOTP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã khôi phục"


class Need(enum.StrEnum):
    VERIFY = "verify"  # has a device: a code before anything else
    ENROL = "enrol"  # required, grace over: enrol before anything else
    REMIND = "remind"  # required, still in the grace period
    NONE = "none"


def is_required(user: User) -> bool:
    return user.role in settings.SECOND_FACTOR_ROLES


def enrol_by(user: User) -> date:
    """The last day a user who needs a second factor may sign in without one."""
    joined = timezone.localdate(user.date_joined)
    return max(joined, settings.SECOND_FACTOR_SINCE) + timedelta(
        days=settings.SECOND_FACTOR_GRACE_DAYS
    )


def has_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def need_of(user: User, today: date | None = None) -> Need:
    if has_device(user):
        return Need.VERIFY
    if not is_required(user):
        return Need.NONE
    return Need.ENROL if (today or timezone.localdate()) > enrol_by(user) else Need.REMIND


def remember_need(request: HttpRequest, user: User) -> Need:
    need = need_of(user)
    request.session[SESSION_KEY] = need.value
    return need


def session_need(request: HttpRequest) -> Need:
    """What the signed-in session still needs; a session from before the requirement is
    worked out once."""
    if request.user.is_verified():
        return Need.NONE
    stored = request.session.get(SESSION_KEY)
    return (
        Need(stored)
        if stored in Need.__members__.values()
        else remember_need(request, request.user)
    )


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    qr_svg: str  # inline, drawn here: the secret never leaves for an outside service
    secret: str  # base32, for typing into an app that cannot scan


def start_enrolment(user: User) -> Enrolment:
    """A new, unconfirmed TOTP device (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return enrolment_of(device)


def enrolment_of(device: TOTPDevice) -> Enrolment:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return Enrolment(device, svg, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)))


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """The first code from the app confirms the device and signs this session in with it;
    returns the new recovery codes (shown once), or None when the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    codes = new_recovery_codes(device.user)
    otp_login(request, device)
    request.session[SESSION_KEY] = Need.NONE.value
    audit.record(
        "account.second_factor_on", device.user, by=device.user, old={}, new={"device": TOTP_NAME}
    )
    return codes


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(request: HttpRequest, token: str) -> bool:
    """A code from the app, or a recovery code (used up), for this session's user; throttled
    per device by django-otp after each failure."""
    token = token.strip().replace(" ", "").lower()
    from_app = len(token) == 6 and token.isdigit()  # recovery codes are 8 letters and digits
    # django-otp locks the devices it verifies (select_for_update): all in one transaction.
    with transaction.atomic():
        for device in devices_for_user(request.user, confirmed=True, for_verify=True):
            if isinstance(device, TOTPDevice) != from_app or not device.verify_token(token):
                continue
            otp_login(request, device)
            request.session[SESSION_KEY] = Need.NONE.value
            if isinstance(device, StaticDevice):
                audit.record(
                    "account.recovery_code_used", request.user, by=request.user, old={}, new={}
                )
            return True
    return False


def recovery_codes_left(user: User) -> int:
    return sum(device.token_set.count() for device in StaticDevice.objects.filter(user=user))


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    codes = new_recovery_codes(user)
    audit.record("account.recovery_codes", user, by=user, old={}, new={})
    return codes


@receiver(user_logged_in)
def note_the_need(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    """At sign-in: what this session needs, and a reminder while the grace period runs."""
    if request is None or not hasattr(request, "session"):
        return
    if remember_need(request, user) == Need.REMIND:
        messages.warning(
            request,
            _(
                "Tài khoản của bạn cần xác thực hai lớp: vui lòng bật trước hết ngày %(day)s "
                "(menu tài khoản → Xác thực hai lớp)."
            )
            % {"day": day_text(enrol_by(user))},
            fail_silently=True,
        )
