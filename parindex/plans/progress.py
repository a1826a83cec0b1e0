"""How far a task has got and how much of a plan is done: pure functions on plain facts (no
database), so that the status shown anywhere and the completion rate suggested for criteria
1.1.x are computed in one place each.

`due_from_label` is the one rule that turns the periods offices write ("Quý II", "6 tháng đầu
năm", "Thường xuyên") into a due date; `status` derives a task's status from dates and updates;
`completion_rate` divides the done tasks by the tasks due, weighted, and returns both lists.
"""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from parindex.core.text import fold

DUE_SOON_DAYS = 7
HUNDRED = Decimal(100)


class Status(StrEnum):
    NOT_DUE = "not_due"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"


# The order in which dashboards list statuses: what needs attention first.
STATUS_ORDER = (
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.IN_PROGRESS,
    Status.NOT_DUE,
    Status.DONE_LATE,
    Status.DONE_ON_TIME,
    Status.CANCELLED,
)


@dataclass(frozen=True)
class TaskFacts:
    """What the status and the rate need of a task."""

    id: int
    due_on: date
    weight: Decimal = Decimal(1)
    counts: bool = True
    cancelled: bool = False
    started: bool = False
    done_on: date | None = None


def status(task: TaskFacts, today: date, *, soon_days: int = DUE_SOON_DAYS) -> Status:
    """The task's status on `today`. A task done after `today` (an update dated ahead) is not
    done yet; one started is in progress until it is within `soon_days` of its due date."""
    if task.cancelled:
        return Status.CANCELLED
    if task.done_on is not None and task.done_on <= today:
        return Status.DONE_ON_TIME if task.done_on <= task.due_on else Status.DONE_LATE
    if today > task.due_on:
        return Status.OVERDUE
    if task.due_on - today <= timedelta(days=soon_days):
        return Status.DUE_SOON
    return Status.IN_PROGRESS if task.started else Status.NOT_DUE


@dataclass(frozen=True)
class Rate:
    """Done ÷ due as of a day, weighted. `due` are the tasks counted in the denominator, `done`
    those of them done by then (`late`: done after their due date, counted and flagged)."""

    as_of: date
    numerator: Decimal
    denominator: Decimal
    due: tuple[int, ...] = field(default=())
    done: tuple[int, ...] = field(default=())
    late: tuple[int, ...] = field(default=())

    @property
    def percent(self) -> Decimal | None:
        """Rounded to two decimals (41,33 %); None when nothing is due yet."""
        if not self.denominator:
            return None
        return (self.numerator * HUNDRED / self.denominator).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def completion_rate(tasks: Iterable[TaskFacts], as_of: date) -> Rate:
    """The completion rate on `as_of`: tasks that count and are not cancelled, due by `as_of`,
    in the denominator with their weight; those of them done by `as_of` in the numerator. A task
    done early but not yet due counts from its due date on, so the rate never exceeds 100 %."""
    due, done, late = [], [], []
    numerator = denominator = Decimal(0)
    for task in tasks:
        if not task.counts or task.cancelled or task.due_on > as_of:
            continue
        due.append(task.id)
        denominator += task.weight
        if task.done_on is not None and task.done_on <= as_of:
            done.append(task.id)
            numerator += task.weight
            if task.done_on > task.due_on:
                late.append(task.id)
    return Rate(as_of, numerator, denominator, tuple(due), tuple(done), tuple(late))


# Due dates from what offices write ---------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
IN_YEAR = re.compile(r"(?:^|\s+|/)(\d{4})$")
LEAD_WORDS = re.compile(r"^(?:truoc|trong|den|het|cuoi|vao)\s+")
MONTH = re.compile(r"thang (\d{1,2})(?: nam)?")
QUARTER = re.compile(r"quy (i{1,3}|iv|[1-4])(?: nam)?")
WHOLE_YEAR = {"thuong xuyen", "ca nam", "trong nam", "nam", "hang nam", "6 thang cuoi nam"}


class DueLabelError(ValueError):
    """A period no rule reads."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_from_label(label: str, year: int) -> date:
    """The due date of a period as offices write it, in the plan's `year`: the last day of the
    period ("Quý II" → 30/6, "Tháng 9" → 30/9, "6 tháng đầu năm" → 30/6, "Thường xuyên",
    "Cả năm", "6 tháng cuối năm", "Năm 2025" → 31/12); a date written in it ("Trước ngày
    15/3/2025", "15/03/2025") is that date. Raises DueLabelError for anything else, and
    ValueError for a day the calendar lacks (31/02/2025)."""
    text = fold(label.replace(".", " "))
    if written := DAY.search(text):
        day, month, in_year = (int(part) for part in written.groups())
        return date(in_year, month, day)
    if found := IN_YEAR.search(text):
        year, text = int(found.group(1)), text[: found.start()]
    text = LEAD_WORDS.sub("", text)
    if text in WHOLE_YEAR:
        return date(year, 12, 31)
    if text == "6 thang dau nam":
        return date(year, 6, 30)
    if match := QUARTER.fullmatch(text):
        return _month_end(year, (ROMAN.get(match.group(1)) or int(match.group(1))) * 3)
    if (match := MONTH.fullmatch(text)) and 1 <= int(match.group(1)) <= 12:
        return _month_end(year, int(match.group(1)))
    raise DueLabelError(label)


class Issuance(StrEnum):
    """Whether a plan was issued by its deadline (criterion 1.1.1)."""

    ON_TIME = "on_time"
    LATE = "late"
    NOT_ISSUED = "not_issued"
    PENDING = "pending"  # not issued, the deadline not passed (or none set)


def issuance(issued_on: date | None, deadline: date | None, today: date) -> Issuance:
    if issued_on is not None:
        return Issuance.LATE if deadline is not None and issued_on > deadline else Issuance.ON_TIME
    if deadline is not None and today > deadline:
        return Issuance.NOT_ISSUED
    return Issuance.PENDING
