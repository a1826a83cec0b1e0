"""Deadlines are calendar dates in Vietnam: "31/03/2026" means until 23:59:59 that day in
Asia/Ho_Chi_Minh, whatever the server's own time zone. Every comparison goes through here."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def starts(day: date) -> datetime:
    """The first instant of `day` in the province's time zone."""
    return datetime.combine(day, time.min, tzinfo=_zone())


def ends(day: date) -> datetime:
    """The first instant after `day` (a deadline is met strictly before it)."""
    return starts(day + timedelta(days=1))


def today(now: datetime | None = None) -> date:
    """The calendar date in Vietnam at `now` (default: the current time)."""
    return (now or timezone.now()).astimezone(_zone()).date()


def is_within(opens: date, closes: date, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return starts(opens) <= now < ends(closes)


def has_passed(closes: date, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= ends(closes)
