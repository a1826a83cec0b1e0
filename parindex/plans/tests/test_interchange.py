"""Importing a task table from Excel and Word: a preview, every bad row named, units matched
without diacritics with suggestions, all or nothing; the template and the export read back."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from parindex.catalog.models import Unit
from parindex.plans import interchange, planning
from parindex.plans.models import PlanTask
from parindex.testing.documents import pdf_text
from parindex.testing.factories import docx_with_table, upload, xlsx
from parindex.testing.html import table

HEADINGS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
]


@pytest.fixture
def draft(admin_user, justice, ward, department_level):
    Unit.objects.create(
        code="so-vhttdl", name="Sở Văn hóa, Thể thao và Du lịch", level=department_level
    )
    return planning.create_plan(unit=None, year=2025, by=admin_user, title="KH tỉnh 2025")


def _workbook(rows, headings=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings or [heading for _key, heading, _width in interchange.COLUMNS])
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _errors(rows):
    return {row.line: row.errors for row in rows if row.errors}


def test_a_word_annex(draft):
    data = docx_with_table(
        [
            HEADINGS,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
            # A heading merged across the row: Word gives its text in every cell.
            ["II. CẢI CÁCH THỂ CHẾ"] * 6,
            [
                "1",
                "Rà soát TTHC",
                "so tu phap",
                "Phường Điện Biên Phủ\nSở Văn hóa, Thể thao và Du lịch",
                "Quý II",
                "Quyết định",
            ],
            ["2.", "Kiểm tra", "Sở Tư pháp", "", "15/10/2025", "Báo cáo"],
        ],
        before="Phụ lục: Nhiệm vụ cải cách hành chính năm 2025",
    )
    rows = interchange.read_table(data, "phu-luc.docx", draft)
    assert _errors(rows) == {}
    first, second = (row.values for row in rows)
    assert first["due_on"] == "2025-06-30" and second["due_on"] == "2025-10-15"
    assert second["code"] == "2"
    names = set(Unit.objects.filter(pk__in=first["coordinating"]).values_list("name", flat=True))
    assert names == {"Phường Điện Biên Phủ", "Sở Văn hóa, Thể thao và Du lịch"}


def test_every_bad_row_is_named(draft):
    data = _workbook(
        [
            ["1", "", "Nhiệm vụ A", "SP", "Sở Tư pháp", "", "31/02/2025", "", ""],
            [
                "2",
                "",
                "Nhiệm vụ B",
                "SP",
                "Sở Tư phap",
                "Sở Tư pháp; Sở Tu phap 2",
                "Quý II",
                "một trăm",
                "",
            ],
            ["3", "XYZ", "Nhiệm vụ C", "SP", "Sở Nội vụ", "", "Sớm", "", ""],
            ["3", "", "Nhiệm vụ D", "SP", "Sở Tư pháp", "", "Quý I", "", ""],
        ]
    )
    errors = _errors(interchange.read_table(data, "kh.xlsx", draft))
    assert errors[2] == ["Ngày trong “31/02/2025” không tồn tại."]
    assert "Không có đơn vị “Sở Tu phap 2”; có phải: Sở Tư pháp?" in errors[3]
    assert "Kinh phí “một trăm” không phải là số (ví dụ 150.000.000)." in errors[3]
    assert [e[:20] for e in errors[4]] == [
        "Không hiểu thời hạn ",
        "Không có lĩnh vực “X",
        "Không có đơn vị “Sở ",
    ]
    assert errors[5] == ["Số thứ tự 3 trùng."]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a zip", "kh.xlsx", "không phải là tệp Excel"),
        (b"not a zip", "kh.docx", "không phải là tệp Word"),
        (b"%PDF-1.4", "kh.pdf", "Chỉ nhận tệp Excel"),
        (xlsx(), "kh.xlsx", "Không tìm thấy bảng nhiệm vụ"),
    ],
)
def test_foreign_files(draft, data, name, message):
    with pytest.raises(interchange.TableError, match=message):
        interchange.read_table(data, name, draft)


def test_preview_then_all_or_nothing(admin_client, draft):
    url = reverse("plans:plan_import", args=[draft.pk])
    bad = _workbook(
        [
            ["1", "", "A", "SP", "Sở Tư pháp", "", "Quý I", "", ""],
            ["2", "", "B", "SP", "Sở Không Có", "", "Quý I", "", ""],
        ]
    )
    page = admin_client.post(url, {"file": upload("kh.xlsx", bad)}).content.decode()
    assert "Chưa nhập" in page and "payload" not in page
    assert not PlanTask.objects.exists()
    good = _workbook(
        [
            ["1", "", "A", "SP", "Sở Tư pháp", "", "Quý I", "1.000.000", ""],
            ["2", "", "B", "SP", "Sở Tư pháp", "", "Quý II", "", ""],
        ]
    )
    page = admin_client.post(url, {"file": upload("kh.xlsx", good)}).content.decode()
    assert len(table(page, "preview")) == 3
    assert not PlanTask.objects.exists()  # a preview saves nothing
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    response = admin_client.post(
        reverse("plans:plan_import_confirm", args=[draft.pk]), {"payload": payload}
    )
    assert response.status_code == 302
    assert list(draft.tasks.values_list("code", "budget")) == [("1", 1000000), ("2", None)]
    # The same rows again: task 1 exists, so nothing of the second import is saved.
    response = admin_client.post(
        reverse("plans:plan_import_confirm", args=[draft.pk]), {"payload": payload}
    )
    assert draft.tasks.count() == 2


def test_a_tampered_preview_is_refused(admin_client, draft):
    response = admin_client.post(
        reverse("plans:plan_import_confirm", args=[draft.pk]), {"payload": "[]:forged"}
    )
    assert response.status_code == 302
    assert not draft.tasks.exists()


def test_another_unit_cannot_import(client, other_unit_officer, draft):
    client.force_login(other_unit_officer)
    assert client.get(reverse("plans:plan_import", args=[draft.pk])).status_code == 404


def test_the_template_and_the_export_read_back(admin_client, province_plan, admin_user):
    draft = planning.create_plan(unit=None, year=2025, by=admin_user, title="KH", scope="term")
    template = admin_client.get(reverse("plans:import_template")).content
    [example] = interchange.read_table(template, "mau.xlsx", draft)
    assert example.values["content"] == "Rà soát, đơn giản hóa thủ tục hành chính"
    exported = admin_client.get(reverse("plans:plan_export", args=[province_plan.pk])).content
    book = openpyxl.load_workbook(io.BytesIO(exported))
    assert book.active.cell(3, 3).value == "Rà soát, đơn giản hóa thủ tục hành chính"
    rows = interchange.read_table(exported, "kh.xlsx", draft)
    assert [row.values["code"] for row in rows] == ["1", "2"]
    assert _errors(rows) == {}


def test_the_progress_report_as_pdf(client, officer, justice_plan):
    client.force_login(officer)
    response = client.get(reverse("plans:plan_pdf", args=[justice_plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BÁO CÁO" in text and "Tiến độ thực hiện Kế hoạch CCHC Sở Tư pháp năm 2025" in text
    assert "Rà soát, đơn giản hóa thủ tục hành chính" in text


def test_another_unit_gets_no_pdf(client, other_unit_officer, justice_plan):
    client.force_login(other_unit_officer)
    assert client.get(reverse("plans:plan_pdf", args=[justice_plan.pk])).status_code == 404


@pytest.fixture
def unit_draft(officer, justice, ward, department_level):
    Unit.objects.create(code="so-noi-vu", name="Sở Nội vụ", level=department_level)
    return planning.create_plan(unit=justice, year=2025, by=officer, title="KH Sở Tư pháp 2025")


def test_a_units_annex_names_its_lead_and_coordinating_units(unit_draft, officer, ward, justice):
    """The columns mean in a unit's plan what they mean in the province's: "Cơ quan phối hợp" are
    coordinating units; the lead is a unit, or the unit's own office (the responsible office)."""
    data = docx_with_table(
        [
            HEADINGS,
            ["1", "Công khai", "Văn phòng Sở", "Sở Nội vụ; phuong dien bien phu", "Quý I", "DM"],
            ["2", "Rà soát văn bản", "Sở Tư pháp", "", "Quý II", "Báo cáo"],
        ]
    )  # fmt: skip
    rows = interchange.read_table(data, "phu-luc.docx", unit_draft)
    assert _errors(rows) == {}
    interchange.save_rows(unit_draft, [row.values for row in rows], by=officer)
    first, second = unit_draft.tasks.order_by("position")
    assert (first.responsible_office, first.lead_unit) == ("Văn phòng Sở", None)
    names = {unit.name for unit in first.coordinating_units.all()}
    assert names == {"Sở Nội vụ", "Phường Điện Biên Phủ"}
    assert (second.lead_unit, second.responsible_office) == (justice, "")


def test_a_units_annex_names_unknown_coordinating_units_and_may_name_its_office(unit_draft):
    headings = [*HEADINGS, "Bộ phận chủ trì"]
    data = docx_with_table(
        [
            headings,
            ["1", "A", "Sở Tư pháp", "Sở Nội vu 2", "Quý I", "SP", "Phòng Văn bản"],
            # With an office column, a lead that is no unit is a bad row, as in the province's.
            ["2", "B", "Sở Tư phap 3", "", "Quý I", "SP", "Văn phòng Sở"],
        ]
    )
    rows = interchange.read_table(data, "phu-luc.docx", unit_draft)
    assert _errors(rows) == {
        2: ["Không có đơn vị “Sở Nội vu 2”; có phải: Sở Nội vụ?"],
        3: ["Không có đơn vị “Sở Tư phap 3”; có phải: Sở Tư pháp?"],
    }
    assert rows[0].values["responsible_office"] == "Phòng Văn bản"


def test_a_unit_task_keeps_its_coordinating_units_when_edited(client, officer, unit_draft, ward):
    task = planning.add_task(
        unit_draft, by=officer, code="1", content="A", due_label="Quý I", coordinating=[ward]
    )
    client.force_login(officer)
    page = client.get(reverse("plans:task_edit", args=[task.pk])).content.decode()
    assert 'name="coordinating_units"' in page
    values = {"code": "1", "content": "A", "due_label": "Quý I", "coordinating_units": [ward.pk]}
    response = client.post(reverse("plans:task_edit", args=[task.pk]), values)
    assert response.status_code == 302
    assert list(task.coordinating_units.all()) == [ward]
