"""Reports sent on time, for the score (criteria 1.2.x, `suggest_from: reports.on_time`): one
pure function, no database and no clock of its own.

A deadline is a date in Vietnam, met by a submission before the end of that day
(Asia/Ho_Chi_Minh, `assessments.deadlines.ends`); an extension granted with a reason moves it.
Only the first submission counts: a report returned and sent again keeps the time it was first
sent. A unit owes a period's report only if it existed on the last day of the period's data
window (a unit created mid-year owes only the periods it existed for), and only once the deadline
has passed or it has sent it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from parindex.assessments.deadlines import ends

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Owed:
    """One period's report of one unit: the day it is due (with any extension), the last day of
    the data window, and when it was first submitted (None: not yet)."""

    due: date
    window_ends: date
    first_submitted_at: datetime | None = None

    def is_on_time(self) -> bool:
        return self.first_submitted_at is not None and self.first_submitted_at < ends(self.due)


@dataclass(frozen=True)
class OnTime:
    on_time: int
    due: int

    @property
    def rate(self) -> Decimal | None:
        """Percent of the reports due that came on time; None when none was due yet."""
        return Decimal(self.on_time) * HUNDRED / self.due if self.due else None


def on_time(reports: Iterable[Owed], *, as_of: datetime, exists_from: date | None = None) -> OnTime:
    """Reports on time ÷ reports due, for one unit, as of `as_of`."""
    owed = [
        report
        for report in reports
        if (exists_from is None or exists_from <= report.window_ends)
        and (report.first_submitted_at is not None or as_of >= ends(report.due))
    ]
    return OnTime(on_time=sum(report.is_on_time() for report in owed), due=len(owed))


class Standing(StrEnum):
    """Where one unit's report of a period stands, as the completeness page counts it."""

    ON_TIME = "on_time"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"  # not submitted, and the due day is over
    WAITING = "waiting"  # not submitted yet, still in time


def standing(
    *, state: str, first_submitted_at: datetime | None, due: date, now: datetime
) -> Standing:
    """A report's standing: returned first (it waits for the unit), then by its first
    submission against the end of its due day in Vietnam."""
    if state == "returned":
        return Standing.RETURNED
    if state == "submitted" and first_submitted_at is not None:
        return Standing.ON_TIME if first_submitted_at < ends(due) else Standing.LATE
    return Standing.MISSING if now >= ends(due) else Standing.WAITING
