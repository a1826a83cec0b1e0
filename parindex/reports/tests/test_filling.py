"""A unit fills its report: what is typed is kept even when refused, nobody overwrites anybody
silently, the head submits, the province returns, every version stays."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from parindex.core.models import AuditEntry
from parindex.reports import workflow
from parindex.reports.models import ReportSection, UnitReport
from parindex.testing.reports import open_report_period


def save(client, report, code, data, version=0, **headers):
    prefixed = {f"s-{code}-{key}": value for key, value in {"version": version, **data}.items()}
    return client.post(reverse("reports:section_save", args=[report.pk, code]), prefixed, **headers)


def fill_required(report, user):
    workflow.save_section(
        report, "A", narrative="Đã kiểm tra 3 cơ quan.", typed={"A1": "3"}, version=0, by=user
    )


def test_a_section_is_saved_as_typed_and_audited(officer_client, officer, report):
    response = save(
        officer_client,
        report,
        "A",
        {"narrative": "Kết quả quý I", "A1": "12", "A2/n": "45", "A2/d": "50", "A3": "yes"},
    )
    assert response.url == f"{report.get_absolute_url()}#section-A"
    row = ReportSection.objects.get(report=report, code="A")
    assert (row.narrative, row.values, row.version) == (
        "Kết quả quý I",
        {"A1": "12", "A2/n": "45", "A2/d": "50", "A3": "yes"},
        1,
    )
    entry = AuditEntry.objects.get(action="report.section")
    assert (entry.actor, entry.new["A1"], entry.reason) == (officer, "12", "Chỉ đạo, điều hành")


@pytest.mark.parametrize(
    ("typed", "key", "message"),
    [
        (
            {"A1": "mười hai"},
            "A1",
            "“A1. Số cuộc kiểm tra” phải là một số, ví dụ 2.000 hoặc 1.234,5",
        ),
        ({"A1": "500"}, "A1", "“A1. Số cuộc kiểm tra” phải từ 0 đến 100."),
        (
            {"A2/n": "3", "A2/d": "0"},
            "A2/d",
            "“A2. Hồ sơ đúng hạn”: mẫu số bằng 0, không tính được tỷ lệ.",
        ),
        ({"A2/n": "7", "A2/d": "5"}, "A2/n", "“A2. Hồ sơ đúng hạn”: tử số lớn hơn mẫu số."),
    ],
)
def test_a_refused_value_is_kept_and_named(officer_client, report, typed, key, message):
    save(officer_client, report, "A", typed)
    assert ReportSection.objects.get(report=report, code="A").values == typed
    page = officer_client.get(report.get_absolute_url()).content.decode()
    assert message in page
    assert f'value="{typed[key]}"' in page


def test_the_autosave_answers_only_the_version_status_and_messages(officer_client, report):
    response = save(officer_client, report, "A", {"A1": "abc"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="version-A" hx-swap-oob="true"' in page
    assert 'value="1"' in page
    assert "Đã lưu; có giá trị chưa hợp lệ." in page
    assert "<textarea" not in page and 'name="s-A-A1"' not in page
    assert "“A1. Số cuộc kiểm tra” phải là một số" in page


def test_an_autosave_the_form_refuses_says_it_is_not_saved(officer_client, report):
    page = save(officer_client, report, "A", {"narrative": "x" * 50001}, HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert "Chưa lưu:" in text and "50000" in text.replace(".", "")
    assert 'id="version-A"' not in text
    assert not ReportSection.objects.filter(report=report).exists()


def test_two_people_never_overwrite_each_other_silently(officer_client, officer, report):
    fill_required(report, officer)
    response = save(officer_client, report, "A", {"A1": "9", "narrative": "Bản của tôi"}, version=0)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Người khác vừa lưu phần này" in page
    assert "Bản của tôi" in page  # what the user typed is shown back, not lost
    assert ReportSection.objects.get(report=report, code="A").values == {"A1": "3"}
    htmx = save(
        officer_client, report, "A", {"A1": "9"}, version=0, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "tải lại trang để xem" in htmx
    assert (
        'id="version-A"' not in htmx
    )  # the stale form keeps its version: the next save is refused too


def test_submission_needs_the_required_values_and_the_head(client, officer, unit_head, report):
    client.force_login(unit_head)
    page = client.post(reverse("reports:submit", args=[report.pk])).content.decode()
    assert "“A1. Số cuộc kiểm tra” là bắt buộc, chưa nhập." in page
    fill_required(report, officer)
    workflow.save_section(
        report, "B", narrative="", typed={"B1": "31/02/2025"}, version=0, by=officer
    )
    page = client.get(reverse("reports:submit", args=[report.pk])).content.decode()
    assert "“B1. Ngày công bố”: nhập ngày theo dạng dd/mm/yyyy" in page
    workflow.save_section(
        report, "B", narrative="", typed={"B1": "28/02/2025"}, version=1, by=officer
    )
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert (report.state, report.submitted_by, report.versions.get().number) == (
        "submitted",
        unit_head,
        1,
    )
    assert report.first_submitted_at == report.submitted_at
    with pytest.raises(workflow.WorkflowError, match="Báo cáo đã nộp"):
        workflow.save_section(report, "A", narrative="", typed={}, version=1, by=officer)


def test_a_returned_report_is_resubmitted_keeping_the_first_time_and_every_version(
    client, officer, unit_head, admin_user, report
):
    fill_required(report, officer)
    first = datetime(2025, 3, 15, 16, 59, tzinfo=UTC)  # 23:59 in Vietnam on the due day
    assert workflow.submit_report(report, by=unit_head, now=first).late is False
    client.force_login(admin_user)
    assert (
        client.post(reverse("reports:return", args=[report.pk]), {"reason": ""}).status_code == 400
    )
    client.post(reverse("reports:return", args=[report.pk]), {"reason": "Thiếu số liệu TTHC"})
    report.refresh_from_db()
    assert (report.state, report.return_reason) == ("returned", "Thiếu số liệu TTHC")
    workflow.save_section(
        report, "A", narrative="Bổ sung", typed={"A1": "4"}, version=1, by=officer
    )
    again = workflow.submit_report(
        report, by=unit_head, now=datetime(2025, 3, 15, 17, 0, tzinfo=UTC)
    )
    report.refresh_from_db()
    assert (again.number, again.late, report.first_submitted_at) == (2, True, first)
    versions = list(report.versions.values_list("number", "return_reason", "content"))
    assert versions == [
        (
            1,
            "Thiếu số liệu TTHC",
            {"A": {"narrative": "Đã kiểm tra 3 cơ quan.", "values": {"A1": "3"}}},
        ),
        (2, "", {"A": {"narrative": "Bổ sung", "values": {"A1": "4"}}}),
    ]
    page = client.get(reverse("reports:version", args=[report.pk, 1])).content.decode()
    assert "Đã kiểm tra 3 cơ quan." in page and "Thiếu số liệu TTHC" in page
    actions = list(
        AuditEntry.objects.filter(action__in=["report.submit", "report.return"]).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["report.return", "report.submit", "report.submit"]


def test_last_periods_values_stand_beside_each_field(
    officer_client, officer, unit_head, report, report_template, justice
):
    fill_required(report, officer)
    workflow.submit_report(report, by=unit_head)
    half_year = open_report_period(report_template, [justice], kind="h1")
    page = officer_client.get(half_year.reports.get().get_absolute_url()).content.decode()
    assert "Kỳ trước: 3" in page


@pytest.mark.parametrize(
    "name", ["report", "submit", "version", "version_pdf", "section_save", "return", "extend"]
)
def test_nobody_else_reaches_a_units_report(
    client, other_unit_officer, officer, unit_head, admin_user, appraiser, report, name
):
    fill_required(report, officer)
    workflow.submit_report(report, by=unit_head)
    args = {
        "version": [report.pk, 1],
        "version_pdf": [report.pk, 1],
        "section_save": [report.pk, "A"],
    }.get(name, [report.pk])
    url = reverse(f"reports:{name}", args=args)
    outsiders = [other_unit_officer, appraiser]
    if name in ("submit", "return", "extend"):
        outsiders.append(officer)  # the officer fills; the head submits, the province returns
    if name in ("section_save", "submit"):
        outsiders.append(admin_user)  # the province reads, it does not fill a unit's report
    for user in outsiders:
        client.force_login(user)
        method = client.get if name in ("report", "version", "version_pdf") else client.post
        assert method(url).status_code == 404, user


def test_the_units_list_shows_its_reports_only(officer_client, report, ward_report):
    page = officer_client.get(reverse("reports:mine")).content.decode()
    assert report.get_absolute_url() in page
    assert ward_report.get_absolute_url() not in page


@pytest.mark.parametrize("filled", [1, 2])
def test_the_report_page_costs_the_same_however_much_is_filled(
    officer_client, officer, unit_head, report, django_assert_num_queries, filled
):
    fill_required(report, officer)
    if filled == 2:
        workflow.save_section(
            report, "B", narrative="x", typed={"B3/nhan/tt": "5"}, version=0, by=officer
        )
    # The section's documents and the unit's library to attach from: one query each.
    with django_assert_num_queries(9):
        page = officer_client.get(report.get_absolute_url()).content.decode()
    assert page.count('class="card mb-3"') == 2
    assert UnitReport.objects.get(pk=report.pk).sections.count() == filled


def test_the_province_gives_one_unit_more_time_with_a_reason(admin_client, admin_user, report):
    url = reverse("reports:extend", args=[report.pk])
    page = admin_client.post(url, {"until": "10/03/2025", "reason": "Đổi cán bộ"}).content.decode()
    assert "Ngày gia hạn phải sau hạn nộp của kỳ báo cáo." in page
    admin_client.post(url, {"until": "25/03/2025", "reason": "Đổi cán bộ"})
    report.refresh_from_db()
    assert (report.extended_until, report.extension_reason) == (date(2025, 3, 25), "Đổi cán bộ")
    entry = AuditEntry.objects.get(action="report.extend")
    assert (entry.new, entry.reason) == ({"extended_until": "2025-03-25"}, "Đổi cán bộ")


def test_the_report_page_costs_the_same_with_eighteen_times_the_indicators(
    officer_client, justice, commune_level, django_assert_num_queries
):
    from parindex.testing.reports import illustrative_template

    url = open_report_period(illustrative_template(), [justice]).reports.get().get_absolute_url()
    # Two more than the small template: CDDH.3's plan progress and CDDH.4's self-assessed score,
    # each asked once however many indicators ask for it.
    with django_assert_num_queries(11):
        page = officer_client.get(url).content.decode()
    assert page.count('class="card mb-3"') == 7
    assert 'name="s-TTHC-TTHC.1/qua-han/truc-tuyen"' in page


def test_a_submitted_version_is_the_units_document(client, officer, unit_head, admin_user, report):
    from parindex.testing.documents import pdf_text

    fill_required(report, officer)
    workflow.submit_report(report, by=unit_head, now=datetime(2025, 3, 14, 3, 0, tzinfo=UTC))
    client.force_login(admin_user)
    response = client.get(reverse("reports:version_pdf", args=[report.pk, 1]))
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "UBND TỈNH ĐIỆN BIÊN",
        "SỞ TƯ PHÁP",
        "Điện Biên, ngày 14 tháng 3 năm 2025",
        "BÁO CÁO",
        "Đã kiểm tra 3 cơ quan.",
        "A1. Số cuộc kiểm tra cuộc 3",
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "Quàng Văn Bình",
    ):
        assert expected in text, expected


def test_the_audit_log_names_a_report_and_finds_it_by_unit(admin_client, officer, report, justice):
    fill_required(report, officer)
    page = admin_client.get(reverse("auditlog:list"), {"unit": justice.pk}).content.decode()
    assert "Báo cáo định kỳ của đơn vị" in page
    assert f'href="{report.get_absolute_url()}"' in page
