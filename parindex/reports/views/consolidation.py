"""The province's pages of a period: completeness and timeliness, aggregates; and each unit's
on-time rate for a year (administrators only, 403 for anyone else)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse

from parindex.accounts.access import admin_required
from parindex.assessments.deadlines import today
from parindex.core import page_cache

from .. import access, consolidation, exports, trend, word
from ..timeliness import Standing


@admin_required
def period_detail(request: HttpRequest, pk: int):
    """Completeness: expected, on time, late, returned, missing; filtered by ?standing=."""
    period = access.get_period(request.user, pk)  # type: ignore[arg-type]
    only = request.GET.get("standing", "")
    only = only if only in Standing else ""
    report = consolidation.completeness(period, only=only)
    context = {"period": period, "completeness": report, "only": only, "standings": list(Standing)}
    return render(request, "reports/period_detail.html", context)


@admin_required
def period_aggregates(request: HttpRequest, pk: int):
    """Every indicator aggregated. A page of 60 units × 80 indicators costs tens of times the
    home page to compute and render, and changes only when a report is submitted or returned:
    kept whole (core.page_cache) under a key that moves with every submission and return."""
    period = access.get_period(request.user, pk)  # type: ignore[arg-type]

    periods = trend.year_periods(period)

    def page() -> TemplateResponse:
        figures, reporting = consolidation.consolidate(period)
        columns, rows = trend.trend(period, periods)
        context = {
            "period": period,
            "figures": figures,
            "reporting": reporting,
            "trend_periods": columns,
            "trend": rows,
        }
        return TemplateResponse(request, "reports/aggregates.html", context)

    # A period opened or a report sent in any of the year's periods changes the trend.
    key = [
        "report-aggregates",
        period.pk,
        period.title,
        [p.pk for p in periods],
        *consolidation.changes(period),
    ]
    return page_cache.serve(request, key, page, compress=True)


@admin_required
def timeliness(request: HttpRequest, year: int):
    rows = consolidation.on_time_by_unit(year)
    return render(
        request, "reports/timeliness.html", {"year": year, "rows": rows, "today": today()}
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin_required
def annex(request: HttpRequest, pk: int):
    """The data annex (Excel) of the period."""
    period = access.get_period(request.user, pk)  # type: ignore[arg-type]
    return _download(
        exports.annex(period), XLSX, f"phu-luc-so-lieu-{period.kind}-{period.year}.xlsx"
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@admin_required
def draft(request: HttpRequest, pk: int):
    """The Word draft of the province's report for the period."""
    period = access.get_period(request.user, pk)  # type: ignore[arg-type]
    return _download(word.draft(period), DOCX, f"du-thao-bao-cao-{period.kind}-{period.year}.docx")
