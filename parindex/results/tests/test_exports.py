"""Downloads of the results: the workbook and open data read back with openpyxl, csv and json, the
PDFs read back with pypdf, and the views through their URLs."""

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from parindex.accounts.models import Role
from parindex.appraisal import workflow
from parindex.appraisal.models import AppraisedEntry
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.core.dates import long_date_vi
from parindex.results import documents, exports, pdf, preview, publishing
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.results.views import exports as views

from .conftest import appraise_all

pytestmark = pytest.mark.django_db
HEADER_ROW = exports.HEADER_ROW

HEADERS = [
    "Xếp hạng",
    "Đơn vị",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Điểm thưởng",
    "Điểm trừ",
    "Tổng điểm",
    "Điểm tối đa",
    "Chỉ số (%)",
    "Xếp loại",
]


@pytest.fixture
def publication(finalized, admin_user):
    return publishing.publish(finalized[0].period, by=admin_user)


def record_decision(publication) -> None:
    Publication.objects.filter(pk=publication.pk).update(
        decision_number="125/QĐ-UBND",
        decision_date=date(2026, 3, 5),
        decision_by="Chủ tịch UBND tỉnh Điện Biên",
        decision_signer="Lò Văn Phương",
        decision_signer_position="Chủ tịch UBND tỉnh",
    )
    publication.refresh_from_db()


def published_on(publication) -> str:
    return timezone.localtime(publication.published_at).strftime("%d/%m/%Y")


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def fonts(resources) -> list:
    """Every font of a page, including those of its forms (the SVG charts)."""
    found = list(resources.get("/Font", {}).values())
    for form in resources.get("/XObject", {}).values():
        found += fonts(form.get_object().get("/Resources", {}))
    return [font.get_object() for font in found]


# ---------------------------------------------------------------------------------------------
# The workbook


def test_the_summary_sheet_ranks_each_level_with_numbers_as_numbers(publication):
    book = workbook(exports.results_workbook(publication))
    assert book.sheetnames == ["Tổng hợp", "Sở Tài chính", "Sở Tư pháp"]
    summary = book["Tổng hợp"]
    assert values(summary, HEADER_ROW) == HEADERS
    assert summary["A11"].value == "Sở, ban, ngành (2 đơn vị)"
    assert values(summary, 12) == [1, "Sở Tài chính", 1, 6, 0, 0, 0, 6, 8, 75, "Yếu"]
    assert values(summary, 13) == [2, "Sở Tư pháp", 3.5, 3.25, 0, 0, 0, 3.25, 8, 40.63, "Yếu"]
    # The level's mean of the unrounded indices (75 and 40,625), rounded once.
    assert values(summary, 14)[1:] == ["Chỉ số trung bình", *[None] * 7, 57.81, None]
    assert [cell.number_format for cell in summary[13]][2:10] == ["0.00"] * 8
    assert summary["A13"].number_format == "0"


def header(sheet) -> dict[str, str]:
    """The header rows' texts by the cell they start in (merged cells keep their first)."""
    return {
        cell.coordinate: cell.value
        for row in sheet.iter_rows(min_row=1, max_row=HEADER_ROW - 1)
        for cell in row
        if cell.value is not None
    }


def test_the_workbook_opens_with_the_documents_header(publication):
    """Decree 30/2020: issuing body and number left, national name, motto, place and date
    right, then type, summary and the annex line; blanks for a decision not recorded."""
    summary = workbook(exports.results_workbook(publication))["Tổng hợp"]
    assert header(summary) == {
        "A1": "UBND TỈNH ĐIỆN BIÊN",
        "F1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "A2": "SỞ NỘI VỤ",
        "F2": "Độc lập - Tự do - Hạnh phúc",
        "A3": "Số: ……/QĐ-UBND",
        "F3": "Điện Biên, ngày …… tháng …… năm ……",
        "A5": "KẾT QUẢ",
        "A6": "Chỉ số cải cách hành chính năm 2026",
        "A7": "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… của Chủ tịch UBND tỉnh Điện Biên)",
        "A8": f"Phiên bản 1 – công bố ngày {published_on(publication)}",
    }
    assert {str(cells) for cells in summary.merged_cells.ranges} >= {
        "A1:C1",
        "F1:K1",
        "A3:C3",
        "F3:K3",
        "A5:K5",
        "A7:K7",
    }
    assert summary["A2"].font.b and not summary["A1"].font.b
    assert summary["F2"].font.u == "single" and summary["F3"].font.i


def test_the_workbook_names_the_decision_when_it_is_recorded(publication):
    record_decision(publication)
    book = workbook(exports.results_workbook(publication))
    for sheet in book:
        assert (sheet["A3"].value, sheet["A7"].value) == (
            "Số: 125/QĐ-UBND",
            "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch UBND tỉnh Điện Biên)",
        )
    assert book["Sở Tư pháp"]["F3"].value == "Điện Biên, ngày 05 tháng 3 năm 2026"


def test_every_sheet_is_set_up_for_printing_in_times_new_roman(publication):
    for sheet in workbook(exports.results_workbook(publication)):
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        margins = sheet.page_margins
        assert (margins.top, margins.bottom, margins.left, margins.right) == (
            0.79,
            0.79,
            1.18,
            0.59,
        )
        # Page numbers at the top centre, from 1 in each sheet, none on its first page.
        assert (sheet.page_setup.firstPageNumber, sheet.page_setup.useFirstPageNumber) == (
            1,
            True,
        )
        assert sheet.HeaderFooter.differentFirst is True
        assert sheet.oddHeader.center.text == "&P"
        assert not sheet.firstHeader.center.text
        assert sheet.oddFooter.center.text == sheet["A8"].value
        assert sheet.column_dimensions["B"].width >= 40
        assert sheet.row_dimensions[HEADER_ROW].height == exports.HEADER_HEIGHT
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value}
        assert fonts == {"Times New Roman"}


def test_a_unit_sheet_holds_the_whole_tree_with_comments(publication):
    sheet = workbook(exports.results_workbook(publication))["Sở Tư pháp"]
    assert sheet["A6"].value == (
        "Chỉ số cải cách hành chính năm 2026 của Sở Tư pháp (Sở, ban, ngành)"
    )
    assert {str(cells) for cells in sheet.merged_cells.ranges} >= {"A1:B1", "F1:H1", "A6:H6"}
    assert values(sheet, HEADER_ROW) == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Tự chấm",
        "Thẩm định vòng 1",
        "Kết quả thẩm định",
        "Chỉ số (%)",
        "Nhận xét của Tổ thẩm định",
    ]
    assert [values(sheet, row) for row in range(11, 18)] == [
        ["1", "Công tác chỉ đạo, điều hành CCHC", 4, 2, 2.25, 2.25, 56.25, None],
        ["1.1", "Ban hành Kế hoạch CCHC năm", 1, 1, 0.5, 0.5, 50, "Chậm 20 ngày"],
        ["1.2", "Tỷ lệ nhiệm vụ hoàn thành", 2, 1, 1, 1, 50, "Đạt 90 %"],
        ["1.3", "Chất lượng tham mưu (Tổ thẩm định chấm)", 1, 0, 0.75, 0.75, 75, None],
        ["2", "Cải cách thủ tục hành chính", 4, 1.5, 1, 1, 25, None],
        ["2.1", "Hồ sơ giải quyết quá hạn", 2, 1.5, 1, 1, 50, "Thêm 1 hồ sơ quá hạn"],
        ["2.2", "Mức độ hài lòng của người dân", 2, 0, 0, 0, 0, None],
    ]
    assert sheet["B11"].font.bold and not sheet["B12"].font.bold
    assert (sheet["B11"].alignment.indent, sheet["B12"].alignment.indent) == (0, 1)
    assert sheet["F12"].number_format == "0.00"
    # A title longer than its column gets the lines it wraps into; a short one keeps its height.
    assert (sheet.row_dimensions[12].height, sheet.row_dimensions[13].height) == (None, None)
    totals = {sheet.cell(row, 2).value: sheet.cell(row, 6).value for row in range(19, 29)}
    assert totals == {
        "Điểm tự chấm": 3.5,
        "Điểm thẩm định": 3.25,
        "Điểm điều tra XHH": 0,
        "Điểm thưởng": 0,
        "Điểm trừ": 0,
        "Tổng điểm": 3.25,
        "Điểm tối đa": 8,
        "Chỉ số (%)": 40.63,
        "Xếp hạng": 2,
        "Xếp loại": "Yếu",
    }


def test_text_that_looks_like_a_formula_stays_text(finalized, admin_user):
    justice, finance = finalized
    Unit.objects.filter(pk=finance.unit_id).update(name="=Sở Tài chính")
    AppraisedEntry.objects.filter(assessment=justice, criterion__code="1.1").update(
        comment='=HYPERLINK("http://example.com","Xem")'
    )
    AppraisedEntry.objects.filter(assessment=justice, criterion__code="2.1").update(
        comment="+1 hồ sơ quá hạn"
    )
    publication = publishing.publish(justice.period, by=admin_user)
    data = exports.results_workbook(publication)
    book = workbook(data)
    assert book["Tổng hợp"]["B12"].value == "=Sở Tài chính"
    assert book["Tổng hợp"]["B12"].data_type == "s"
    tree = book["Sở Tư pháp"]
    assert tree["H12"].value == '=HYPERLINK("http://example.com","Xem")'
    assert tree["H16"].value == "+1 hồ sơ quá hạn"
    assert {tree["H12"].data_type, tree["H16"].data_type} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_a_row_is_as_tall_as_its_wrapped_text(finalized, admin_user):
    justice = finalized[0]
    comment = "Kế hoạch ban hành chậm 20 ngày so với quy định; " * 4  # 200 characters
    AppraisedEntry.objects.filter(assessment=justice, criterion__code="1.1").update(comment=comment)
    publication = publishing.publish(justice.period, by=admin_user)
    sheet = workbook(exports.results_workbook(publication))["Sở Tư pháp"]
    assert sheet["H12"].value == comment
    # 200 characters in a column 45 wide: four lines.
    assert sheet.row_dimensions[12].height == 4 * exports.LINE_HEIGHT


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Sở Tư pháp", set(), "Sở Tư pháp"),
        ("Ban Quản lý các khu công nghiệp tỉnh", set(), "Ban Quản lý các khu công nghiệp"),
        ("Sở [Xây dựng]: 1/2*?\\", set(), "Sở Xây dựng 1 2"),
        ("'Sở Y tế'", set(), "Sở Y tế"),
        ("sở tư pháp", {"sở tư pháp"}, "sở tư pháp (2)"),
        ("Sở Tư pháp", {"sở tư pháp", "sở tư pháp (2)"}, "Sở Tư pháp (3)"),
        ("Ban Quản lý các khu công nghiệp", {"ban quản lý các khu công nghiệp"}, None),
        ("[]", set(), "Đơn vị"),
    ],
)
def test_sheet_names_are_valid_and_unique(name, taken, expected):
    result = exports._sheet_name(name, taken)
    assert len(result) <= 31 and not set(result) & set("[]:*?/\\")
    if expected is not None:
        assert result == expected
    assert result.casefold() in taken


def test_the_preview_workbook_is_marked_and_follows_the_current_data(finalized, publication):
    justice = finalized[0]
    AppraisedEntry.objects.filter(assessment=justice, criterion__code="1.1").update(
        comment="Đính chính"
    )
    book = workbook(preview.preview_workbook(justice.period))
    for sheet in book:
        assert sheet["A8"].value.startswith("Bản xem trước – chưa công bố – số liệu lúc ")
        for footer in (sheet.oddFooter, sheet.firstFooter):
            assert footer.center.text.startswith("Bản xem trước – chưa công bố")
        # Not attached to any decision yet: no number, no date, no annex line.
        assert (sheet["A3"].value, sheet["A7"].value) == ("Số: ……/……", None)
        assert sheet["F3"].value == "Điện Biên, ngày …… tháng …… năm ……"
    summary = book["Tổng hợp"]
    assert values(summary, 12) == [1, "Sở Tài chính", 1, 6, 0, 0, 0, 6, 8, 75, "Yếu"]
    assert values(summary, 13) == [2, "Sở Tư pháp", 3.5, 3.25, 0, 0, 0, 3.25, 8, 40.63, "Yếu"]
    assert book["Sở Tư pháp"]["H12"].value == "Đính chính"
    published = workbook(exports.results_workbook(publication))
    assert published["Sở Tư pháp"]["H12"].value == "Chậm 20 ngày"


# ---------------------------------------------------------------------------------------------
# Open data

OPEN_DATA_HEADER = [
    "year",
    "version",
    "level",
    "level_code",
    "unit_code",
    "unit_name",
    "self_total",
    "appraised_points",
    "survey_points",
    "bonus",
    "penalty",
    "total",
    "max_points",
    "index",
    "rank",
    "classification",
]


def test_the_csv_has_a_bom_and_a_decimal_point(publication):
    data = exports.open_data_csv(publication)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        OPEN_DATA_HEADER,
        [
            "2026",
            "1",
            "Sở, ban, ngành",
            "department",
            "so-tai-chinh",
            "Sở Tài chính",
            "1",
            "6",
            "0",
            "0",
            "0",
            "6",
            "8",
            "75",
            "1",
            "Yếu",
        ],
        [
            "2026",
            "1",
            "Sở, ban, ngành",
            "department",
            "so-tu-phap",
            "Sở Tư pháp",
            "3.5",
            "3.25",
            "0",
            "0",
            "0",
            "3.25",
            "8",
            "40.63",
            "2",
            "Yếu",
        ],
    ]


def test_the_json_adds_a_header_and_every_node(publication):
    document = json.loads(exports.open_data_json(publication), parse_float=Decimal)
    local = timezone.localtime(publication.published_at)
    assert {key: document[key] for key in ("title", "year", "version")} == {
        "title": "Đánh giá Chỉ số CCHC năm 2026",
        "year": 2026,
        "version": 1,
    }
    assert document["published_at"] == local.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    assert document["decision"] is None  # none recorded
    assert "dấu chấm" in document["notice"]
    finance, justice = document["units"]
    assert list(justice)[:-1] == OPEN_DATA_HEADER
    assert (justice["unit_name"], justice["index"], justice["total"]) == (
        "Sở Tư pháp",
        Decimal("40.63"),
        Decimal("3.25"),
    )
    assert (justice["rank"], finance["rank"]) == (2, 1)
    assert justice["nodes"][1] == {
        "code": "1.1",
        "title": "Ban hành Kế hoạch CCHC năm",
        "depth": 1,
        "leaf": True,
        "method": "self",
        "max": Decimal("1.0"),
        "self": Decimal("1.0"),
        "round1": Decimal("0.5"),
        "final": Decimal("0.5"),
        "index": Decimal("50.0"),
        "comment": "Chậm 20 ngày",
    }


def test_the_json_names_the_approving_decision(publication):
    record_decision(publication)
    document = json.loads(exports.open_data_json(publication))
    assert list(document)[:5] == ["title", "year", "version", "published_at", "decision"]
    assert document["decision"] == {
        "number": "125/QĐ-UBND",
        "date": "2026-03-05",
        "by": "Chủ tịch UBND tỉnh Điện Biên",
        "signer": "Lò Văn Phương",
        "signer_position": "Chủ tịch UBND tỉnh",
        "text": None,
    }


def test_the_open_data_workbook_is_the_csv_table(publication):
    sheet = workbook(exports.open_data_xlsx(publication))["Dữ liệu"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        OPEN_DATA_HEADER,
        [
            2026,
            1,
            "Sở, ban, ngành",
            "department",
            "so-tai-chinh",
            "Sở Tài chính",
            1,
            6,
            0,
            0,
            0,
            6,
            8,
            75,
            1,
            "Yếu",
        ],
        [
            2026,
            1,
            "Sở, ban, ngành",
            "department",
            "so-tu-phap",
            "Sở Tư pháp",
            3.5,
            3.25,
            0,
            0,
            0,
            3.25,
            8,
            40.63,
            2,
            "Yếu",
        ],
    ]


# ---------------------------------------------------------------------------------------------
# PDF


LIBERATION_SERIF = {
    "Liberation-Serif",
    "Liberation-Serif-Bold",
    "Liberation-Serif-Italic",
    "Liberation-Serif-Bold-Italic",
}


def in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, [part for part in parts if part not in text]
    return positions == sorted(positions)


def test_the_results_pdf_is_in_vietnamese_with_its_own_fonts(publication):
    data = pdf.results_pdf(publication)
    text = pdf_text(data)
    for expected in (
        f"Phiên bản 1 – công bố ngày {published_on(publication)}",
        "Sở, ban, ngành",
        "Sở Tư pháp",
        "Sở Tài chính",
        "40,63",  # in the table and on the chart
        "Chỉ số trung bình: 57,81 %",
        "Công tác chỉ đạo, điều hành CCHC 4,00 78,13",
    ):
        assert expected in text
    assert text.count("40,63") == 2
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4 portrait
    metadata = reader.xmp_metadata
    assert (metadata.pdfaid_part, metadata.pdfaid_conformance) == ("2", "B")
    used = [font for page in reader.pages for font in fonts(page["/Resources"])]
    # The chart's labels too: nothing from the machine's fonts.
    assert {str(font["/BaseFont"]).split("+")[1] for font in used} == LIBERATION_SERIF
    for font in used:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


def test_the_results_pdf_is_attached_to_its_decision_with_blanks_until_it_is_recorded(
    publication,
):
    text = pdf_text(pdf.results_pdf(publication))
    assert in_order(
        text,
        [
            "UBND TỈNH ĐIỆN BIÊN\nSỞ NỘI VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            "Số: ……/QĐ-UBND Điện Biên, ngày …… tháng …… năm ……",
            "KẾT QUẢ\nChỉ số cải cách hành chính năm 2026",
            "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… của Chủ tịch UBND tỉnh Điện Biên)",
            "I. Sở, ban, ngành",
            "Nơi nhận:\n- UBND tỉnh Điện Biên (để báo cáo);\n"
            "- Các cơ quan, đơn vị được đánh giá;\n- Lưu: VT.",
            "GIÁM ĐỐC\n……………………………",
        ],
    )
    record_decision(publication)
    text = " ".join(pdf_text(pdf.results_pdf(publication)).split())
    assert in_order(
        text,
        [
            "Số: 125/QĐ-UBND Điện Biên, ngày 05 tháng 3 năm 2026",
            "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch UBND tỉnh Điện Biên)",
        ],
    )


@override_settings(
    DOCUMENT_ISSUER="Văn phòng UBND tỉnh",
    DOCUMENT_SIGNER_POSITION="Phó Chánh Văn phòng",
    DOCUMENT_SIGNER_NAME="Lê Thị Hạnh",
)
def test_the_issuer_and_signer_of_the_results_come_from_the_settings(publication):
    text = pdf_text(pdf.results_pdf(publication))
    assert "UBND TỈNH ĐIỆN BIÊN\nVĂN PHÒNG UBND TỈNH" in text
    assert "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nLê Thị Hạnh" in text


def scorecard(publication, unit) -> str:
    result = PublishedResult.objects.select_related("publication", "unit", "level").get(
        publication=publication, unit=unit
    )
    return pdf_text(pdf.unit_pdf(result))


def test_a_unit_scorecard_is_issued_by_the_unit_and_signed_by_its_head(
    publication, justice, unit_head
):
    Unit.objects.filter(pk=justice.pk).update(kind=Unit.Kind.DEPARTMENT)
    unit_head.job_title = "Phó Giám đốc"
    unit_head.save()
    record_decision(publication)
    text = scorecard(publication, justice)
    day = long_date_vi(timezone.localdate(publication.published_at))
    assert in_order(
        text,
        [
            "UBND TỈNH ĐIỆN BIÊN\nSỞ TƯ PHÁP",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            f"Số: ……/…… Điện Biên, {day}",
            "PHIẾU KẾT QUẢ\nChỉ số cải cách hành chính năm 2026 của Sở Tư pháp",
            "Sở, ban, ngành – Phiên bản 1",
            "Quyết định số 125/QĐ-UBND ngày 05/3/2026",
            "1.1 Ban hành Kế hoạch CCHC năm 1,00 1,00 0,50 0,50 Chậm 20 ngày",
            "Tổng điểm 3,25",
            "Chỉ số (%) 40,63",
            "Xếp hạng 2/2",
            "Xếp loại Yếu",
            "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.",
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nQuàng Văn Bình",
        ],
    )


def test_a_commune_signs_for_its_peoples_committee(commune_level, admin_user):
    commune = Unit.objects.create(
        code="xa-muong-phang", name="Xã Mường Phăng", level=commune_level, kind=Unit.Kind.COMMUNE
    )
    make_user(
        "muongphang.lanhdao",
        Role.UNIT_HEAD,
        commune,
        full_name="Cà Văn Thanh",
        job_title="Chủ tịch UBND xã",
    )
    publication = Publication.objects.create(
        year=2024, version=1, title="Chỉ số CCHC năm 2024", published_at=timezone.now()
    )
    PublishedResult.objects.create(
        publication=publication,
        unit=commune,
        level=commune_level,
        unit_name="Xã Mường Phăng",
        index=Decimal("88.41"),
        rank=3,
    )
    text = scorecard(publication, commune)
    assert in_order(
        text,
        [
            "ỦY BAN NHÂN DÂN\nXÃ MƯỜNG PHĂNG",
            "Mường Phăng, ngày",
            "Chỉ số cải cách hành chính năm 2024 của UBND xã Mường Phăng",
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nCà Văn Thanh",
        ],
    )


def test_without_a_head_the_signature_is_left_blank(publication, justice, unit_head, officer):
    unit_head.is_active = False
    unit_head.save()
    assert scorecard(publication, justice).endswith("……………………………\n……………………………")


def test_the_head_signs_before_a_deputy(justice, ward):
    deputy = make_user("stp.pho", Role.UNIT_HEAD, justice, job_title="Phó Giám đốc")
    head = make_user("stp.giamdoc", Role.UNIT_HEAD, justice, job_title="Giám đốc")
    make_user("stp.cu", Role.UNIT_HEAD, justice, job_title="Giám đốc", is_active=False)
    other = make_user("dbp.pho", Role.UNIT_HEAD, ward, job_title="Phó Chủ tịch UBND phường")
    make_user("dbp.canbo", Role.UNIT_OFFICER, ward, job_title="Chủ tịch UBND phường")
    assert deputy.date_joined <= head.date_joined
    assert documents.heads([justice.pk, ward.pk]) == {justice.pk: head, ward.pk: other}


def test_a_historical_year_gives_its_published_figures_only(client, justice, department_level):
    """Years before the application: index and rank as the decision published them, no tree."""
    publication = Publication.objects.create(
        year=2024,
        version=1,
        title="Chỉ số CCHC năm 2024",
        published_at=datetime(2025, 3, 10, 3, tzinfo=UTC),
        historical=True,
    )
    PublishedLevel.objects.create(
        publication=publication,
        level=department_level,
        level_name=department_level.name,
        units_ranked=25,
        mean_index=85,
    )
    PublishedResult.objects.create(
        publication=publication,
        unit=justice,
        level=department_level,
        unit_name="Sở Tư pháp",
        index=Decimal("88.41"),
        rank=3,
    )
    book = workbook(exports.results_workbook(publication))
    assert book.sheetnames == ["Tổng hợp"]
    assert values(book["Tổng hợp"], 12) == [3, "Sở Tư pháp", *[None] * 7, 88.41, None]
    rows = list(csv.reader(io.StringIO(exports.open_data_csv(publication).decode("utf-8-sig"))))
    assert rows[1][5:] == ["Sở Tư pháp", "", "", "", "", "", "", "", "88.41", "3", ""]
    text = pdf_text(pdf.results_pdf(publication))
    assert "Phiên bản 1 – công bố ngày 10/03/2025" in text
    assert "Số đơn vị được xếp hạng: 25. Chỉ số trung bình: 85,00 %." in text
    response = client.get(url("unit_pdf", year=2024, unit_pk=justice.pk))
    assert "Xếp hạng 3/25" in pdf_text(response.content)


# ---------------------------------------------------------------------------------------------
# Views


def url(name: str, **kwargs) -> str:
    return reverse(f"results:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("name", "content_type", "file_name"),
    [
        ("data_csv", "text/csv; charset=utf-8", "d%E1%BB%AF%20li%E1%BB%87u"),
        ("data_json", "application/json", "d%E1%BB%AF%20li%E1%BB%87u"),
        ("data_xlsx", views.XLSX, "d%E1%BB%AF%20li%E1%BB%87u"),
        ("results_xlsx", views.XLSX, "k%E1%BA%BFt%20qu%E1%BA%A3"),
        ("results_pdf", "application/pdf", "b%C3%A1o%20c%C3%A1o"),
    ],
)
def test_published_files_are_public(client, publication, name, content_type, file_name):
    response = client.get(url(name, year=2026))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    extension = name.split("_")[1]
    assert disposition.startswith("inline; " if extension == "pdf" else "attachment; ")
    assert f"filename*=utf-8''Ch%E1%BB%89%20s%E1%BB%91%20CCHC%202026%20-%20{file_name}" in (
        disposition
    )
    assert disposition.endswith(f"%28phi%C3%AAn%20b%E1%BA%A3n%201%29.{extension}")
    assert response["Cache-Control"] == "public, max-age=600"


def test_the_open_data_download_is_the_export(client, publication):
    response = client.get(url("data_csv", year=2026))
    assert response.content == exports.open_data_csv(publication)
    response = client.get(url("data_json", year=2026), {"v": 1})
    assert response.content == exports.open_data_json(publication)
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_unit_scorecard_is_public_for_a_published_unit_only(client, publication, justice, ward):
    response = client.get(url("unit_pdf", year=2026, unit_pk=justice.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Sở Tư pháp" in pdf_text(response.content)
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''Phi%E1%BA%BFu")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert client.get(url("unit_pdf", year=2026, unit_pk=ward.pk)).status_code == 404
    assert client.get(url("unit_pdf", year=2025, unit_pk=justice.pk)).status_code == 404


def test_a_version_is_chosen_with_v_and_the_latest_is_the_default(
    client, finalized, publication, admin_user
):
    Unit.objects.filter(pk=finalized[0].unit_id).update(name="Sở Tư pháp tỉnh Điện Biên")
    publishing.publish(finalized[0].period, by=admin_user, reason="Đính chính tên đơn vị")

    def names(**query) -> list[str]:
        response = client.get(url("data_csv", year=2026), query)
        return [row[5] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))]

    assert names() == ["unit_name", "Sở Tài chính", "Sở Tư pháp tỉnh Điện Biên"]
    assert names(v=1) == ["unit_name", "Sở Tài chính", "Sở Tư pháp"]
    assert names(v=2) == names()


@pytest.mark.parametrize("query", [{}, {"v": "1"}])
def test_an_unpublished_year_or_version_does_not_exist(client, publication, query):
    for name in ("data_csv", "data_json", "data_xlsx", "results_xlsx", "results_pdf"):
        assert client.get(url(name, year=2025), query).status_code == 404
    for version in ("3", "abc", "", "99999999999"):
        assert client.get(url("data_csv", year=2026), {"v": version}).status_code == 404


def test_the_preview_is_for_the_lead_and_the_admin_only(
    client, finalized, admin_user, lead, officer, appraiser
):
    period = finalized[0].period
    address = url("preview_xlsx", period_pk=period.pk)
    for user in (admin_user, lead):
        client.force_login(user)
        response = client.get(address)
        assert response.status_code == 200 and response["Content-Type"] == views.XLSX
        assert workbook(response.content)["Tổng hợp"]["A8"].value.startswith(
            "Bản xem trước – chưa công bố"
        )
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    for user in (officer, appraiser):
        client.force_login(user)
        assert client.get(address).status_code == 404
    client.force_login(admin_user)
    assert client.get(url("preview_xlsx", period_pk=period.pk + 100)).status_code == 404
    client.logout()
    response = client.get(address)
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={address}")


def test_downloads_read_a_constant_number_of_queries(
    client, finalized, publication, department_level, appraiser, office_appraiser, lead
):
    period = finalized[0].period

    def queries() -> dict[str, int]:
        counts = {}
        addresses = {
            name: url(name, year=2026)
            for name in ("data_csv", "data_json", "data_xlsx", "results_xlsx", "results_pdf")
        }
        addresses["unit_pdf"] = url("unit_pdf", year=2026, unit_pk=finalized[0].unit_id)
        for name, address in addresses.items():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == 200
            counts[name] = len(captured)
        client.force_login(lead)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("preview_xlsx", period_pk=period.pk)).status_code == 200
        counts["preview_xlsx"] = len(captured)
        client.logout()
        return counts

    few = queries()
    # Rendered and stored by these downloads: the report from the publication, its levels and
    # results; the scorecard from its result, the unit's head and level; then the file's name.
    assert (few["results_pdf"], few["unit_pdf"]) == (4, 5)
    stored = queries()
    assert (stored["results_pdf"], stored["unit_pdf"]) == (1, 2)
    criteria_set = finalized[0].criteria_set
    for number in range(6):
        unit = Unit.objects.create(
            code=f"so-{number}", name=f"Sở thử {number}", level=department_level
        )
        extra = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=criteria_set, state="submitted"
        )
        appraise_all(extra, appraiser, office_appraiser)
        workflow.finalize(extra, by=lead, without_survey=True)
    second = publishing.publish(period, by=lead, reason="Bổ sung đơn vị")
    assert second.results.count() == 8
    assert queries() == few
    assert few["data_csv"] == 3  # the publication, its levels, its results
