"""The audit trail: every domain function that changes state calls `record` in its transaction."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy

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


# How histories name what they show. Keys not listed are shown as stored.
FIELD_LABELS = {
    "level": gettext_lazy("Mức"),
    "numerator": gettext_lazy("Tử số"),
    "denominator": gettext_lazy("Mẫu số"),
    "count": gettext_lazy("Số trường hợp"),
    "points": gettext_lazy("Điểm chấm"),
    "not_applicable": gettext_lazy("Không áp dụng"),
    "not_applicable_reason": gettext_lazy("Lý do không áp dụng"),
    "explanation": gettext_lazy("Giải trình"),
    "self_points": gettext_lazy("Điểm tự chấm"),
    "appraised_points": gettext_lazy("Điểm thẩm định"),
    "round": gettext_lazy("Lần thẩm định"),
    "comment": gettext_lazy("Nhận xét"),
    "question": gettext_lazy("Nội dung yêu cầu giải trình"),
    "answer": gettext_lazy("Nội dung giải trình"),
    "code": gettext_lazy("Tiêu chí"),
    "title": gettext_lazy("Tên"),
    "agency": gettext_lazy("Cơ quan thẩm định"),
    "field": gettext_lazy("Lĩnh vực"),
    "units": gettext_lazy("Đơn vị"),
    "every_unit": gettext_lazy("Mọi đơn vị"),
    "role": gettext_lazy("Vai trò"),
    "user": gettext_lazy("Tài khoản"),
}
# Stored as exact decimal strings ("0.5"); shown with a decimal comma.
NUMBER_KEYS = {"numerator", "denominator", "points", "self_points", "appraised_points"}
ACTION_LABELS = {
    "self_assessment.entry": gettext_lazy("Tự chấm"),
    "appraisal.entry": gettext_lazy("Thẩm định"),
    "appraisal.request": gettext_lazy("Yêu cầu giải trình"),
    "appraisal.request_withdrawn": gettext_lazy("Rút yêu cầu giải trình"),
    "explanation.answer": gettext_lazy("Giải trình"),
}
