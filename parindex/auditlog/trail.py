"""The audit trail as the admin searches it: entries by who, which unit, which object, which
action and which days (in Vietnam's calendar), newest first."""

from datetime import date

from django.db.models import QuerySet

from parindex.accounts.models import User
from parindex.assessments.deadlines import ends, starts
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry

from .objects import about_unit


def search(
    *,
    actor: User | None = None,
    unit: Unit | None = None,
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries that meet every condition given, newest first, with their actors. `since`
    and `until` are whole days in Asia/Ho_Chi_Minh, both included."""
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if actor is not None:
        entries = entries.filter(actor=actor)
    if unit is not None:
        entries = entries.filter(about_unit(unit.pk))
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action=action)
    if since is not None:
        entries = entries.filter(at__gte=starts(since))
    if until is not None:
        entries = entries.filter(at__lt=ends(until))
    return entries
