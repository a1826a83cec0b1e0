"""Fault test of the cache (`pytest -m fault`): the shared Redis cache down (its address a closed
loopback port). The site works without it, for visitors and signed-in users alike."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from parindex.assessments.models import Entry
from parindex.testing.factories import PASSWORD, criterion
from parindex.testing.faults import free_port

pytestmark = [pytest.mark.fault, pytest.mark.django_db]


def _dead_redis() -> dict:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens there: every command fails with "connection refused".
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
    }


@pytest.fixture(params=["default", "pages"])
def redis_down(request, settings):
    """As in production with REDIS_URL (the default cache in Redis, sessions read from it
    through the database), Redis stopped; "pages": the whole pages' cache (`core.page_cache`)
    down as well. (The fragments' cache is each process's memory by design, never a server.)"""
    kept, dead = settings.CACHES, _dead_redis()
    settings.CACHES = kept | {"default": dead}
    if request.param == "pages":
        settings.CACHES = settings.CACHES | {"pages": dead}
    settings.SESSION_ENGINE = "parindex.core.sessions"  # as config/settings.py with REDIS_URL
    yield request.param
    # The process's memory caches outlive the cache handlers an override replaces, and the
    # conftest's clearing sees only the handlers in use: what this test kept is cleared here.
    settings.CACHES = kept
    for cache in caches.all():
        cache.clear()


def test_the_site_keeps_working_with_the_cache_down(
    redis_down, client, publication, submitted_assessment, officer
):
    """Redis unreachable: the public pages (results, ranking, a unit), the login, the signed-in
    home page with its menu badge, the unit's scorecard and its submit page all answer 200 (each
    page twice: a cache that cannot be read is a miss, one that cannot be written is skipped),
    the scorecard shows the unit's items, and logging out ends the session."""
    year = publication.year
    unit = submitted_assessment.unit_id
    for url, shown in (
        (reverse("results:index"), f"/ket-qua/{year}/"),
        (reverse("results:ranking", args=[year]), submitted_assessment.unit.name),
        (reverse("results:unit", args=[year, unit]), submitted_assessment.unit.name),
    ):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert shown in response.content.decode()

    login = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert login.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    badge = client.get(reverse("todo_badge"), headers={"HX-Request": "true"})
    assert badge.status_code == 200
    entry = Entry.objects.filter(assessment=submitted_assessment).first()
    for _ in range(2):
        page = client.get(submitted_assessment.get_absolute_url())
        assert page.status_code == 200
        assert criterion(submitted_assessment, entry.criterion.code).title in page.content.decode()
    submit = reverse("assessments:submit", args=[submitted_assessment.pk])
    assert client.get(submit).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out: to the results
