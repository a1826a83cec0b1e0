"""The annual report as a Word document (python-docx) that the office edits before signing: the
Decree 30/2020 page, header, recipients and signature of core/word.py around the report's
blocks (content.py); charts are PNG (images.py)."""

import io
from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt, RGBColor

from parindex.core import word as core_word

from . import images
from .content import DRAFT, AnnualReport, Chart, Heading, PageBreak, Paragraph, Table

SIZE = core_word.SIZE
SMALL = Pt(10)
TEXT_WIDTH = Mm(165)  # A4 less the margins
DRAFT_COLOR = RGBColor(0xB0, 0x3A, 0x2E)
TABLE, SMALL_TABLE = "Bảng", "Bảng nhiều cột"


def report_docx(report: AnnualReport, progress: Callable[[int], None] | None = None) -> bytes:
    """The .docx; `progress` is called with the number of blocks written every so often."""
    doc = core_word.new_document()
    doc.core_properties.title = f"{report.document.kind} {report.document.summary}"
    doc.core_properties.author = "PAR Index"
    _table_styles(doc)
    core_word.header(doc, report.document)
    for number, block in enumerate(report.blocks, start=1):
        if isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if progress is not None and number % 50 == 0:
            progress(number)
    core_word.closing(doc, report.document)
    return core_word.to_bytes(doc)


def _table_styles(doc) -> None:
    normal = doc.styles["Normal"]
    for name, size in ((TABLE, SMALL), (SMALL_TABLE, Pt(9))):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = size
        style.paragraph_format.space_after = Pt(0)


def _line(doc, text: str, *, italic=False, size=SIZE):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    # Only what differs from the style: each property set is an XML element (a report of 4,000
    # units has a million cells).
    if italic:
        run.italic = True
    if size != SIZE:
        run.font.size = size
    return paragraph


def _heading(doc, block: Heading) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    run = paragraph.add_run(block.text)
    run.bold = True
    run.italic = block.level == 3


def _paragraph(doc, block: Paragraph) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    if block.draft:
        marker = paragraph.add_run(DRAFT)
        marker.bold = True
        marker.font.color.rgb = DRAFT_COLOR
    run = paragraph.add_run(block.text)
    run.italic = block.draft


def _styled(cell, style_id: str):
    """The cell's paragraph in the style: set on the XML, since `paragraph.style = ...` checks
    every style of the document for the default each time (30 s for a hundred units)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def _table(doc, block: Table) -> None:
    style = doc.styles[SMALL_TABLE if block.small else TABLE].style_id
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        paragraph = _styled(cell, style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(header).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for number, (cell, text) in enumerate(zip(cells, row, strict=True)):
            paragraph = _styled(cell, style)
            if number in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(text)
    doc.add_paragraph()


def _chart(doc, block: Chart) -> None:
    if not block.bars:
        return
    png = images.bars_png(block.bars, series=block.series, maximum=block.maximum)
    # Not doc.add_picture: finding the paragraph it added walks the whole document.
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=TEXT_WIDTH)
    _line(doc, block.title, italic=True, size=SMALL)
