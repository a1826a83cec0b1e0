"""PDF documents of the published results, made with WeasyPrint from HTML templates in the form
of Decree 30/2020 (core/documents.py): the year's report (per level: ranking, bar chart, area
averages), attached to the decision approving it, and a unit's scorecard, issued by the unit and
signed by its head. Both are PDF/A-2b, with Liberation Serif embedded from the repository.
Charts are the web pages' server-side SVG (WeasyPrint runs no script), in the documents' font.

Rendering takes about a second a document: published documents are rendered once and stored
(stored_documents.py), never for each download.
"""

from django.utils import translation
from django.utils.safestring import mark_safe

from parindex.accounts.models import User
from parindex.core.documents import LANGUAGE, render_pdf

from . import charts, documents
from .models import Publication, PublishedLevel, PublishedResult
from .reports import (
    FIGURES,
    LevelRows,
    ResultRow,
    node_shown,
    published_report,
    report_of,
    result_row,
    within_max,
)

# A chart taller than this many bars would not fit on one A4 page (an SVG never breaks).
CHART_ROWS = 30
CHART_FONT = "Liberation Serif"
POINTS = ("self", "round1", "final")  # a node's points, a penalty's printed negative


def results_pdf(publication: Publication) -> bytes:
    """The year's report: title, version and date, then per level the ranking, the chart of the
    indices and the area averages; recipients and signature."""
    report = published_report(publication)
    # Only the figures the publication has: a historical year published an index or a rank.
    figures = [
        column
        for column in FIGURES
        if any(
            getattr(row, column.key) is not None for level in report.levels for row in level.rows
        )
    ]
    with translation.override(LANGUAGE):
        levels = [
            {
                "level": level,
                "rows": [_with_figures(r, figures) for r in level.rows],
                "areas": within_max(level.areas),
                "charts": _charts(level) if any(r.index is not None for r in level.rows) else [],
            }
            for level in report.levels
        ]
    context = {
        "document": documents.results_document(report),
        "report": report,
        "levels": levels,
        "figures": figures,
        "classes": any(row.classification for level in report.levels for row in level.rows),
    }
    return render_pdf("results/pdf_results.html", context)


def unit_pdf(result: PublishedResult, *, heads: dict[int, User] | None = None) -> bytes:
    """A unit's published scorecard: its tree with max, self, round 1, final and the team's
    comments, its totals, index, rank and class, and its head's signature block. `result`
    comes with its publication, unit and level; `heads` (documents.heads) is looked up for the
    unit when not given."""
    if heads is None:
        heads = documents.heads([result.unit_id])
    ranked, level_name = PublishedLevel.objects.filter(
        publication=result.publication_id, level=result.level_id
    ).values_list("units_ranked", "level_name").first() or (None, result.level.name)
    report = report_of(result.publication, [])
    row = result_row(result)
    context = {
        "document": documents.unit_document(result, heads.get(result.unit_id), report),
        "report": report,
        "level_name": level_name,
        "row": _with_figures(row, [c for c in FIGURES if getattr(row, c.key) is not None]),
        "nodes": [node | {key: node_shown(node, key) for key in POINTS} for node in row.nodes],
        "units_ranked": ranked,
    }
    return render_pdf("results/pdf_unit.html", context)


def _with_figures(row: ResultRow, columns=FIGURES) -> dict:
    figures = [(column, column.shown(getattr(row, column.key))) for column in columns]
    return {"row": row, "figures": figures}


def _charts(level: LevelRows) -> list[str]:
    bars = [charts.Bar(row.unit_name, (row.index,)) for row in level.rows]
    title = f"Chỉ số cải cách hành chính – {level.name}"
    # charts.bars escapes every text it draws.
    return [
        mark_safe(  # noqa: S308
            charts.bars(bars[start : start + CHART_ROWS], title=title, font=CHART_FONT)
        )
        for start in range(0, len(bars), CHART_ROWS)
    ]
