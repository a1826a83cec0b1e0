"""Fixtures every app's tests use: named users of named units (as in the house style's tests), an
empty cache and a media folder of the test's own, Debian's Chromium for the browser journeys; and
the `postgres` mark. The factories these build on are in parindex/testing/factories.py; the
appraisal in progress is in parindex/conftest.py, the open self-assessment in
parindex/assessments/tests/conftest.py."""

import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls of a browser test are
# still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.cache import caches
from django.db import connection

from parindex.accounts.models import Role, User
from parindex.catalog.models import Unit, UnitLevel
from parindex.testing.factories import make_user


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are skipped on any other database (SQLite in `make test-fast`)."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL, not {connection.vendor}")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached fragments are keyed by row ids, which a rolled-back test database hands out again."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to the test's own folder, never to the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def department_level(db) -> UnitLevel:
    return UnitLevel.objects.create(code="department", name="Sở, ban, ngành", order=1)


@pytest.fixture
def commune_level(db) -> UnitLevel:
    return UnitLevel.objects.create(code="commune", name="UBND xã, phường", order=3)


@pytest.fixture
def justice(department_level) -> Unit:
    return Unit.objects.create(code="so-tu-phap", name="Sở Tư pháp", level=department_level)


@pytest.fixture
def home_affairs(department_level) -> Unit:
    return Unit.objects.create(code="so-noi-vu", name="Sở Nội vụ", level=department_level)


@pytest.fixture
def ward(commune_level) -> Unit:
    return Unit.objects.create(
        code="phuong-dien-bien-phu", name="Phường Điện Biên Phủ", level=commune_level
    )


@pytest.fixture
def admin_user(db) -> User:
    return make_user("quantri", Role.ADMIN, full_name="Nguyễn Văn Quản")


@pytest.fixture
def officer(justice) -> User:
    return make_user("stp.canbo", Role.UNIT_OFFICER, justice, full_name="Lò Thị Hoa")


@pytest.fixture
def unit_head(justice) -> User:
    return make_user("stp.lanhdao", Role.UNIT_HEAD, justice, full_name="Quàng Văn Bình")


@pytest.fixture
def other_unit_officer(ward) -> User:
    return make_user("dbp.canbo", Role.UNIT_OFFICER, ward, full_name="Lường Văn Xuân")


@pytest.fixture
def appraiser(home_affairs) -> User:
    return make_user("snv.thamdinh", Role.APPRAISER, home_affairs, full_name="Đỗ Minh Tâm")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    executable = "/usr/lib/chromium/chromium"
    if not os.path.exists(executable):
        executable = "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
