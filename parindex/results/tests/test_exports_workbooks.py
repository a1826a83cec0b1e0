"""The results workbook (the summary, a sheet per unit, printing, text that looks like a formula)
and the open data (CSV, JSON and their workbook), read back with openpyxl, csv and json."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from parindex.appraisal.models import AppraisedEntry
from parindex.catalog.models import Unit
from parindex.results import exports, pdf, preview, publishing
from parindex.testing.documents import pdf_text, published_on, values, workbook
from parindex.testing.factories import record_decision

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
    assert [cell.number_format for cell in summary[13]][2:10] == ['0.00;"−"0.00'] * 8
    assert summary["A13"].number_format == "0"


def test_a_penalty_is_a_negative_figure_in_the_workbook_and_positive_in_open_data(publication):
    publication.results.filter(unit__name="Sở Tư pháp").update(penalty=Decimal("0.5"))
    summary = workbook(exports.results_workbook(publication))["Tổng hợp"]
    assert values(summary, 13)[6] == -0.5
    # Shown "−0,50": a minus sign, not a hyphen.
    assert summary["G13"].number_format == '0.00;"−"0.00'
    rows = list(csv.DictReader(io.StringIO(exports.open_data_csv(publication).decode("utf-8-sig"))))
    assert [row["penalty"] for row in rows] == ["0", "0.5"]


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
        "Thẩm định lần 1",
        "Kết quả thẩm định (lần 2 nếu có)",
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
    assert sheet["F12"].number_format == '0.00;"−"0.00'
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
        "kind": "levels",
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


def test_a_penalty_criterion_is_negative_in_the_unit_sheet_and_the_pdf(publication):
    result = publication.results.get(unit__name="Sở Tư pháp")
    assert {node["code"]: node["kind"] for node in result.nodes}["1.1"] == "levels"
    penalty = {"code": "9.2", "title": "Bị phê bình", "depth": 0, "leaf": True}
    penalty |= {"method": "appraisal", "kind": "penalty", "max": "0", "self": "0"}
    penalty |= {"round1": "0.5", "final": "0.5", "index": None, "comment": "Một văn bản"}
    result.nodes = [*result.nodes, penalty]
    result.save()
    sheet = workbook(exports.results_workbook(publication))["Sở Tư pháp"]
    assert values(sheet, 18)[:6] == ["9.2", "Bị phê bình", 0, 0, -0.5, -0.5]
    text = " ".join(pdf_text(pdf.unit_pdf(result)).split())
    assert "9.2 Bị phê bình 0,00 0,00 −0,50 −0,50 Một văn bản" in text


@pytest.mark.parametrize("name", ["=Sở Tài chính", "+Sở Tài chính", "-Sở", "@Sở", "\tSở"])
def test_a_name_that_looks_like_a_formula_reaches_the_csv_behind_an_apostrophe(
    finalized, admin_user, name
):
    justice, finance = finalized
    Unit.objects.filter(pk=finance.unit_id).update(name=name)
    publication = publishing.publish(justice.period, by=admin_user)

    rows = list(csv.reader(io.StringIO(exports.open_data_csv(publication).decode("utf-8-sig"))))

    names = [row[OPEN_DATA_HEADER.index("unit_name")] for row in rows[1:]]
    assert f"'{name}" in names
    assert "Sở Tư pháp" in names  # other names as they are
    penalty = OPEN_DATA_HEADER.index("penalty")
    assert not any(row[penalty].startswith("'") for row in rows[1:])  # figures untouched
