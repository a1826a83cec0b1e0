"""The annual report as PDF/A-2b (WeasyPrint), from the same content as the Word document, in the
documents' shared Decree 30/2020 layout (core/templates/documents/); charts are the results'
server-side SVG in the documents' font."""

from django.utils.safestring import mark_safe

from parindex.core.documents import render_pdf
from parindex.results import charts
from parindex.results.pdf import CHART_FONT

from .content import DRAFT, AnnualReport, Chart


def report_pdf(report: AnnualReport) -> bytes:
    blocks = [
        {"block": block, "svg": _svg(block) if isinstance(block, Chart) else ""}
        for block in report.blocks
    ]
    context = {"document": report.document, "report": report, "blocks": blocks, "draft": DRAFT}
    return render_pdf("annual/pdf_report.html", context)


def _svg(chart: Chart) -> str:
    # charts.bars escapes every text it draws.
    return mark_safe(  # noqa: S308
        charts.bars(
            chart.bars,
            title=chart.title,
            series=chart.series,
            maximum=chart.maximum,
            font=CHART_FONT,
        )
    )
