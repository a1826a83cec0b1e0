"""A few days of the audit trail, shared by the audit log's tests and its browser journey."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from parindex.assessments.models import Entry
from parindex.core import audit
from parindex.core.models import AuditEntry

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(entry: AuditEntry, *moment: int) -> AuditEntry:
    """The entry as if recorded at `moment` in Vietnam (rows are written with the current time)."""
    AuditEntry.objects.filter(pk=entry.pk).update(at=datetime(*moment, tzinfo=VIETNAM))
    return entry


@pytest.fixture
def trail(justice, ward, officer, other_unit_officer, admin_user, submitted_assessment):
    """A few days of changes by the admin and two units' officers."""
    AuditEntry.objects.all().delete()  # the fixtures' own, recorded now
    entry = Entry.objects.get(assessment=submitted_assessment, criterion__code="1.1")
    return {
        "unit": at(
            audit.record(
                "unit.update",
                justice,
                by=admin_user,
                old={"name": "Sở Tư Pháp"},
                new={"name": "Sở Tư pháp"},
                reason="Sửa chính tả theo quyết định thành lập",
            ),
            2026,
            3,
            2,
            9,
            0,
        ),
        "entry": at(
            audit.record("self_assessment.entry", entry, by=officer, new={"level": "Đúng hạn"}),
            2026,
            3,
            31,
            23,
            30,
        ),
        "ward": at(
            audit.record("unit.update", ward, by=admin_user, new={"short_name": "ĐBP"}),
            2026,
            4,
            1,
            0,
            10,
        ),
        "account": at(
            audit.record(
                "account.deactivate", other_unit_officer, by=admin_user, reason="Nghỉ hưu"
            ),
            2026,
            4,
            15,
            8,
            0,
        ),
        "formula": at(
            audit.record("unit.update", ward, by=other_unit_officer, new={"name": "=1+2"}),
            2026,
            4,
            20,
            8,
            0,
        ),
    }
