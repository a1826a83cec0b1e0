"""Saving one item's answer without silently overwriting someone else's: the unit's entries and
the team's share it.

Every row carries a version; a save names the version it was read at, and the conditional UPDATE
changes the row only if nobody has saved it since. The caller holds the unit's row lock, which
serialises saves with submission, finalization and the rest.
"""

from django.db.models import F, Model
from django.utils import timezone

from parindex.accounts.models import User

from .models import RuleInputs


class Conflict(Exception):
    """Someone saved the item since the user loaded it; `entry` is the current row (an entry, or
    an explanation request's answer)."""

    def __init__(self, entry: Model) -> None:
        super().__init__(entry.pk)
        self.entry = entry


def save_versioned[Row: RuleInputs](
    model: type[Row],
    lookup: dict,
    values: dict,
    *,
    version: int,
    by: User,
    audited: tuple[str, ...] = (),
) -> tuple[Row, dict, dict]:
    """Write `values` to the row of `model` found by `lookup` (created when missing) if it is
    still at `version`; raise Conflict with the current row otherwise.

    Returns the row as saved and its audit values before and after (`RuleInputs.audit_values`
    with the `audited` fields). Side effects: the row (version + 1, updated_by/at)."""
    # The concrete model's manager (`objects`): the abstract RuleInputs declares none.
    row, _created = model._default_manager.get_or_create(**lookup, defaults={"updated_by": by})
    if row.version != version:
        raise Conflict(row)
    old = row.audit_values(*audited) if row.version else {}
    changed = model._default_manager.filter(pk=row.pk, version=version).update(
        **values, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not changed:
        raise Conflict(model._default_manager.get(pk=row.pk))
    row.refresh_from_db()
    return row, old, row.audit_values(*audited)
