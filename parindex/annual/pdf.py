"""The annual report as PDF/A-2b (WeasyPrint), from the same content as the Word document, in the
documents' shared Decree 30/2020 layout (core/templates/documents/); charts are the results'
server-side SVG in the documents' font.

WeasyPrint keeps every page of a document laid out until it is written: at national scale (4,000
units, one annex page each) that took 8.4 GB and 16 minutes. The report is therefore rendered in
parts cut where a page break is forced anyway (the annex's unit pages), at most PART_BLOCKS blocks
each, the pages numbered on from part to part, and the parts joined with pypdf into the first
one, whose PDF/A catalogue (metadata, output intent) the whole keeps."""

import io
from collections.abc import Callable, Iterator

from django.utils.safestring import mark_safe
from pypdf import PdfReader, PdfWriter

from parindex.core.documents import render_pdf
from parindex.results import charts
from parindex.results.pdf import CHART_FONT

from .content import DRAFT, AnnualReport, Block, Chart, PageBreak

PART_BLOCKS = 400


def report_pdf(report: AnnualReport, progress: Callable[[int], None] | None = None) -> bytes:
    """The PDF; `progress` is called with the number of blocks rendered after each part."""
    parts = list(_parts(report.blocks, PART_BLOCKS))
    writer: PdfWriter | None = None
    pages = done = 0
    for number, part in enumerate(parts):
        context = {
            "document": report.document,
            "report": report,
            "blocks": [
                {"block": block, "svg": _svg(block) if isinstance(block, Chart) else ""}
                for block in part
            ],
            "draft": DRAFT,
            "last": number == len(parts) - 1,
            "first_page": pages + 1,
        }
        template = "annual/pdf_part.html" if number else "annual/pdf_report.html"
        reader = PdfReader(io.BytesIO(render_pdf(template, context)))
        if writer is None:
            writer = PdfWriter(clone_from=reader)
        else:
            writer.append(reader)
        pages += len(reader.pages)
        done += len(part)
        if progress is not None:
            progress(done)
    assert writer is not None
    joined = io.BytesIO()
    writer.write(joined)
    return joined.getvalue()


def _parts(blocks: list[Block], size: int) -> Iterator[list[Block]]:
    """`blocks` cut before page breaks into parts of at most `size` blocks where the pages
    between two breaks allow it; a part starts on a page of its own, so its break is dropped."""
    pages: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        pages[-1].append(block)
    part: list[Block] = []
    for page in pages:
        if part and len(part) + len(page) > size:
            yield part
            part = page[1:]
        else:
            part.extend(page)
    yield part


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
