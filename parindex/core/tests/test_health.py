"""`GET /healthz`: answers without login and without touching the database."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_check_answers_ok_without_login_or_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


def test_health_check_ignores_a_logged_in_session(admin_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = admin_client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_health_check_only_reads(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_favicon_ico_is_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg") and "/img/favicon" in response["Location"]
