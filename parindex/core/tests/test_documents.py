"""The shared parts of every document (Decree 30/2020), read back from the PDF: text in its
order, the embedded fonts, the PDF/A marker and where the page numbers are."""

import io
from datetime import date

import pypdf
import pytest
from django.template import Context, Template

from parindex.core.documents import Document, IssuingBody, Signature, pdf_from_html

A4_HEIGHT = 841.89
MARGIN_TOP = 20 / 25.4 * 72  # 20 mm in points

DOCUMENT = Document(
    issuer=IssuingBody("UBND tỉnh Điện Biên", ("Sở Nội vụ",), "Điện Biên"),
    kind="Báo cáo",
    summary="Kết quả thử nghiệm",
    day=date(2026, 3, 5),
    number="12/BC-SNV",
    annex="Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch UBND tỉnh Điện Biên",
    signature=Signature(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Trần Thị Thanh Lan"),
    recipients=("UBND tỉnh", "Các sở, ban, ngành"),
)


def render(document: Document, paragraphs: int = 1) -> bytes:
    template = Template(
        '{% extends "documents/base.html" %}{% block content %}'
        "{% for n in paragraphs %}<p>Đoạn văn thứ {{ n }} của nội dung.</p>{% endfor %}"
        "{% endblock %}"
    )
    html = template.render(Context({"document": document, "paragraphs": range(1, paragraphs + 1)}))
    return pdf_from_html(html)


def lines_with_height(page) -> list[tuple[str, float]]:
    """Each piece of text of a page with its height on the page (points from the bottom)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_the_fixed_parts_come_in_their_order():
    text = pypdf.PdfReader(io.BytesIO(render(DOCUMENT))).pages[0].extract_text()
    expected = [
        "UBND TỈNH ĐIỆN BIÊN",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-SNV",
        "Điện Biên, ngày 05 tháng 3 năm 2026",
        "BÁO CÁO",
        "Kết quả thử nghiệm",
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026",
        "Đoạn văn thứ 1 của nội dung.",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Các sở, ban, ngành;",
        "- Lưu: VT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Thanh Lan",
    ]
    positions = [text.find(part) for part in expected]
    assert -1 not in positions, [part for part in expected if part not in text]
    assert positions == sorted(positions)


def test_blanks_where_nothing_is_known():
    document = Document(
        issuer=IssuingBody("", ("Ủy ban nhân dân", "Xã Mường Phăng"), "Mường Phăng"),
        kind="Phiếu kết quả",
        summary="Chỉ số cải cách hành chính năm 2026",
    )
    text = pypdf.PdfReader(io.BytesIO(render(document))).pages[0].extract_text()
    for expected in (
        "ỦY BAN NHÂN DÂN\nXÃ MƯỜNG PHĂNG",
        "Số: ……/……",
        "Mường Phăng, ngày …… tháng …… năm ……",
        "Nơi nhận:\n- Lưu: VT.",
        "……………………………\n……………………………",  # the position and the name, to write
    ):
        assert expected in text


def test_the_document_is_pdf_a_2b_with_liberation_serif_embedded():
    reader = pypdf.PdfReader(io.BytesIO(render(DOCUMENT)))
    metadata = reader.xmp_metadata
    assert (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert {str(font["/BaseFont"]).split("+")[1] for font in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4 portrait


def test_pages_are_numbered_at_the_top_from_the_second_on():
    reader = pypdf.PdfReader(io.BytesIO(render(DOCUMENT, paragraphs=80)))
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        in_top_margin = [
            text for text, height in lines_with_height(page) if height > A4_HEIGHT - MARGIN_TOP
        ]
        assert in_top_margin == ([] if number == 1 else [str(number)])
