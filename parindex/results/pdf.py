"""PDF documents of the published results, made with WeasyPrint from HTML templates: the year's
report (per level: ranking, bar chart, area averages) and a unit's scorecard for its archive and
signature.

The templates refer only to this app's static directory (the stylesheet and the Noto Sans fonts it
embeds, see static/results/fonts/OFL.txt) and the renderer may open local files only, so a report
looks the same on every server and nothing is fetched from another host. Charts are the web
pages' server-side SVG (WeasyPrint runs no script).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import charts
from .exports import FIGURES, LevelRows, ResultRow, published_report, report_of, result_row
from .models import Publication, PublishedLevel, PublishedResult

STATIC = Path(__file__).resolve().parent / "static"
# A chart taller than this many bars would not fit on one A4 page (an SVG never breaks).
CHART_ROWS = 30
# The province's document of record: Vietnamese words and decimal commas for every reader.
LANGUAGE = "vi"


def results_pdf(publication: Publication) -> bytes:
    """The year's report: title, version and date, then per level the ranking, the chart of the
    indices and the area averages."""
    report = published_report(publication)
    with translation.override(LANGUAGE):
        levels = [
            {
                "level": level,
                "rows": [_with_figures(r) for r in level.rows],
                "charts": _charts(level),
            }
            for level in report.levels
        ]
        context = {"report": report, "levels": levels, "figures": FIGURES}
        return _render("results/pdf_results.html", context)


def unit_pdf(result: PublishedResult) -> bytes:
    """A unit's published scorecard: its tree with max, self, round 1, final and the team's
    comments, its totals, index, rank and class, and a block for the head's signature and seal.
    `result` comes with its publication, unit and level."""
    ranked, level_name = PublishedLevel.objects.filter(
        publication=result.publication_id, level=result.level_id
    ).values_list("units_ranked", "level_name").first() or (None, result.level.name)
    context = {
        "report": report_of(result.publication, []),
        "level_name": level_name,
        "row": _with_figures(result_row(result)),
        "units_ranked": ranked,
        "place": settings.PROVINCE_NAME,
    }
    with translation.override(LANGUAGE):
        return _render("results/pdf_unit.html", context)


def _with_figures(row: ResultRow) -> dict:
    return {"row": row, "figures": [(column, getattr(row, column.key)) for column in FIGURES]}


def _charts(level: LevelRows) -> list[str]:
    bars = [charts.Bar(row.unit_name, (row.index,)) for row in level.rows]
    title = f"Chỉ số cải cách hành chính – {level.name}"
    # charts.bars escapes every text it draws.
    return [
        mark_safe(charts.bars(bars[start : start + CHART_ROWS], title=title))  # noqa: S308
        for start in range(0, len(bars), CHART_ROWS)
    ]


def _render(template: str, context: dict) -> bytes:
    return HTML(
        string=render_to_string(template, context),
        base_url=STATIC.as_uri() + "/",
        url_fetcher=URLFetcher(allowed_protocols={"file"}),
    ).write_pdf()
