"""Days and instants as the province writes them.

On pages and in messages, through Django's named formats (see core/formats): 31/03/2026, and
08:30 31/03/2026 in Vietnam's time; templates use the same names (`|date` for a day,
`|date:"DATETIME_FORMAT"` for an instant).

In administrative documents (Decree 30/2020, Phụ lục I): a day below 10 and the months January
and February take a leading zero, other months none, so that nothing can be written in front of
them ("ngày 05 tháng 3 năm 2026", "ngày 10 tháng 01 năm 2026"; short form "05/3/2026",
"10/01/2026").
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def day_text(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def moment_text(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _day_month(day: date) -> tuple[str, str]:
    return f"{day.day:02d}", f"{day.month:02d}" if day.month < 3 else str(day.month)


def long_date_vi(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": the date line of a document, after the place."""
    number, month = _day_month(day)
    return f"ngày {number} tháng {month} năm {day.year}"


def short_date_vi(day: date) -> str:
    """ "05/3/2026": a date inside a sentence, e.g. after a decision's number."""
    number, month = _day_month(day)
    return f"{number}/{month}/{day.year}"
