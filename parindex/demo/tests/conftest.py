"""The demo province, loaded once for the package's tests (~8-17 s) and rolled back after them."""

from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from parindex.assessments.models import AssessmentPeriod
from parindex.testing.demo import load


@pytest.fixture(scope="package")
def loaded(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> tuple[str, Path, BaseDatabaseWrapper]:
    """The first load's output, its password file and the connection whose transaction holds
    it, until the package's last test. Code that runs in another context than the one the demo
    was loaded in (Playwright's, once it has started) must use that connection: Django keeps
    one per context, and another would not see the demo."""
    password_file = tmp_path_factory.mktemp("demo") / ".demo-password"
    with django_db_blocker.unblock():
        with transaction.atomic():
            connection = connections[DEFAULT_DB_ALIAS]
            yield load(password_file), password_file, connection
            # Ended where it began, whatever context the package's last test runs in; that
            # context keeps its own connection for the tests after the package.
            current = connections[DEFAULT_DB_ALIAS]
            connections[DEFAULT_DB_ALIAS] = connection
            transaction.set_rollback(True)
        connections[DEFAULT_DB_ALIAS] = current
        if connection is not current:
            connection.close()  # else left open, the test database could not be dropped


@pytest.fixture
def output(loaded) -> str:
    return loaded[0]


@pytest.fixture
def password_file(loaded) -> Path:
    return loaded[1]


@pytest.fixture
def demo_period(loaded) -> AssessmentPeriod:
    # The round being appraised; 2024's was published.
    return AssessmentPeriod.objects.get(year=2025)
