"""Deployment security: `check --deploy` on the documented production environment, the headers
every response gets, nothing of a signed-in user's kept in a cache, and the session's limits."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from parindex.core.security import LAST_SEEN_AT, SIGNED_IN_AT

ROOT = Path(__file__).resolve().parents[3]


def production_example() -> dict[str, str]:
    """The environment of the `export` in docs/operations.md, as an operator copies it."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    block = re.search(r"^export (.*?)\n(?!\s)", text, re.MULTILINE | re.DOTALL)
    assert block, "docs/operations.md shows the production environment as one export"
    words = re.sub(r"#[^\n]*|\\\n", " ", block.group(1)).split()
    return dict(word.split("=", 1) for word in words)


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    example = production_example()
    assert {"BEHIND_PROXY", "ALLOWED_HOSTS", "SECRET_KEY_FILE"} <= example.keys()
    secret = tmp_path / "secret"
    secret.write_text("k" * 20 + "-Điện-Biên-" + "x9" * 20, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TESTING", "DEBUG", "SECRET_KEY", "EMAIL_"))
    }
    env |= example | {"SECRET_KEY_FILE": str(secret)}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.django_db
def test_a_signed_in_page_is_never_stored_and_never_framed(officer_client):
    response = officer_client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_public_page_gets_the_headers_but_may_be_cached(client):
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain  # to the public results
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_health_check_answers_plain_http_while_everything_else_is_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def _age(client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


@pytest.mark.django_db
def test_a_session_left_idle_for_half_an_hour_ends(officer_client):
    assert officer_client.get(reverse("home")).status_code == 200
    _age(officer_client, last_seen_at=29 * 60)
    assert officer_client.get(reverse("home")).status_code == 200
    _age(officer_client, last_seen_at=31 * 60)
    response = officer_client.get(reverse("password_change"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    page = response.content.decode()
    assert "Phiên làm việc đã kết thúc sau một thời gian không sử dụng." in page
    assert "_auth_user_id" not in officer_client.session


@pytest.mark.django_db
def test_a_session_in_use_still_ends_twelve_hours_after_signing_in(officer_client):
    assert officer_client.get(reverse("home")).status_code == 200
    _age(officer_client, signed_in_at=11 * 3600, last_seen_at=60)
    assert officer_client.get(reverse("home")).status_code == 200
    _age(officer_client, signed_in_at=12 * 3600 + 60, last_seen_at=60)
    response = officer_client.get(reverse("password_change"), follow=True)
    assert "Phiên làm việc đã quá thời hạn tối đa." in response.content.decode()
    assert "_auth_user_id" not in officer_client.session


@pytest.mark.django_db
def test_the_session_limits_are_settings(officer_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    officer_client.get(reverse("home"))
    _age(officer_client, last_seen_at=6 * 60)
    assert officer_client.get(reverse("password_change")).status_code == 302
    assert {SIGNED_IN_AT, LAST_SEEN_AT}.isdisjoint(officer_client.session.keys())
