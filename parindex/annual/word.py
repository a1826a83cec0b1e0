"""The annual report as a Word document (python-docx) that the office edits before signing, laid
out as Decree 30/2020 (Phụ lục I) asks and as the PDFs are (core/templates/documents/): A4,
margins 20/20/30/15 mm, Times New Roman 13, the header as a two-column table (issuing body and
number; national name, motto, place and date), the document type and summary, the content, then
recipients and the signature block side by side. Charts are PNG (images.py)."""

import io
from collections.abc import Callable

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt, RGBColor

from parindex.core.documents import Document

from . import images
from .content import DRAFT, AnnualReport, Chart, Heading, PageBreak, Paragraph, Table

FONT = "Times New Roman"
SIZE = Pt(13)
SMALL = Pt(10)
TEXT_WIDTH = Mm(165)  # A4 less the margins
DRAFT_COLOR = RGBColor(0xB0, 0x3A, 0x2E)
TABLE, SMALL_TABLE = "Bảng", "Bảng nhiều cột"


def report_docx(report: AnnualReport, progress: Callable[[int], None] | None = None) -> bytes:
    """The .docx; `progress` is called with the number of blocks written every so often."""
    doc = new_document()
    _page(doc)
    _header(doc, report.document)
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
    _closing(doc, report.document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    # East Asian text falls back to another font unless named for it too.
    normal.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    normal.paragraph_format.space_after = Pt(6)
    for name, size in ((TABLE, SMALL), (SMALL_TABLE, Pt(9))):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = size
        style.paragraph_format.space_after = Pt(0)
    doc.core_properties.title = "Báo cáo"
    doc.core_properties.author = "PAR Index"


def _line(cell_or_doc, text: str, *, bold=False, italic=False, size=SIZE, center=True, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    # Only what differs from the style: each property set is an XML element (a report of 4,000
    # units has a million cells).
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size != SIZE:
        run.font.size = size
    return paragraph


def _header(doc, document: Document) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    issuer = document.issuer
    first = True
    if issuer.superior:
        _line(left, issuer.superior.upper(), first=True)
        first = False
    for name in issuer.name:
        _line(left, name.upper(), bold=True, first=first)
        first = False
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(12), first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    number, place = table.rows[1].cells
    _line(number, document.number_line, first=True)
    _line(place, document.date_line, italic=True, first=True)
    _line(doc, "")
    _line(doc, document.kind.upper(), bold=True)
    _line(doc, document.summary, bold=True)
    if document.annex:
        _line(doc, f"({document.annex})", italic=True)
    _line(doc, "")


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


def _closing(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    recipients, signer = table.rows[0].cells
    _line(recipients, "Nơi nhận:", bold=True, italic=True, size=Pt(12), center=False, first=True)
    for line in document.recipient_lines:
        _line(recipients, line, size=Pt(11), center=False)
    lines = document.signature.lines or ("……………………………",)
    for number, line in enumerate(lines):
        _line(signer, line.upper(), bold=True, first=number == 0)
    for _ in range(4):
        _line(signer, "")
    _line(signer, document.signature.name or "……………………………", bold=True)
