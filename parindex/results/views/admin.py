"""A period's results for the admin and the appraisal lead (everyone else: 404), during the round:
the preview the engine computes from the current data, per level and per area, sortable by any
figure without JavaScript; the year's publications; and publishing a new version."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parindex.assessments.models import AssessmentPeriod
from parindex.core.text import collation_key

from .. import access, publishing
from ..forms import PublishForm
from ..models import Publication
from ..preview import latest_workbook

# Sortable columns: the key in ?sort=, the heading, the figure of a UnitRow.
COLUMNS: tuple[tuple[str, str, Callable[[publishing.UnitRow], object]], ...] = (
    ("rank", gettext_lazy("Hạng"), lambda row: row.rank),
    ("unit", gettext_lazy("Đơn vị"), lambda row: collation_key(row.unit.name)),
    ("self", gettext_lazy("Điểm tự chấm"), lambda row: row.self_result.total),
    ("appraised", gettext_lazy("Điểm thẩm định"), lambda row: row.appraised_points),
    ("survey", gettext_lazy("Điểm điều tra XHH"), lambda row: row.survey_points),
    ("bonus", gettext_lazy("Điểm thưởng"), lambda row: row.final_result.bonus),
    ("penalty", gettext_lazy("Điểm trừ"), lambda row: row.final_result.penalty),
    ("total", gettext_lazy("Tổng điểm"), lambda row: row.final_result.total),
    ("max", gettext_lazy("Điểm tối đa"), lambda row: row.final_result.max),
    ("index", gettext_lazy("Chỉ số"), lambda row: row.index),
)
FIGURES = {key: figure for key, _label, figure in COLUMNS}
# A first click lists positions and names from the top, points from the highest.
ASCENDING_FIRST = {"rank", "unit"}


def _sorting(params) -> tuple[str, bool]:
    key = params.get("sort", "")
    if key not in FIGURES:
        return "rank", False
    return key, params.get("dir") == "desc"


def _sorted(rows: list[publishing.UnitRow], key: str, descending: bool):
    """Rows by one figure; rows without it (no index, so no rank) last either way, and ties in
    the engine's order (rank, then name)."""
    figure = FIGURES[key]
    known = [row for row in rows if figure(row) is not None]
    unknown = [row for row in rows if figure(row) is None]
    return sorted(known, key=figure, reverse=descending) + unknown


def _headings(key: str, descending: bool) -> list[dict]:
    headings = []
    for column, label, _figure in COLUMNS:
        active = column == key
        descending_next = not descending if active else column not in ASCENDING_FIRST
        query = urlencode({"sort": column, "dir": "desc" if descending_next else "asc"})
        headings.append(
            {
                "key": column,
                "label": label,
                "active": active,
                "query": query,
                "numeric": column != "unit",
            }
        )
    return headings


def _level(block: publishing.LevelBlock, key: str, descending: bool) -> dict:
    # Area 9 (bonus and penalty) has no max: its amounts are the bonus and penalty columns.
    areas = [area for area in block.rows[0].spec.nodes if area.max_points > 0]
    return {
        "level": block.level,
        "mean_index": block.mean_index,
        "areas": areas,
        "units": [
            {"row": row, "areas": [row.final_result.nodes[area.code] for area in areas]}
            for row in _sorted(block.rows, key, descending)
        ],
    }


def _page(request: HttpRequest, period: AssessmentPeriod, form: PublishForm | None = None):
    blocks = publishing.compute(period)
    publications = list(Publication.objects.filter(year=period.year).select_related("published_by"))
    key, descending = _sorting(request.GET)
    return render(
        request,
        "results/admin_preview.html",
        {
            "period": period,
            "levels": [_level(block, key, descending) for block in blocks],
            "headings": _headings(key, descending),
            "descending": descending,
            "publications": publications,
            "next_version": publications[0].version + 1 if publications else 1,
            "problems": publishing.problems(blocks),
            "outstanding": publishing.outstanding(blocks),
            "unit_count": sum(len(block.rows) for block in blocks),
            "form": form or PublishForm(republishing=bool(publications)),
            "can_publish": access.can_publish(request.user),
            "workbook": latest_workbook(period, request.user),
        },
    )


def preview(request: HttpRequest, period_pk: int):
    return _page(request, access.get_period_to_check(request.user, period_pk))


@require_POST
def publish(request: HttpRequest, period_pk: int):
    """The admin publishes (the lead prepares and checks the results, DESIGN.md)."""
    period = access.get_period_to_publish(request.user, period_pk)
    form = PublishForm(
        request.POST, republishing=Publication.objects.filter(year=period.year).exists()
    )
    if form.is_valid():
        try:
            publication = publishing.publish(
                period,
                by=request.user,
                reason=form.cleaned_data["reason"],
                decision=form.decision(),
            )
        except publishing.PublishError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã công bố kết quả năm %(year)s, phiên bản %(version)s.")
                % {"year": publication.year, "version": publication.version},
            )
            return redirect("results:preview", period_pk=period.pk)
    return _page(request, period, form)
