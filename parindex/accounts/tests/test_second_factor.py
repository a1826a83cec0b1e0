"""The second factor: required for admin, appraisal lead and appraiser after a grace period,
optional for the others; asked at every sign-in of whoever has one, the back office included;
recovery codes that work once."""

from base64 import b32decode
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.accounts import second_factor
from parindex.accounts.models import Role, User
from parindex.core.models import AuditEntry
from parindex.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace_over(settings):
    """The requirement began long ago: accounts created a month ago are past their grace."""
    settings.SECOND_FACTOR_SINCE = date(2020, 1, 1)
    User.objects.update(date_joined=timezone.now() - timedelta(days=30))


def _log_in(client, username, follow=False):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, follow=follow
    )


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _unthrottle(device: TOTPDevice) -> None:
    """django-otp makes the next try wait after a wrong code; not what these tests are about."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def test_a_required_role_signs_in_with_the_password_alone_during_the_grace_period(
    client, admin_user
):
    page = _log_in(client, "quantri", follow=True).text
    day = second_factor.enrol_by(admin_user).strftime("%d/%m/%Y")
    assert f"vui lòng bật trước hết ngày {day}" in page
    assert client.get(reverse("accounts")).status_code == 200


def test_past_the_grace_period_a_required_role_must_enrol_first(client, admin_user, grace_over):
    _log_in(client, "quantri")
    response = client.get(reverse("accounts"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('second_factor_setup')}?next=%2Faccounts%2F"
    page = client.get(response["Location"]).text
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>")[0]
    device = second_factor.pending_device(admin_user)
    secret = page.split('id="totp-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    wrong = client.post(reverse("second_factor_setup"), {"code": "000000"})
    assert "Mã không đúng hoặc đã hết hạn" in wrong.text
    _unthrottle(device)
    done = client.post(reverse("second_factor_setup"), {"code": _code(device)})
    codes = done.text.split('id="recovery-codes">', 1)[1].split("</ul>", 1)[0]
    assert codes.count("<li>") == 10
    assert client.get(reverse("accounts")).status_code == 200
    assert AuditEntry.objects.filter(action="account.second_factor_on").count() == 1


@pytest.mark.parametrize("role", [Role.APPRAISER, Role.APPRAISAL_LEAD])
def test_the_team_must_enrol_too(client, home_affairs, role, settings):
    make_user("thamdinh", role, home_affairs)
    settings.SECOND_FACTOR_SINCE = date(2020, 1, 1)
    User.objects.update(date_joined=timezone.now() - timedelta(days=30))
    _log_in(client, "thamdinh")
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_setup"))


def test_the_second_factor_is_optional_for_units(client, officer, grace_over):
    _log_in(client, "stp.canbo")
    assert client.get(reverse("password_change")).status_code == 200


def test_whoever_has_a_device_is_asked_for_a_code_at_every_sign_in(client, officer):
    device = _device(officer)
    _log_in(client, "stp.canbo")
    url = reverse("password_change")
    asked = client.get(url)
    assert asked["Location"] == f"{reverse('second_factor_verify')}?next=%2Fpassword%2Fchange%2F"
    wrong = client.post(reverse("second_factor_verify"), {"code": "123456", "next": url})
    assert "Mã không đúng, đã dùng hoặc đã hết hạn." in wrong.text
    _unthrottle(device)
    right = client.post(reverse("second_factor_verify"), {"code": _code(device), "next": url})
    assert right["Location"] == url
    assert client.get(url).status_code == 200


def test_the_backoffice_asks_for_the_code_too(client):
    user = make_user("sieu.quantri", Role.ADMIN, is_staff=True, is_superuser=True)
    _device(user)
    _log_in(client, "sieu.quantri")
    response = client.get("/backoffice/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))


# Committed transactions, as in production: django-otp locks the device it verifies, which
# PostgreSQL allows only inside a transaction of the view's own.
@pytest.mark.django_db(transaction=True)
def test_a_recovery_code_signs_in_once(client, admin_user, grace_over):
    _device(admin_user)
    codes = second_factor.new_recovery_codes(admin_user)
    _log_in(client, "quantri")
    response = client.post(reverse("second_factor_verify"), {"code": codes[0], "next": "/"})
    assert response["Location"] == "/"
    assert client.get(reverse("accounts")).status_code == 200
    assert AuditEntry.objects.filter(action="account.recovery_code_used").count() == 1
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9

    again = Client()
    _log_in(again, "quantri")
    refused = again.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert "Mã không đúng, đã dùng hoặc đã hết hạn." in refused.text
    assert again.get(reverse("accounts")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, admin_user):
    device = _device(admin_user)
    old = second_factor.new_recovery_codes(admin_user)
    _log_in(client, "quantri")
    client.post(reverse("second_factor_verify"), {"code": _code(device)})
    page = client.post(reverse("second_factor_recovery_codes")).text
    new = page.split('id="recovery-codes">', 1)[1].split("</ul>", 1)[0]
    assert new.count("<li>") == 10 and old[0] not in new
    assert StaticDevice.objects.get(user=admin_user).token_set.count() == 10
