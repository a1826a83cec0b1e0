"""Each indicator across the year's periods of one template (quý I, 6 tháng, quý III, năm): the
province's figure per period, as a small table and a column chart. Two queries whatever the
number of units, indicators and periods: the periods, then every latest version among them."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from parindex.core.numbers import format_exact, format_points

from . import charts
from . import values as reading
from .aggregates import Result, aggregate, as_number
from .consolidation import latest_among, show
from .models import KIND_LABELS, ReportingPeriod, ReportVersion
from .spec import Aggregate, Indicator, IndicatorType, Section


@dataclass
class TrendRow:
    section: Section
    indicator: Indicator
    label: str  # the indicator, or one cell of a table
    shown: list[str]  # the province's figure in each period, as the aggregates page writes it
    chart: str  # SVG, escaped


def _chart_text(indicator: Indicator, value: Decimal) -> str:
    if indicator.type == IndicatorType.PERCENTAGE:
        return f"{format_points(value)}%"
    if indicator.aggregate == Aggregate.MEAN:
        return format_points(value)
    return format_exact(value)


def _row(
    section: Section,
    indicator: Indicator,
    label: str,
    results: list[tuple[ReportingPeriod, Result]],
    current: ReportingPeriod,
) -> TrendRow:
    numbers = [as_number(result) for _p, result in results]
    columns = [
        charts.Column(
            str(KIND_LABELS.get(p.kind, p.kind)),
            number,
            _chart_text(indicator, number) if number is not None else "",
            current=p.pk == current.pk,
        )
        for (p, _r), number in zip(results, numbers, strict=True)
    ]
    title = _("%(indicator)s qua các kỳ báo cáo năm %(year)d") % {
        "indicator": label,
        "year": current.year,
    }
    return TrendRow(
        section,
        indicator,
        label,
        [show(indicator, result) for _p, result in results],
        mark_safe(charts.columns(columns, title=title)),  # noqa: S308 - escaped SVG
    )


def year_periods(period: ReportingPeriod) -> list[ReportingPeriod]:
    """The opened periods of the same template and year, in the order of their data windows."""
    return list(
        ReportingPeriod.objects.filter(
            template_id=period.template_id, year=period.year, state=ReportingPeriod.State.OPEN
        ).order_by("window_ends", "deadline", "pk")
    )


def trend(
    period: ReportingPeriod, periods: list[ReportingPeriod]
) -> tuple[list[ReportingPeriod], list[TrendRow]]:
    """The year's periods (`year_periods`) and, for every indicator that aggregates (a table:
    every cell), the province's figure in each of them."""
    versions: dict[int, list[ReportVersion]] = {p.pk: [] for p in periods}
    for version in latest_among(ReportVersion.objects.filter(report__period__in=periods)):
        versions[version.report.period_id].append(version)
    rows = []
    for section, indicator in period.template.spec.indicators():
        if indicator.aggregate == Aggregate.NONE:
            continue
        results: list[tuple[ReportingPeriod, Result]] = []
        for p in periods:
            found = []
            for version in versions[p.pk]:
                typed = version.content.get(section.code, {}).get("values", {})
                if (value := reading.read(indicator, typed).value) is not None:
                    found.append(value)
            results.append((p, aggregate(indicator, found)))
        name = f"{indicator.code}. {indicator.title}"
        if indicator.type != IndicatorType.TABLE:
            rows.append(_row(section, indicator, name, results, period))
            continue
        for line in indicator.rows:
            for column in indicator.columns:
                cell = (line.code, column.code)
                cells = [
                    (p, result.get(cell) if isinstance(result, dict) else None)
                    for p, result in results
                ]
                label = f"{name}: {line.title}, {column.title}"
                rows.append(_row(section, indicator, label, cells, period))
    return periods, rows
