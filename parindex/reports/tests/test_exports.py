"""The data annex read back with openpyxl: one sheet per section, the template's order, the
province's figure beside each unit's, and text never turned into a formula."""

import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.reports import workflow
from parindex.testing.factories import make_user

AT = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)


def send(report, typed_a, typed_b):
    head = make_user(f"head-{report.unit.code}", Role.UNIT_HEAD, report.unit)
    workflow.save_section(report, "A", narrative="", typed=typed_a, version=0, by=head)
    workflow.save_section(report, "B", narrative="", typed=typed_b, version=0, by=head)
    workflow.submit_report(report, by=head, now=AT)


@pytest.fixture
def annex(admin_client, report, ward_report, report_period):
    send(
        report,
        {"A1": "3", "A2/n": "45", "A2/d": "50", "A3": "yes"},
        {"B2": '=HYPERLINK("http://x")', "B3/nhan/tt": "120", "B1": "28/02/2025"},
    )
    send(ward_report, {"A1": "2,5", "A3": "no"}, {"B3/nhan/tt": "80", "B3/tre/tt": "1"})
    response = admin_client.get(reverse("reports:annex", args=[report_period.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="phu-luc-so-lieu-q1-2025.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_one_sheet_per_section_in_the_templates_order(annex):
    assert annex.sheetnames == ["A", "B"]
    assert rows(annex["A"]) == [
        ["Mã", "Chỉ tiêu", "Đơn vị tính", "Toàn tỉnh", "Sở Tư pháp", "Phường Điện Biên Phủ"],
        ["A1", "Số cuộc kiểm tra", "cuộc", 5.5, 3, 2.5],
        ["A2", "Hồ sơ đúng hạn – Tử số", "hồ sơ", 45, 45, None],
        ["A2", "Hồ sơ đúng hạn – Mẫu số", "hồ sơ", 50, 50, None],
        ["A2", "Hồ sơ đúng hạn – Tỷ lệ (%)", "hồ sơ", 90, 90, None],
        ["A3", "Đã ban hành kế hoạch", None, 1, "Có", "Không"],
        [None] * 6,
        ["Số báo cáo tổng hợp: 2", None, None, None, None, None],
    ]


def test_tables_are_written_cell_by_cell_and_text_stays_text(annex):
    sheet = annex["B"]
    assert rows(sheet)[1:3] == [
        ["B1", "Ngày công bố", None, None, datetime(2025, 2, 28), None],
        ["B2", "Ghi chú", None, None, '=HYPERLINK("http://x")', None],
    ]
    assert sheet["E5"].data_type == "s"
    assert rows(sheet)[3:7] == [
        ["B3", "Hồ sơ – Tiếp nhận – Trực tiếp", None, 200, 120, 80],
        ["B3", "Hồ sơ – Tiếp nhận – Trực tuyến", None, None, None, None],
        ["B3", "Hồ sơ – Quá hạn – Trực tiếp", None, 1, None, 1],
        ["B3", "Hồ sơ – Quá hạn – Trực tuyến", None, None, None, None],
    ]


def test_units_cannot_download_the_annex(officer_client, report_period):
    assert officer_client.get(reverse("reports:annex", args=[report_period.pk])).status_code == 403


def test_the_word_draft_follows_the_decree_and_traces_every_figure(
    admin_client, report, ward_report, report_period
):
    import docx
    from docx.shared import Pt

    send(report, {"A1": "3", "A2/n": "45", "A2/d": "50", "A3": "yes"}, {"B3/nhan/tt": "120"})
    workflow.save_section(
        ward_report,
        "A",
        narrative="Phường đã kiểm tra 2 tổ dân phố.",
        typed={"A1": "2,5"},
        version=0,
        by=make_user("dbp.lanhdao", Role.UNIT_HEAD, ward_report.unit),
    )
    workflow.submit_report(ward_report, by=ward_report.unit.users.get(), now=AT)
    response = admin_client.get(reverse("reports:draft", args=[report_period.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="du-thao-bao-cao-q1-2025.docx"'
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    measures = (
        "page_width",
        "page_height",
        "top_margin",
        "bottom_margin",
        "left_margin",
        "right_margin",
    )
    assert [round(getattr(section, name).mm) for name in measures] == [210, 297, 20, 20, 30, 15]
    assert (document.styles["Normal"].font.name, document.styles["Normal"].font.size) == (
        "Times New Roman",
        Pt(14),
    )
    header = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert header == [
        "UBND TỈNH ĐIỆN BIÊN",
        "SỞ NỘI VỤ",
        "Số: ……/……",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Điện Biên, ngày …… tháng …… năm ……",
    ]
    text = [p.text for p in document.paragraphs if p.text]
    assert text[:2] == [
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính – Báo cáo CCHC quý I năm 2025",
    ]
    assert "- Số cuộc kiểm tra: 5,5 cuộc (từ 2 đơn vị; Phụ lục, mục A1)." in text
    assert "- Hồ sơ đúng hạn: 45/50 (90,00%) hồ sơ (từ 1 đơn vị; Phụ lục, mục A2)." in text
    assert "Phường Điện Biên Phủ: Phường đã kiểm tra 2 tổ dân phố." in text
    closing = [p.text for cell in document.tables[1].rows[0].cells for p in cell.paragraphs]
    assert closing[:4] == ["Nơi nhận:", "- Bộ Nội vụ;", "- UBND tỉnh Điện Biên;", "- Lưu: VT."]
    assert closing[4] == "GIÁM ĐỐC"
