"""Administrative documents as Word files (.docx, python-docx), in the form of Decree 30/2020
(Phụ lục I), for drafts the province edits before signing: A4, margins 20/20/30/15 mm (top,
bottom, left, right), Times New Roman 14 (13 for the national name, 12–11 for the recipients),
the header with the issuing body, number, national name, motto, place and date; the type and
summary; the recipients and the signature block. The fixed parts come from a
`core.documents.Document`, as the PDFs' do.
"""

import io

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .documents import Document

FONT = "Times New Roman"
SIZE = Pt(14)
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
BLANK_SIGNER = "……………………………"


def set_font(style_or_run, size=SIZE) -> None:
    """Times New Roman for every script: Word takes Vietnamese letters from the East Asian and
    complex-script slots unless they are named too."""
    style_or_run.font.name = FONT
    style_or_run.font.size = size
    element = style_or_run.element
    properties = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element.rPr
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def new_document() -> Docx:
    """An empty A4 document with the Decree's margins and font."""
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    set_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    return document


def paragraph(
    where: Docx | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size=SIZE,
    align=None,
    indent: bool = False,
) -> Paragraph:
    """One paragraph of `text` in the document's font (`indent`: the body's first-line indent)."""
    para = where.add_paragraph()
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = Mm(12.7)
    run = para.add_run(text)
    run.bold, run.italic = bold, italic
    set_font(run, size)
    return para


def _cell_lines(cell: _Cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, look in lines:
        para = paragraph(cell, text, **({"align": CENTER} | look))
        para.paragraph_format.space_after = Pt(0)


def header(document: Docx, fixed: Document) -> None:
    """Issuing body and number on the left, national name, motto, place and date on the right,
    then the document's type and summary."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    issuer = fixed.issuer
    lines: list[tuple[str, dict]] = []
    if issuer.superior:
        lines.append((issuer.superior.upper(), {"size": Pt(13)}))
    lines += [(name.upper(), {"bold": True, "size": Pt(13)}) for name in issuer.name]
    lines += [(fixed.number_line, {"size": Pt(13)})]
    _cell_lines(left, lines)
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": Pt(13)}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True}),
            (fixed.date_line, {"italic": True}),
        ],
    )
    paragraph(
        document, fixed.kind.upper(), bold=True, align=CENTER
    ).paragraph_format.space_before = Pt(12)
    paragraph(document, fixed.summary, bold=True, align=CENTER)
    if fixed.annex:
        paragraph(document, f"({fixed.annex})", italic=True, align=CENTER)


def closing(document: Docx, fixed: Document) -> None:
    """Recipients on the left, the signature block on the right (blanks where no signer is
    known)."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    recipients = [("Nơi nhận:", {"bold": True, "italic": True, "size": Pt(12), "align": None})]
    recipients += [(line, {"size": Pt(11), "align": None}) for line in fixed.recipient_lines]
    _cell_lines(left, recipients)
    signed = [(line.upper(), {"bold": True}) for line in fixed.signature.lines] or [
        (BLANK_SIGNER, {})
    ]
    signed += [("", {}), ("", {}), ("", {}), (fixed.signature.name or BLANK_SIGNER, {"bold": True})]
    _cell_lines(right, signed)


def to_bytes(document: Docx) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
