"""Days and instants as the province writes them, through Django's named formats (see
core/formats): 31/03/2026, and 08:30 31/03/2026 in Vietnam's time. Templates use the same names
(`|date` for a day, `|date:"DATETIME_FORMAT"` for an instant)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def day_text(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def moment_text(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
