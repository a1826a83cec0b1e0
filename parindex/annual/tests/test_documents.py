"""The report's numbers, read back from the .docx (python-docx) and the PDF (pypdf), are the
snapshot's, for two consecutive years with a merged unit and a new one."""

import io
import re

import docx
import pypdf
import pytest
from django.utils import translation

from parindex.annual import loading, pdf, word
from parindex.annual.content import Heading, PageBreak, Paragraph
from parindex.core.numbers import format_points
from parindex.testing.documents import pdf_text


@pytest.fixture
def content(this_year):
    with translation.override("vi"):
        return loading.annual_report(this_year)


@pytest.fixture
def document(content):
    with translation.override("vi"):
        return docx.Document(io.BytesIO(word.report_docx(content)))


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def ranking(document) -> list[list[str]]:
    return next(
        rows(t)
        for t in document.tables
        if t.rows[0].cells[0].text == "Đơn vị" and len(t.columns) == 13
    )


def test_the_word_ranking_is_the_snapshot(document, this_year):
    header, *lines = ranking(document)
    assert header[8:] == ["Chỉ số (%)", "Hạng", "Xếp loại", "± Chỉ số", "± Hạng"]
    with translation.override("vi"):
        expected = [
            [
                result.unit_name,
                format_points(result.self_total),
                format_points(result.appraised_points),
                format_points(result.total),
                format_points(result.index),
                str(result.rank),
                result.classification,
            ]
            for result in this_year.results.order_by("rank")
        ]
    assert [[line[0], line[1], line[2], line[6], line[8], line[9], line[10]] for line in lines] == (
        expected
    )
    # Xã Mới against its predecessors' mean (80 and 70), Xã A against itself, Xã Lập Mới new.
    assert [line[11:] for line in lines] == [["+20,00*", "–"], ["−5,00", "−1"], ["Mới", "–"]]


def test_the_word_document_has_the_decree_layout_sections_charts_and_draft(document):
    text = "\n".join(p.text for p in document.paragraphs)
    (issuer, nation), *_ = rows(document.tables[0])
    assert nation.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert issuer.endswith("Số: ……/……")
    for section in (
        "I. CÁCH THỨC",
        "II. KẾT QUẢ",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. NGUYÊN NHÂN",
        "PHỤ LỤC I.",
        "PHỤ LỤC II.",
    ):
        assert section in text
    assert "[Dự thảo] UBND xã, phường: 3 đơn vị, chỉ số trung bình 80,00%" in text
    assert "Xã Mới: Xã B, Xã C" in text
    assert len(document.inline_shapes) == 3  # classes, ranking, areas against last year
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.1)
    closing = rows(document.tables[-1])[0]
    assert closing[0].startswith("Nơi nhận:")


def test_the_classes_and_losses_tables(document):
    tables = [rows(t) for t in document.tables]
    classes = next(t for t in tables if t[0][0] == "Xếp loại")
    assert classes[1:] == [
        ["Xuất sắc", "1", "33,33", "0", "+1"],
        ["Tốt", "1", "33,33", "1", "0"],
        ["Khá", "0", "0,00", "2", "−2"],
        ["Trung bình", "1", "33,33", "0", "+1"],
    ]
    losses = next(t for t in tables if t[0][1] == "Tiêu chí thành phần")
    assert [line[0] for line in losses[1:]] == ["1.2", "2.2"]
    assert losses[1][3:] == ["6,00", "3"]


def test_the_pdf_carries_the_same_numbers(content, this_year):
    with translation.override("vi"):
        text = pdf_text(pdf.report_pdf(content))
    flat = re.sub(r"\s+", " ", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "BÁO CÁO" in flat
    for result in this_year.results.all():
        with translation.override("vi"):
            assert f"{result.unit_name} {format_points(result.self_total)}" in flat
            assert format_points(result.index) in flat
    assert "+20,00*" in flat
    assert "[Dự thảo]" in flat


def test_the_pdf_rendered_in_parts_is_one_pdf_a_numbered_on_and_signed_at_the_end(
    content, monkeypatch
):
    with translation.override("vi"):
        whole = pypdf.PdfReader(io.BytesIO(pdf.report_pdf(content)))
        monkeypatch.setattr(pdf, "PART_BLOCKS", 5)  # each unit page a part of its own
        calls: list[int] = []
        joined = pypdf.PdfReader(io.BytesIO(pdf.report_pdf(content, calls.append)))

    assert len(calls) == 5  # sections I–IV, annex I, then the three units' pages
    assert len(joined.pages) == len(whole.pages)
    metadata = joined.xmp_metadata
    assert metadata is not None
    assert (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")
    texts = [page.extract_text() for page in joined.pages]
    assert texts == [page.extract_text() for page in whole.pages]
    # Numbered from the second page on, across the parts.
    assert [text.split()[-1] for text in texts[1:]] == [str(n) for n in range(2, len(texts) + 1)]
    assert "Nơi nhận" in texts[-1]
    assert not any("Nơi nhận" in text for text in texts[:-1])


def test_parts_are_cut_at_page_breaks_only():
    first, second = Heading("I."), Paragraph("…")
    unit = [PageBreak(), Heading("Xã A", 2), Paragraph("Chỉ số")]
    blocks = [first, second, *unit, *unit, *unit]

    parts = list(pdf._parts(blocks, 5))

    assert parts == [[first, second, *unit], [*unit[1:], *unit]]
    assert list(pdf._parts(blocks, 100)) == [blocks]
