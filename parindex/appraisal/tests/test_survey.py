"""The survey points import: template, import through the page, errors by row, history, access."""

import copy
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from parindex.appraisal import workflow
from parindex.appraisal.models import SurveyImport, SurveyScore, UnitAppraisal
from parindex.appraisal.survey import importing
from parindex.appraisal.survey import sheet as survey_sheet
from parindex.assessments.models import UnitAssessment
from parindex.catalog import editing
from parindex.catalog.interchange import save_criteria_set
from parindex.catalog.models import Unit
from parindex.core.models import AuditEntry
from parindex.scoring import parse_criteria
from parindex.testing.factories import appraisal_document, criterion

HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa"]
HEADER += ["Điểm", "Tử số", "Mẫu số"]
SATISFACTION = "Mức độ hài lòng của người dân"


@pytest.fixture
def commune_set(appraisal_set, commune_level, admin_user):
    """The commune set: the same tree, but survey leaf 2.2 scored as a ratio (proportional)."""
    document = copy.deepcopy(appraisal_document(commune_level.code))
    leaf = document["nodes"][1]["children"][1]
    leaf["rule"] = {
        "kind": "ratio_proportional",
        "numerator": "Số người hài lòng",
        "denominator": "Số người được hỏi",
    }
    commune_set = save_criteria_set(parse_criteria(document), by=admin_user)
    assert editing.put_in_use(commune_set, by=admin_user) == []
    return commune_set


@pytest.fixture
def ward_assessment(appraisal_period, commune_set, ward) -> UnitAssessment:
    appraisal_period.criteria_sets.add(commune_set)
    return UnitAssessment.objects.create(
        period=appraisal_period, unit=ward, criteria_set=commune_set, state="submitted"
    )


def _url(name: str, period) -> str:
    return reverse(f"appraisal:{name}", kwargs={"pk": period.pk})


def workbook(*rows, header=HEADER, base: SurveyImport | None = None) -> bytes:
    """A filled workbook laid out as the template: a note, the header, then `rows` from row 3;
    made from the template downloaded after the import `base`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = survey_sheet.SHEET
    sheet.append(["Kỳ đánh giá thử"])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    book.create_sheet(survey_sheet.BASE_SHEET).append(
        [survey_sheet.BASE_LABEL, base.pk if base else 0]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, period, data: bytes, name: str = "diem-dieu-tra.xlsx"):
    return client.post(
        _url("survey_import", period), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def import_rows(period, by, *rows, name: str = "diem.xlsx") -> SurveyImport:
    """Rows filled in a template downloaded just before (from the current import)."""
    data = workbook(*rows, base=importing.current_import(period))
    return importing.import_workbook(period, SimpleUploadedFile(name, data), by=by)


def as_json(value) -> str:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def justice_row(points) -> tuple:
    return ("so-tu-phap", "Sở Tư pháp", "2.2", SATISFACTION, 2, points)


def ward_row(numerator, denominator) -> tuple:
    return ("phuong-dien-bien-phu", "", "2.2", "", 2, None, numerator, denominator)


def appraised_total(assessment) -> Decimal | None:
    return UnitAppraisal.objects.get(assessment=assessment).appraised_total


def sheet_values(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data))[survey_sheet.SHEET].values)


# --- Template and round trip -----------------------------------------------------------------


def test_template_round_trip(
    lead_client, lead, appraisal_period, submitted_assessment, ward_assessment
):
    response = lead_client.get(_url("survey_template", appraisal_period))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="diem-dieu-tra-2026-{appraisal_period.pk}.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book[survey_sheet.SHEET]
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["D"].width == 50
    # Whoever types a word or a negative number into Điểm, Tử số, Mẫu số is warned at once.
    assert [
        (str(v.sqref), v.type, v.operator, v.formula1, v.errorStyle)
        for v in sheet.data_validations.dataValidation
    ] == [
        (f"{column}3:{column}2000", "decimal", "greaterThanOrEqual", "0", "warning")
        for column in "FGH"
    ]
    assert sheet_values(response.content) == [
        (
            "Kỳ đánh giá: Đánh giá Chỉ số CCHC năm 2026 (năm 2026). Nhập Điểm, hoặc Tử số và Mẫu "
            "số, theo cách chấm của tiêu chí; để trống các ô màu xám.",
            *[None] * 7,
        ),
        tuple(HEADER),
        ("so-tu-phap", "Sở Tư pháp", "2.2", SATISFACTION, 2, None, None, None),
        ("phuong-dien-bien-phu", "Phường Điện Biên Phủ", "2.2", SATISFACTION, 2, None, None, None),
    ]
    # The cells a row's rule does not use are grey: ratios for justice, points for the ward.
    grey = [
        [cell.column_letter for cell in row if cell.fill.fgColor.rgb == "00D9D9D9"]
        for row in sheet.iter_rows(min_row=3)
    ]
    assert grey == [["G", "H"], ["F"]]

    sheet["F3"] = 1.57
    sheet["G4"], sheet["H4"] = 45, 60
    filled = io.BytesIO()
    book.save(filled)
    response = upload(lead_client, appraisal_period, filled.getvalue(), name="Điểm điều tra.xlsx")

    assert response.redirect_chain == [(_url("survey", appraisal_period), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Đã nhập 2 dòng điểm điều tra từ tệp “Điểm điều tra.xlsx”."
    ]
    current = SurveyImport.objects.get()
    assert (current.period, current.file_name, current.row_count, current.imported_by) == (
        appraisal_period,
        "Điểm điều tra.xlsx",
        2,
        lead,
    )
    assert len(current.sha256) == 64
    rows = SurveyScore.objects.order_by("assessment__unit__level__order").values_list(
        "assessment", "criterion", "points", "numerator", "denominator", "survey_points"
    )
    justice_leaf, ward_leaf = (
        criterion(submitted_assessment, "2.2"),
        criterion(ward_assessment, "2.2"),
    )
    assert list(rows) == [
        (submitted_assessment.pk, justice_leaf.pk, Decimal("1.57"), None, None, Decimal("1.57")),
        (ward_assessment.pk, ward_leaf.pk, None, Decimal(45), Decimal(60), Decimal("1.5")),
    ]
    assert appraised_total(submitted_assessment) == Decimal("1.57")
    assert appraised_total(ward_assessment) == Decimal("1.5")

    # The next template starts from the current import.
    again = sheet_values(lead_client.get(_url("survey_template", appraisal_period)).content)
    assert [row[5:] for row in again[2:]] == [(1.57, None, None), (None, 45, 60)]


# --- Errors ----------------------------------------------------------------------------------


def test_every_invalid_row_is_reported_and_nothing_is_written(
    lead_client, appraisal_period, submitted_assessment, ward_assessment, home_affairs
):
    data = workbook(
        justice_row(1),  # 3: valid, but the file has errors
        ("khong-co", "", "2.2", "", 2, 1),  # 4
        ("so-noi-vu", "Sở Nội vụ", "2.2", "", 2, 1),  # 5
        ("so-tu-phap", "", "9.9", "", 2, 1),  # 6
        ("so-tu-phap", "", "1.1", "", 1, 1),  # 7
        ("so-tu-phap", "", "2", "", 4, 1),  # 8
        justice_row(1.5),  # 9: a second row for the same unit and criterion
        ("phuong-dien-bien-phu", "", "2.2", "", 2, None, 45),  # 10
        (),  # 11: empty rows are skipped
        ("", "Sở Tư pháp", "2.2"),  # 12
        ("so-tu-phap", "", ""),  # 13
    )
    response = upload(lead_client, appraisal_period, data)
    assert response.status_code == 200
    assert response.context["errors"] == [
        (4, "không có đơn vị mã “khong-co”"),
        (5, "đơn vị “so-noi-vu” không tham gia kỳ đánh giá này"),
        (6, "bộ tiêu chí của Sở Tư pháp không có tiêu chí mã “9.9”"),
        (7, "tiêu chí 1.1 không chấm bằng điều tra xã hội học"),
        (8, "tiêu chí 2 không chấm bằng điều tra xã hội học"),
        (9, "trùng đơn vị và tiêu chí với dòng 3"),
        (10, "thiếu Mẫu số"),
        (12, "thiếu mã đơn vị"),
        (13, "thiếu mã tiêu chí"),
    ]
    page = response.content.decode()
    assert "Tệp có 9 lỗi, chưa nhập dòng nào:" in page
    assert "<td>trùng đơn vị và tiêu chí với dòng 3</td>" in page
    assert SurveyImport.objects.count() == SurveyScore.objects.count() == 0
    assert not AuditEntry.objects.filter(action="survey.import").exists()
    assert not UnitAppraisal.objects.exists()


HOW_TO_WRITE = (
    "ví dụ 2.000 hoặc 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân)."
)


def test_values_are_checked_by_the_engine(
    lead, appraisal_period, submitted_assessment, ward_assessment
):
    ward = ("phuong-dien-bien-phu", "", "2.2", "", 2, None)
    checks = [
        (justice_row(None), "thiếu Điểm"),
        (justice_row("nhiều"), f"ô có “nhiều”: “Điểm” phải là một số, {HOW_TO_WRITE}"),
        (justice_row("1.2.3"), f"ô có “1.2.3”: “Điểm” phải là một số, {HOW_TO_WRITE}"),
        (justice_row(2.5), "điểm (2,5) lớn hơn điểm tối đa (2)"),
        (justice_row("0,005"), "điểm (0,005) không phải bội số của bước chấm (0,01)"),
        (justice_row(-1), "ô có “-1”: “Điểm” không được là số âm."),
        ((*ward[:-1], 1, 45, 60), "tiêu chí này không dùng cột “Điểm”; hãy để trống"),
        ((*ward, 5, 0), "mẫu số bằng 0 không được phép với tiêu chí này"),
        ((*ward, "=1+1", 3), "cột “Tử số” chứa công thức; hãy nhập (hoặc dán) giá trị"),
        ((*ward, 1.23456, 2), "cột “Tử số”: “1.23456” có quá 4 chữ số thập phân"),
        ((*ward, 1, 10**10), "cột “Mẫu số”: “10000000000” quá lớn"),
    ]
    for row, reason in checks:
        with pytest.raises(survey_sheet.SurveyImportError) as raised:
            import_rows(appraisal_period, lead, row)
        assert raised.value.errors == [(3, reason)]
    assert SurveyImport.objects.count() == 0


def test_decimal_comma_in_text_cells(lead, appraisal_period, submitted_assessment, ward_assessment):
    import_rows(
        appraisal_period,
        lead,
        justice_row("1,5"),
        ("phuong-dien-bien-phu", "", "2.2", "", 2, None, "22,5", " 30 "),
    )
    assert sorted(SurveyScore.objects.values_list("survey_points", flat=True)) == [
        Decimal("1.5"),
        Decimal("1.5"),
    ]
    assert SurveyScore.objects.get(assessment=ward_assessment).numerator == Decimal("22.5")


def test_thousands_dots_in_text_cells_are_thousands(
    lead, appraisal_period, submitted_assessment, ward_assessment
):
    # As the forms and every page write them: 1.500 is fifteen hundred, never one and a half.
    import_rows(
        appraisal_period, lead, ("phuong-dien-bien-phu", "", "2.2", "", 2, None, "1.500", "2.000")
    )
    score = SurveyScore.objects.get(assessment=ward_assessment)
    assert (score.numerator, score.denominator) == (Decimal(1500), Decimal(2000))


def test_files_that_are_not_a_workbook_are_refused(
    lead_client, appraisal_period, submitted_assessment, settings
):
    refused = {
        ("diem.xlsx", b"Ma don vi;Diem\nso-tu-phap;1\n"): (
            "Tệp không phải là tệp Excel (.xlsx) hợp lệ; hãy dùng mẫu tải về từ trang này."
        ),
        ("diem.xlsx", b"PK\x03\x04 truncated"): "Tệp không phải là tệp Excel (.xlsx) hợp lệ.",
        ("diem.csv", workbook(justice_row(1))): (
            "Chỉ nhận tệp Excel (.xlsx); tệp “diem.csv” không phải loại này."
        ),
        ("diem.xlsx", workbook(justice_row(1), header=["Đơn vị", "Tiêu chí", "Điểm"])): (
            "Không tìm thấy dòng tiêu đề có cột “Mã đơn vị” và “Mã tiêu chí”; hãy dùng mẫu tải về "
            "từ trang này."
        ),
        ("diem.xlsx", workbook()): "Tệp không có dòng điểm nào.",
    }
    for (name, data), reason in refused.items():
        response = upload(lead_client, appraisal_period, data, name=name)
        assert response.context["errors"] == [(None, reason)], name
    settings.CRITERIA_UPLOAD_MAX_BYTES = 1024 * 1024
    response = upload(lead_client, appraisal_period, b"PK\x03\x04" + b"0" * 1024 * 1024)
    assert response.context["errors"] == [(None, "Tệp quá lớn (tối đa 1 MB).")]
    assert "Cả tệp" in response.content.decode()
    assert SurveyImport.objects.count() == 0


# --- Re-import -------------------------------------------------------------------------------


def test_a_new_import_replaces_the_current_one_and_keeps_history(
    lead_client, lead, admin_user, appraisal_period, submitted_assessment, ward_assessment
):
    first = import_rows(
        appraisal_period,
        admin_user,
        justice_row(1),
        ward_row(1, 2),
        name="lan-1.xlsx",
    )
    assert (appraised_total(submitted_assessment), appraised_total(ward_assessment)) == (1, 1)

    response = upload(
        lead_client, appraisal_period, workbook(justice_row(0.75), base=first), name="lan-2.xlsx"
    )

    assert response.redirect_chain == [(_url("survey", appraisal_period), 302)]
    second = importing.current_import(appraisal_period)
    assert (second.file_name, second.row_count, second.imported_by) == ("lan-2.xlsx", 1, lead)
    assert list(importing.imports(appraisal_period)) == [second, first]
    assert SurveyScore.objects.filter(survey_import=first).count() == 2
    # The ward is not in the new file: its survey points are gone from its total.
    assert (appraised_total(submitted_assessment), appraised_total(ward_assessment)) == (
        Decimal("0.75"),
        0,
    )
    entry = AuditEntry.objects.get(action="survey.import", actor=lead)
    assert (entry.target_type, entry.target_id) == (
        "assessments.assessmentperiod",
        str(appraisal_period.pk),
    )
    assert (entry.old, entry.new) == (
        {"file": "lan-1.xlsx", "rows": 2, "at": as_json(first.imported_at)},
        {
            "file": "lan-2.xlsx",
            "rows": 1,
            "at": as_json(second.imported_at),
            "changes": [
                {"unit": "phuong-dien-bien-phu", "criterion": "2.2", "old": "1", "new": None},
                {"unit": "so-tu-phap", "criterion": "2.2", "old": "1", "new": "0.75"},
            ],
        },
    )
    page = response.content.decode()
    # The new file in the message, as current and in the history; the old one in the history.
    assert (page.count("lan-2.xlsx"), page.count("lan-1.xlsx")) == (3, 1)


def test_finalized_units_keep_their_survey_points(
    lead, appraisal_period, submitted_assessment, ward_assessment
):
    import_rows(appraisal_period, lead, justice_row(1), ward_row(1, 2))
    status = workflow.status_of(submitted_assessment)
    status.finalized_at, status.finalized_by = timezone.now(), lead
    status.save()

    with pytest.raises(survey_sheet.SurveyImportError) as raised:
        import_rows(appraisal_period, lead, justice_row(1.5), ward_row(1, 2))
    assert raised.value.errors == [
        (
            3,
            "kết quả thẩm định của Sở Tư pháp đã hoàn tất: không được thay đổi điểm điều tra của "
            "đơn vị; Tổ trưởng cần mở lại kết quả trước khi nhập",
        ),
    ]
    with pytest.raises(survey_sheet.SurveyImportError) as raised:
        import_rows(appraisal_period, lead, ward_row(1, 4))  # Sở Tư pháp would lose its points
    assert [error.row for error in raised.value.errors] == [None]

    import_rows(
        appraisal_period, lead, justice_row("1,00"), ward_row(3, 4)
    )  # the same points for the unit
    assert (appraised_total(submitted_assessment), appraised_total(ward_assessment)) == (
        1,
        Decimal("1.5"),
    )
    assert SurveyImport.objects.count() == 2


# --- Access ----------------------------------------------------------------------------------


def all_requests(period):
    return [
        ("get", _url("survey", period)),
        ("get", _url("survey_template", period)),
        ("post", _url("survey_import", period)),
    ]


@pytest.mark.parametrize("who", ["appraiser", "office_appraiser", "officer", "unit_head"])
def test_others_than_the_lead_find_nothing(client, request, who, team, submitted_assessment):
    client.force_login(request.getfixturevalue(who))
    for method, url in all_requests(team):
        data = {"file": SimpleUploadedFile("d.xlsx", workbook(justice_row(1)))}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (who, url)
    assert SurveyImport.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client, appraisal_period):
    for method, url in all_requests(appraisal_period):
        response = getattr(client, method)(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('login')}?next={url}",
        )


def test_the_lead_and_the_admin_see_the_page(
    lead_client, admin_client, appraisal_period, submitted_assessment
):
    for client in (lead_client, admin_client):
        page = client.get(_url("survey", appraisal_period)).content.decode()
        assert "Chưa nhập điểm điều tra nào cho kỳ đánh giá này." in page
        assert _url("survey_template", appraisal_period) in page


def test_the_import_needs_a_post(lead_client, appraisal_period):
    assert lead_client.get(_url("survey_import", appraisal_period)).status_code == 405


def test_units_are_listed_in_vietnamese_alphabetical_order(
    lead_client, lead, appraisal_period, submitted_assessment, appraisal_set, department_level
):
    rows = [justice_row(1)]
    for code, name in (
        ("xa-ban-phu", "Xã Bản Phủ"),
        ("xa-ang-nua", "Xã Ảng Nưa"),
        ("dai-ptth", "Đài Phát thanh và Truyền hình tỉnh"),
    ):
        unit = Unit.objects.create(code=code, name=name, level=department_level)
        UnitAssessment.objects.create(
            period=appraisal_period, unit=unit, criteria_set=appraisal_set
        )
        rows.append((code, name, "2.2", SATISFACTION, 2, 1))
    import_rows(appraisal_period, lead, *rows)
    # In code-point order "Đ" comes after "X" and "Ả" after "B".
    expected = ["Đài Phát thanh và Truyền hình tỉnh", "Sở Tư pháp", "Xã Ảng Nưa", "Xã Bản Phủ"]
    scores = lead_client.get(_url("survey", appraisal_period)).context["scores"]
    assert [score.assessment.unit.name for score in scores] == expected
    template = sheet_values(lead_client.get(_url("survey_template", appraisal_period)).content)
    assert [row[1] for row in template[2:]] == expected


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_page_queries_do_not_grow_with_units(
    lead_client,
    lead,
    appraisal_period,
    submitted_assessment,
    appraisal_set,
    department_level,
    item_count,
    django_assert_num_queries,
):
    rows = [justice_row(1)]
    for i in range(item_count):
        unit = Unit.objects.create(code=f"so-{i}", name=f"Sở thử {i}", level=department_level)
        UnitAssessment.objects.create(
            period=appraisal_period, unit=unit, criteria_set=appraisal_set
        )
        rows.append((unit.code, unit.name, "2.2", SATISFACTION, 2, "0,5"))
    import_rows(appraisal_period, lead, *rows)

    with django_assert_num_queries(5):
        response = lead_client.get(_url("survey", appraisal_period))

    names = re.findall(r"<td>(Sở [^<]+)</td>", response.content.decode())
    assert names == [*(f"Sở thử {i}" for i in range(item_count)), "Sở Tư pháp"]


def test_a_file_made_before_the_last_import_is_refused(
    appraisal_period, submitted_assessment, lead
):
    first = import_rows(appraisal_period, lead, justice_row(1))
    stale = workbook(justice_row("1,5"))  # the template downloaded before the first import
    with pytest.raises(survey_sheet.SurveyImportError) as refused:
        importing.import_workbook(appraisal_period, SimpleUploadedFile("cu.xlsx", stale), by=lead)
    assert "mẫu cũ" in refused.value.errors[0].reason
    assert importing.current_import(appraisal_period) == first
    second = import_rows(appraisal_period, lead, justice_row("1,5"))
    entry = AuditEntry.objects.filter(action="survey.import").first()
    assert entry.new["changes"] == [
        {"unit": "so-tu-phap", "criterion": "2.2", "old": "1", "new": "1.5"}
    ]
    assert importing.current_import(appraisal_period) == second
