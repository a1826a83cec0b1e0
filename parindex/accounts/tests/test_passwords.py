"""Password rules, in Vietnamese, and the password change limited like the login."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parindex.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

GOOD = "Mường-Thanh-1954"


def refusals(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_a_good_password_of_twelve_characters_or_more_passes(officer):
    assert refusals(GOOD, officer) == []
    assert refusals("Hoa-ban-nở-72", officer) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngắn-mà-7!", "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."),
        ("qwerty123456", "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("740192836455", "Mật khẩu không được chỉ gồm chữ số."),
        ("stp.canbo.2026", "Mật khẩu quá giống thông tin của tài khoản (Tên đăng nhập)."),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(officer, password, message):
    assert message in refusals(password, officer)


@pytest.mark.parametrize(
    ("password", "word"),
    [
        ("Lò-Thị-Hoa-1990", "lothihoa"),  # the user's name, diacritics or not
        ("LOTHIHOA@nha-xa", "lothihoa"),
        ("Điện Biên Phủ 1954!", "dienbien"),  # the province
        ("Sở-Tư-Pháp-2026", "sotuphap"),  # the user's unit
        ("Năm nay CCHC tốt hơn", "cchc"),
        ("matkhau-cua-toi-9", "matkhau"),
    ],
)
def test_words_of_the_user_and_the_place_are_refused(officer, password, word):
    expected = f"Mật khẩu không được chứa “{word}”: từ này dễ bị đoán."
    assert expected in refusals(password, officer)


def test_the_help_texts_are_vietnamese():
    texts = password_validators_help_texts()
    assert "Ít nhất 12 ký tự." in texts
    assert all(not text.startswith(("Your", "The")) for text in texts)


def test_the_set_password_page_explains_in_vietnamese(client, officer):
    link = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "token": default_token_generator.make_token(officer),
        },
    )
    form_url = client.get(link)["Location"]
    page = client.post(form_url, {"new_password1": "ngan", "new_password2": "khac"}).text
    assert "Hai lần nhập mật khẩu mới không khớp nhau." in page
    page = client.post(form_url, {"new_password1": "ngan", "new_password2": "ngan"}).text
    assert "Mật khẩu quá ngắn: cần ít nhất 12 ký tự." in page


def _change(client, old, new=GOOD):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_a_wrong_current_password_is_said_in_vietnamese(officer_client):
    assert "Mật khẩu hiện tại không đúng." in _change(officer_client, "sai").text


def test_guessing_the_current_password_is_limited_like_the_login(officer_client, officer, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        _change(officer_client, "doan-thu-mat-khau")
    response = _change(officer_client, PASSWORD)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)  # not changed by the right guess either
    # The user name is locked at the login page too.
    login = Client().post(reverse("login"), {"username": "stp.canbo", "password": PASSWORD})
    assert login.status_code == 429
