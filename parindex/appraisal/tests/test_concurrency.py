"""Two appraisers saving the same item at the same moment, on PostgreSQL (real row locks)."""

import threading

import pytest
from django.db import connections

from parindex.appraisal import appraising
from parindex.appraisal.models import AppraisedEntry, Round
from parindex.assessments.saving import Conflict
from parindex.core.models import AuditEntry
from parindex.testing.factories import criterion

# Row locks are PostgreSQL's: SQLite locks the whole database file.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_saves_one_succeeds_one_conflicts_one_audit_entry(
    submitted_assessment, team, appraiser, lead
):
    criterion_id = criterion(submitted_assessment, "1.1").pk
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, level):
        try:
            start.wait()
            appraising.appraise_item(
                submitted_assessment,
                criterion_id,
                Round.FIRST,
                {"level": level, "comment": f"{user.username}: {level}"},
                version=0,
                by=user,
            )
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(appraiser, "Ban hành chậm")),
        threading.Thread(target=save, args=(lead, "Không ban hành")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    row = AppraisedEntry.objects.get()
    assert row.version == 1
    assert AuditEntry.objects.filter(action="appraisal.entry").count() == 1
