"""The demo province, loaded once for the package's tests (~8-17 s) and rolled back after them."""

from pathlib import Path

import pytest
from django.db import transaction

from parindex.assessments.models import AssessmentPeriod
from parindex.testing.demo import load


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> tuple[str, Path]:
    """The first load's output and its password file, until the package's last test."""
    password_file = tmp_path_factory.mktemp("demo") / ".demo-password"
    with django_db_blocker.unblock(), transaction.atomic():
        yield load(password_file), password_file
        transaction.set_rollback(True)


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
