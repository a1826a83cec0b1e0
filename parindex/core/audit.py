"""The audit trail: every domain function that changes state calls `record` in its transaction."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    # Decimals and dates are stored as the strings DjangoJSONEncoder writes, never as floats.
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(
    action: str,
    target: models.Model,
    *,
    by,
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry for `target`. Side effect: one INSERT."""
    return AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        old=_jsonable(old),
        new=_jsonable(new),
        reason=reason,
    )


def history_of(target: models.Model):
    """The audit entries of one object, newest first, with their actors (one query)."""
    return AuditEntry.objects.for_target(target).select_related("actor")
