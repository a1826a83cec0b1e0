"""The province's view of a period: how complete and timely it is, and every indicator
aggregated over the units' submitted reports (the latest version of each), per level and for the
province, each figure with the unit values behind it. A fixed number of queries whatever the
number of units and indicators."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments import suggestions
from parindex.catalog.models import Unit
from parindex.core.numbers import format_exact, format_points

from . import values as reading
from .aggregates import Result, aggregate
from .models import ReportingPeriod, ReportVersion, UnitReport
from .spec import Aggregate, Indicator, IndicatorType, Section
from .timeliness import OnTime, Owed, Standing, on_time, standing
from .values import Percentage

STANDING_LABELS = {
    Standing.ON_TIME: gettext_lazy("Đúng hạn"),
    Standing.LATE: gettext_lazy("Nộp muộn"),
    Standing.RETURNED: gettext_lazy("Bị trả lại"),
    Standing.MISSING: gettext_lazy("Chưa nộp, quá hạn"),
    Standing.WAITING: gettext_lazy("Chưa nộp, còn hạn"),
}


@dataclass
class Row:
    report: UnitReport
    standing: Standing

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self.standing])


@dataclass
class Completeness:
    rows: list[Row]
    counts: dict[Standing, int]

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        return [(s.value, str(STANDING_LABELS[s]), n) for s, n in self.counts.items()]


def completeness(
    period: ReportingPeriod, *, now: datetime | None = None, only: str = ""
) -> Completeness:
    """Every participating unit's standing (filtered to `only` when it names one), and the
    count of each standing over all units."""
    now = now or timezone.now()
    reports = period.reports.select_related("unit__level").order_by(
        "unit__level__order", "unit__name"
    )
    rows = [
        Row(
            report,
            standing(
                state=report.state,
                first_submitted_at=report.first_submitted_at,
                due=report.extended_until or period.deadline,
                now=now,
            ),
        )
        for report in reports
    ]
    counts = Counter(row.standing for row in rows)
    shown = [row for row in rows if not only or row.standing == only]
    return Completeness(shown, {s: counts.get(s, 0) for s in Standing})


def show(indicator: Indicator, result: Result) -> str:
    """A figure as the province writes it: sums exact, means and rates to two decimals."""
    if result is None:
        return "–"
    if isinstance(result, Percentage):
        if not result.denominator:
            return "–"
        rate = format_points(result.rate)
        return f"{format_exact(result.numerator)}/{format_exact(result.denominator)} ({rate}%)"
    if isinstance(result, bool | int):
        return _("%(n)d đơn vị") % {"n": result}
    if isinstance(result, Decimal):
        exact = indicator.aggregate in (Aggregate.SUM, Aggregate.MIN, Aggregate.MAX)
        text = format_exact(result) if exact else format_points(result)
        return f"{text}%" if indicator.type == IndicatorType.PERCENTAGE else text
    return "–"


@dataclass
class Figure:
    section: Section
    indicator: Indicator
    # The province's figure (for a table: one per cell, as (row, column, figure)).
    total: str
    cells: list[tuple[str, str, str]] = field(default_factory=list)
    by_level: list[tuple[str, str]] = field(default_factory=list)
    # The units' values behind it: (unit, what it typed).
    units: list[tuple[Unit, str]] = field(default_factory=list)
    reporting: int = 0


def latest_versions(period: ReportingPeriod) -> list[ReportVersion]:
    """The version each submitted report counts with (its latest), in the units' order."""
    return latest_among(ReportVersion.objects.filter(report__period=period))


def latest_among(versions: QuerySet[ReportVersion]) -> list[ReportVersion]:
    """Of `versions`, the latest of each submitted report, in the units' order (one query)."""
    versions = (
        versions.filter(report__state=UnitReport.State.SUBMITTED)
        .select_related("report__unit__level")
        .order_by("report__unit__level__order", "report__unit__name", "-number")
    )
    latest: dict[int, ReportVersion] = {}
    for version in versions:
        latest.setdefault(version.report_id, version)
    return list(latest.values())


def _typed_text(indicator: Indicator, typed: dict[str, str]) -> str:
    if indicator.type == IndicatorType.YES_NO:
        return str(_("Có") if typed.get(indicator.code) == reading.YES else _("Không"))
    parts = [typed[key] for key in indicator.input_keys() if typed.get(key)]
    if indicator.type == IndicatorType.PERCENTAGE and len(parts) == 2:
        return "/".join(parts)
    return "; ".join(parts)


def _figure(section: Section, indicator: Indicator, versions: list[ReportVersion]) -> Figure:
    found = []
    for version in versions:
        typed = version.content.get(section.code, {}).get("values", {})
        value = reading.read(indicator, typed).value
        if value is not None:
            found.append((version.report.unit, value, _typed_text(indicator, typed)))
    result = aggregate(indicator, [value for _u, value, _t in found])
    figure = Figure(section, indicator, total=show(indicator, result), reporting=len(found))
    figure.units = [(unit, text) for unit, _v, text in found]
    if isinstance(result, dict):
        figure.total = ""
        figure.cells = [
            (row.title, column.title, show(indicator, result.get((row.code, column.code))))
            for row in indicator.rows
            for column in indicator.columns
        ]
    elif indicator.aggregate != Aggregate.NONE:
        levels: dict[str, list] = {}
        for unit, value, _t in found:
            levels.setdefault(unit.level.name, []).append(value)
        if len(levels) > 1:
            figure.by_level = [
                (name, show(indicator, aggregate(indicator, vals))) for name, vals in levels.items()
            ]
    return figure


def changes(period: ReportingPeriod) -> tuple:
    """What moves whenever the figures of the period, or of the year's other periods of its
    template (its trend), may change: every submission adds a version, every return dates one
    (one query)."""
    found = ReportVersion.objects.filter(
        report__period__template_id=period.template_id, report__period__year=period.year
    ).aggregate(count=Count("pk"), last=Max("pk"), returned=Max("returned_at"))
    return found["count"], found["last"], found["returned"]


def consolidate(
    period: ReportingPeriod, versions: list[ReportVersion] | None = None
) -> tuple[list[Figure], int]:
    """Every indicator's figures, in the template's order, and how many reports they come from
    (`versions`: the latest of each submitted report, when already loaded)."""
    versions = latest_versions(period) if versions is None else versions
    spec = period.template.spec
    return [_figure(section, indicator, versions) for section, indicator in spec.indicators()], len(
        versions
    )


def on_time_by_unit(
    year: int, *, as_of: datetime | None = None, unit: Unit | None = None
) -> list[tuple[Unit, OnTime]]:
    """Each unit's reports on time ÷ reports due in the opened periods of `year` (one query),
    or only `unit`'s. A unit owes the periods it takes part in: one created mid-year is added
    to the later ones."""
    as_of = as_of or timezone.now()
    owed: dict[int, list[Owed]] = {}
    units: dict[int, Unit] = {}
    reports = (
        UnitReport.objects.filter(period__year=year, period__state=ReportingPeriod.State.OPEN)
        .select_related("period", "unit__level")
        .order_by("unit__level__order", "unit__name")
    )
    if unit is not None:
        reports = reports.filter(unit=unit)
    for report in reports:
        units[report.unit_id] = report.unit
        owed.setdefault(report.unit_id, []).append(
            Owed(report.due, report.period.window_ends, report.first_submitted_at)
        )
    return [(units[pk], on_time(items, as_of=as_of)) for pk, items in owed.items()]


def scorecard_suggestion(unit: Unit, year: int, as_of: date) -> suggestions.Suggestion | None:
    """`reports.on_time` as the scorecard suggests it (assessments/suggestions.py): the unit's
    reports of `year` on time ÷ due, at the end of `as_of`; none while none is due."""
    end_of_day = datetime.combine(as_of, time.max, tzinfo=timezone.get_current_timezone())
    found = on_time_by_unit(year, as_of=end_of_day, unit=unit)
    if not found or not found[0][1].due:
        return None
    counted = found[0][1]
    return suggestions.Suggestion(
        source=_("báo cáo CCHC định kỳ"),
        numerator=Decimal(counted.on_time),
        denominator=Decimal(counted.due),
        as_of=as_of,
        url=reverse("reports:mine"),
        link_text=_("Xem các báo cáo của đơn vị"),
    )
