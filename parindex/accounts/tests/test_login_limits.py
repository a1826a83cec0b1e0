"""Login limits (django-axes) as deployed behind the documented nginx: a user name and an address
are each locked on their own, the address is the client's (from the proxy's header), the
/backoffice/ login counts too, and a set-password link lets a locked-out user back in."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parindex.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # every request reaches Django from nginx
STRANGER = "203.0.113.5"
OFFICE = "198.51.100.7"
NEW_PASSWORD = "Mường-Thanh-1954"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.AXES_ENABLED = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0


def _log_in(client, username, password, forwarded_for, url="login"):
    return client.post(
        reverse(url),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _locked(response) -> bool:
    return response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()


def test_a_strangers_failures_do_not_lock_out_a_user_at_another_address(client, officer):
    for _ in range(5):
        _log_in(client, "quantri", "sai", STRANGER)
    response = _log_in(client, "stp.canbo", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_an_address_guessing_many_user_names_is_locked(client, officer):
    for number in range(5):
        _log_in(client, f"khach{number}", "sai", STRANGER)
    assert _locked(_log_in(client, "stp.canbo", PASSWORD, STRANGER))


def test_a_user_name_guessed_from_many_addresses_is_locked(client, officer):
    for number in range(5):
        _log_in(client, "stp.canbo", "sai", f"203.0.113.{10 + number}")
    assert _locked(_log_in(client, "stp.canbo", PASSWORD, OFFICE))


def test_an_address_written_by_the_client_in_front_of_the_proxys_is_ignored(client, officer):
    for number in range(5):
        # The stranger pretends to forward for the office; nginx appends the real address.
        _log_in(client, f"khach{number}", "sai", f"{OFFICE}, {STRANGER}")
    assert _log_in(client, "stp.canbo", PASSWORD, OFFICE).status_code == 302


def test_failures_at_the_backoffice_login_count_too(client, officer):
    for _ in range(5):
        _log_in(client, "stp.canbo", "sai", STRANGER, url="admin:login")
    assert _locked(_log_in(client, "stp.canbo", PASSWORD, OFFICE))


def test_a_locked_out_user_gets_back_in_with_a_set_password_link(client, officer):
    for number in range(5):
        _log_in(client, "stp.canbo", "sai", f"203.0.113.{10 + number}")
    assert _locked(_log_in(client, "stp.canbo", PASSWORD, OFFICE))
    link = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "token": default_token_generator.make_token(officer),
        },
    )
    form_url = client.get(link, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE)["Location"]
    response = client.post(
        form_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert response.status_code == 302
    assert _log_in(client, "stp.canbo", NEW_PASSWORD, OFFICE).status_code == 302
