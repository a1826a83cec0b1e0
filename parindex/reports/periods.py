"""Reporting periods: the Ministry's default data windows and deadlines, creating and opening a
period (which puts the report into every participating unit's list).

CV 581/BNV-CCHC: Q1 covers 15/12 of the year before → 14/3, the half-year 15/12 → 14/6, Q3
15/6 → 14/9 and the year 15/12 → 14/12; the province reports by the 20th of the period's last
month and sets its units an earlier internal deadline (by default the day after the window ends).
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.accounts.models import User
from parindex.catalog.models import Unit
from parindex.core import audit

from .models import ReportingPeriod, ReportTemplate, UnitReport
from .spec import Kind

WINDOW_ENDS = {Kind.Q1: (3, 14), Kind.HALF_YEAR: (6, 14), Kind.Q3: (9, 14), Kind.YEAR: (12, 14)}


class PeriodError(Exception):
    """The period cannot change so; the message says why, in the user's language."""


def default_window(kind: Kind, year: int) -> tuple[date, date] | None:
    """The Ministry's data window of a period; None for a topical report (no default)."""
    if kind not in WINDOW_ENDS:
        return None
    starts = date(year, 6, 15) if kind == Kind.Q3 else date(year - 1, 12, 15)
    return starts, date(year, *WINDOW_ENDS[kind])


def default_deadline(kind: Kind, year: int) -> date | None:
    window = default_window(kind, year)
    return window[1] + timedelta(days=1) if window else None


def default_title(kind: Kind, year: int) -> str:
    titles = {
        Kind.Q1: _("Báo cáo CCHC quý I năm %(year)d"),
        Kind.HALF_YEAR: _("Báo cáo CCHC 6 tháng đầu năm %(year)d"),
        Kind.Q3: _("Báo cáo CCHC quý III năm %(year)d"),
        Kind.YEAR: _("Báo cáo CCHC năm %(year)d"),
        Kind.TOPIC: _("Báo cáo CCHC chuyên đề năm %(year)d"),
    }
    return titles[kind] % {"year": year}


@transaction.atomic
def create_period(
    template: ReportTemplate,
    *,
    kind: Kind,
    year: int,
    units: Iterable[Unit],
    by: User | None,
    title: str = "",
    window: tuple[date, date] | None = None,
    deadline: date | None = None,
) -> ReportingPeriod:
    """A period of `template`, with the default window and deadline unless given. Raises
    PeriodError for a kind the template does not serve or a topical period without dates.
    Side effects: the period, its units, an audit entry "report_period.create"."""
    if kind not in template.spec.kinds:
        raise PeriodError(_("Mẫu báo cáo này không dùng cho loại kỳ đã chọn."))
    window = window or default_window(kind, year)
    deadline = deadline or default_deadline(kind, year)
    if window is None or deadline is None:
        raise PeriodError(_("Kỳ báo cáo chuyên đề cần nêu khoảng thời gian số liệu và hạn nộp."))
    period = ReportingPeriod.objects.create(
        template=template,
        kind=kind,
        year=year,
        title=title or default_title(kind, year),
        window_starts=window[0],
        window_ends=window[1],
        deadline=deadline,
    )
    period.units.set(units)
    audit.record(
        "report_period.create",
        period,
        by=by,
        new={"kind": kind, "year": year, "deadline": deadline, "units": period.units.count()},
    )
    return period


@transaction.atomic
def open_period(period: ReportingPeriod, *, by: User | None) -> int:
    """Open the period: every participating unit gets its report, and the template is frozen.
    Raises PeriodError when already open or without units. Returns how many reports were made.
    Side effects: the reports, the period's state, the template's status, an audit entry."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_open:
        raise PeriodError(_("Kỳ báo cáo đã mở."))
    units = list(period.units.all())
    if not units:
        raise PeriodError(_("Kỳ báo cáo chưa có đơn vị nào tham gia."))
    UnitReport.objects.bulk_create(UnitReport(period=period, unit=unit) for unit in units)
    period.state, period.opened_at = ReportingPeriod.State.OPEN, timezone.now()
    period.save(update_fields=["state", "opened_at"])
    ReportTemplate.objects.filter(pk=period.template_id).update(status=ReportTemplate.Status.IN_USE)
    audit.record("report_period.open", period, by=by, new={"units": len(units)})
    return len(units)


@transaction.atomic
def remind_missing(period: ReportingPeriod, *, by: User, now: datetime | None = None) -> int:
    """Remind every unit whose report is not in (a draft, or returned and not sent again): the
    reminder shows on the unit's list of reports and on the report. Returns how many.
    Side effects: the reports' reminder time, an audit entry "report_period.remind"."""
    now = now or timezone.now()
    waiting = period.reports.exclude(state=UnitReport.State.SUBMITTED)
    names = list(waiting.order_by("unit__name").values_list("unit__name", flat=True))
    if names:
        waiting.update(reminded_at=now)
        audit.record("report_period.remind", period, by=by, new={"units": names})
    return len(names)
