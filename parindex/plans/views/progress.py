"""Following progress: the province's dashboard and coverage page (admin), a unit's task board,
and the public page of a year the admin has made public."""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from parindex.catalog.models import Field, Unit, UnitLevel
from parindex.core import page_cache
from parindex.results.charts import Bar, bars

from .. import access, tracking
from ..forms import FilterForm
from ..models import PlanYear

FILTERS = ("level", "field", "status", "unit")
# The unit table a page at a time: a national year's 4,000 rows took seconds to render.
UNITS_PER_PAGE = 100


# A bar a unit: beyond this many the chart would be a wall; the filters narrow it down.
CHART_UNITS = 80


def _rate_chart(units: list[tracking.UnitSummary], title: str) -> str:
    if not units or len(units) > CHART_UNITS:
        return ""
    rows = [
        Bar(entry.unit.short_name or entry.unit.name, (entry.rate.percent if entry.rate else None,))
        for entry in units
    ]
    return mark_safe(bars(rows, title=title))  # noqa: S308 – escaped by bars()


def _changed_at(year: int):
    return PlanYear.objects.filter(year=year).values_list("changed_at", flat=True).first()


def dashboard(request: HttpRequest, year: int):
    """Served from the cache while the year's plans have not changed (`planning.touch`)."""
    access.require_admin(request.user)

    def page() -> TemplateResponse:
        form = FilterForm(
            request.GET or None,
            levels=UnitLevel.objects.all(),
            fields=Field.objects.all(),
            status_labels=tracking.STATUS_LABELS,
        )
        data = tracking.dashboard(year, timezone.localdate(), form.filters())
        chart = _rate_chart(data.units, _("Tỷ lệ hoàn thành nhiệm vụ theo đơn vị"))
        context = {
            "year": year,
            "form": form,
            "data": data,
            "page": _units_page(request, data),
            "columns": tracking.status_columns(),
            "chart": chart,
        }
        return TemplateResponse(request, "plans/dashboard.html", context)

    key = ["plans-dashboard", year, _changed_at(year)]
    return page_cache.serve(request, key, page, parameters=(*FILTERS, "page"))


def _units_page(request: HttpRequest, data: tracking.Dashboard) -> Page:
    return Paginator(data.units, UNITS_PER_PAGE).get_page(request.GET.get("page"))


def board(request: HttpRequest, year: int):
    unit = Unit.objects.get(pk=access.own_unit_id(request.user))
    entry = tracking.unit_progress(unit, year, timezone.localdate())
    return render(
        request,
        "plans/board.html",
        {"year": year, "entry": entry, "columns": tracking.status_columns()},
    )


def coverage(request: HttpRequest, year: int):
    access.require_admin(request.user)
    rows = tracking.coverage(year, timezone.localdate())
    return render(request, "plans/coverage.html", {"year": year, "rows": rows})


@login_not_required
def public(request: HttpRequest, year: int):
    access.get_public_year(year)

    def page() -> TemplateResponse:
        data = tracking.dashboard(year, timezone.localdate(), tracking.Filters())
        chart = _rate_chart(data.units, _("Tỷ lệ hoàn thành kế hoạch CCHC theo đơn vị"))
        context = {
            "year": year,
            "data": data,
            "page": _units_page(request, data),
            "columns": tracking.status_columns(),
            "chart": chart,
        }
        return TemplateResponse(request, "plans/public.html", context)

    key = ["plans-public", year, _changed_at(year)]
    return page_cache.serve(request, key, page, parameters=("page",))


def rate(request: HttpRequest, year: int, unit_pk: int):
    """A unit's completion rate with the tasks counted and those done: every figure opened."""
    unit = access.get_rate_unit(request.user, unit_pk)
    today = timezone.localdate()
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = today
    entry = tracking.unit_progress(unit, year, today, as_of)
    assert entry.rate is not None
    due, done = set(entry.rate.due), set(entry.rate.done)
    return render(
        request,
        "plans/rate.html",
        {
            "year": year,
            "unit": unit,
            "as_of": as_of,
            "rate": entry.rate,
            "due": [row for row in entry.rows if row.task.pk in due],
            "not_counted": [row for row in entry.rows if row.task.pk not in due],
            "done": done,
            "late": set(entry.rate.late),
        },
    )
