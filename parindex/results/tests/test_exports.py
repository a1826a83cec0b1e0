"""Downloads of the results: the workbook and open data read back with openpyxl, csv and json, the
PDFs read back with pypdf, and the views through their URLs."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.appraisal import workflow
from parindex.appraisal.models import AppraisedEntry
from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.results import exports, pdf, publishing
from parindex.results.models import Publication, PublishedLevel, PublishedResult
from parindex.results.views import exports as views

from .conftest import appraise_all

pytestmark = pytest.mark.django_db

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
    assert summary["A1"].value == "Đánh giá Chỉ số CCHC năm 2026"
    assert summary["A2"].value == f"Phiên bản 1 – công bố ngày {published_on(publication)}"
    assert values(summary, 3) == HEADERS
    assert summary["A4"].value == "Sở, ban, ngành (2 đơn vị)"
    assert values(summary, 5) == [1, "Sở Tài chính", 1, 6, 0, 0, 0, 6, 8, 75, "Yếu"]
    assert values(summary, 6) == [2, "Sở Tư pháp", 3.5, 3.25, 0, 0, 0, 3.25, 8, 40.63, "Yếu"]
    # The level's mean of the unrounded indices (75 and 40,625), rounded once.
    assert values(summary, 7)[1:] == ["Chỉ số trung bình", *[None] * 7, 57.81, None]
    assert [cell.number_format for cell in summary[6]][2:10] == ["0.00"] * 8
    assert summary["A6"].number_format == "0"


def test_every_sheet_is_set_up_for_printing(publication):
    for sheet in workbook(exports.results_workbook(publication)):
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.freeze_panes == "A4"
        assert sheet.oddFooter.center.text == "Trang &P/&N"
        assert sheet.column_dimensions["B"].width >= 40


def test_a_unit_sheet_holds_the_whole_tree_with_comments(publication):
    sheet = workbook(exports.results_workbook(publication))["Sở Tư pháp"]
    assert sheet["A1"].value == "Sở Tư pháp – Đánh giá Chỉ số CCHC năm 2026 (Sở, ban, ngành)"
    assert values(sheet, 3) == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Tự chấm",
        "Thẩm định vòng 1",
        "Kết quả thẩm định",
        "Chỉ số (%)",
        "Nhận xét của Tổ thẩm định",
    ]
    assert [values(sheet, row) for row in range(4, 11)] == [
        ["1", "Công tác chỉ đạo, điều hành CCHC", 4, 2, 2.25, 2.25, 56.25, None],
        ["1.1", "Ban hành Kế hoạch CCHC năm", 1, 1, 0.5, 0.5, 50, "Chậm 20 ngày"],
        ["1.2", "Tỷ lệ nhiệm vụ hoàn thành", 2, 1, 1, 1, 50, "Đạt 90 %"],
        ["1.3", "Chất lượng tham mưu (Tổ thẩm định chấm)", 1, 0, 0.75, 0.75, 75, None],
        ["2", "Cải cách thủ tục hành chính", 4, 1.5, 1, 1, 25, None],
        ["2.1", "Hồ sơ giải quyết quá hạn", 2, 1.5, 1, 1, 50, "Thêm 1 hồ sơ quá hạn"],
        ["2.2", "Mức độ hài lòng của người dân", 2, 0, 0, 0, 0, None],
    ]
    assert sheet["B4"].font.bold and not sheet["B5"].font.bold
    assert (sheet["B4"].alignment.indent, sheet["B5"].alignment.indent) == (0, 1)
    assert sheet["F5"].number_format == "0.00"
    totals = {sheet.cell(row, 2).value: sheet.cell(row, 6).value for row in range(12, 22)}
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
    assert book["Tổng hợp"]["B5"].value == "=Sở Tài chính"
    assert book["Tổng hợp"]["B5"].data_type == "s"
    tree = book["Sở Tư pháp"]
    assert tree["H5"].value == '=HYPERLINK("http://example.com","Xem")'
    assert tree["H9"].value == "+1 hồ sơ quá hạn"
    assert {tree["H5"].data_type, tree["H9"].data_type} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


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
    book = workbook(exports.preview_workbook(justice.period))
    for sheet in book:
        assert sheet["A2"].value.startswith("Bản xem trước – chưa công bố – số liệu lúc ")
        assert sheet.oddHeader.center.text.startswith("Bản xem trước – chưa công bố")
    summary = book["Tổng hợp"]
    assert values(summary, 5) == [1, "Sở Tài chính", 1, 6, 0, 0, 0, 6, 8, 75, "Yếu"]
    assert values(summary, 6) == [2, "Sở Tư pháp", 3.5, 3.25, 0, 0, 0, 3.25, 8, 40.63, "Yếu"]
    assert book["Sở Tư pháp"]["H5"].value == "Đính chính"
    published = workbook(exports.results_workbook(publication))
    assert published["Sở Tư pháp"]["H5"].value == "Chậm 20 ngày"


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


def test_the_results_pdf_is_in_vietnamese_with_its_own_fonts(publication):
    data = pdf.results_pdf(publication)
    text = pdf_text(data)
    for expected in (
        "Kết quả Chỉ số cải cách hành chính năm 2026",
        "Đánh giá Chỉ số CCHC năm 2026",
        f"Phiên bản 1 – công bố ngày {published_on(publication)}",
        "Sở, ban, ngành",
        "Sở Tư pháp",
        "Sở Tài chính",
        "40,63",  # in the table and on the chart
        "Chỉ số trung bình: 57,81 %",
        "Công tác chỉ đạo, điều hành CCHC 4,00 78,13",
        "Trang 1/1",
    ):
        assert expected in text
    assert text.count("40,63") == 2
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4 portrait
    used = [font for page in reader.pages for font in fonts(page["/Resources"])]
    assert {str(font["/BaseFont"]).split("+")[1] for font in used} == {
        "Noto-Sans",
        "Noto-Sans-Bold",
    }
    for font in used:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


@override_settings(PROVINCE_NAME="Điện Biên")
def test_a_unit_scorecard_pdf_has_the_tree_and_a_signature_block(publication, justice):
    result = PublishedResult.objects.select_related("publication", "unit", "level").get(
        publication=publication, unit=justice
    )
    text = pdf_text(pdf.unit_pdf(result))
    for expected in (
        "Phiếu kết quả Chỉ số cải cách hành chính năm 2026",
        "Sở Tư pháp (Sở, ban, ngành)",
        "1.1 Ban hành Kế hoạch CCHC năm 1,00 1,00 0,50 0,50 Chậm 20 ngày",
        "Tổng điểm 3,25",
        "Chỉ số (%) 40,63",
        "Xếp hạng 2/2",
        "Xếp loại Yếu",
        "Điện Biên, ngày …… tháng …… năm ……",
        "Thủ trưởng đơn vị",
        "(ký, ghi rõ họ tên, đóng dấu)",
    ):
        assert expected in text


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
    assert values(book["Tổng hợp"], 5) == [3, "Sở Tư pháp", *[None] * 7, 88.41, None]
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
        assert workbook(response.content)["Tổng hợp"]["A2"].value.startswith(
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
    criteria_set = finalized[0].criteria_set
    for number in range(6):
        unit = Unit.objects.create(
            code=f"so-{number}", name=f"Sở thử {number}", level=department_level
        )
        extra = UnitAssessment.objects.create(
            period=period, unit=unit, criteria_set=criteria_set, state="submitted"
        )
        appraise_all(extra, appraiser, office_appraiser)
        workflow.finalize(extra, by=lead)
    second = publishing.publish(period, by=lead, reason="Bổ sung đơn vị")
    assert second.results.count() == 8
    assert queries() == few
    assert few["data_csv"] == 3  # the publication, its levels, its results
