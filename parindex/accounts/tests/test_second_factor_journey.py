"""Turning the second factor on in a real browser: an admin past the grace period signs in, is
sent to the enrolment, types the code an app would show for the secret on the page, keeps the
recovery codes and reaches the page asked for; at the next sign-in a recovery code lets them in."""

import re
from base64 import b32decode
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from parindex.accounts.models import User
from parindex.testing.browser import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_turns_the_second_factor_on_and_later_uses_a_recovery_code(
    page: Page, live_server, admin_user, settings
):
    settings.SECOND_FACTOR_SINCE = date(2020, 1, 1)
    User.objects.update(date_joined=timezone.now() - timedelta(days=30))
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))

    log_in(page, live_server, "quantri")
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    shot(page, "second-factor-setup")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Mã xác thực").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bật xác thực hai lớp").click()

    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shot(page, "second-factor-recovery-codes")
    page.get_by_role("link", name="Đã lưu các mã, tiếp tục").click()
    expect(page).not_to_have_url(re.compile("second-factor"))

    page.context.clear_cookies()
    log_in(page, live_server, "quantri")
    expect(page.get_by_text("Nhập mã 6 chữ số đang hiện trong ứng dụng xác thực")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).not_to_have_url(re.compile("second-factor"))
    expect(page.get_by_role("link", name="Thẩm định", exact=True)).to_be_visible()  # admin menu
    assert problems == []
