"""Templates stored and cloned, the Ministry's default windows, creating and opening a period."""

from datetime import date

import pytest

from parindex.core.models import AuditEntry
from parindex.reports import periods
from parindex.reports.models import ReportTemplate
from parindex.reports.spec import Kind, TemplateError, parse_template
from parindex.reports.template_store import clone_template, save_template
from parindex.testing.reports import illustrative_template, small_document


@pytest.mark.parametrize(
    ("kind", "window", "deadline"),
    [
        (Kind.Q1, (date(2024, 12, 15), date(2025, 3, 14)), date(2025, 3, 15)),
        (Kind.HALF_YEAR, (date(2024, 12, 15), date(2025, 6, 14)), date(2025, 6, 15)),
        (Kind.Q3, (date(2025, 6, 15), date(2025, 9, 14)), date(2025, 9, 15)),
        (Kind.YEAR, (date(2024, 12, 15), date(2025, 12, 14)), date(2025, 12, 15)),
        (Kind.TOPIC, None, None),
    ],
)
def test_default_windows_follow_the_ministry(kind, window, deadline):
    assert periods.default_window(kind, 2025) == window
    assert periods.default_deadline(kind, 2025) == deadline


def test_the_illustrative_template_is_stored_with_its_levels(
    department_level, commune_level, admin_user
):
    template = illustrative_template(by=admin_user)
    assert template.illustrative is True
    assert sorted(template.levels.values_list("code", flat=True)) == ["commune", "department"]
    assert template.spec.section("TTHC").title == "Cải cách thủ tục hành chính"
    entry = AuditEntry.objects.get(action="report_template.import")
    assert entry.new == {"code": "bao-cao-cchc", "year": 2025, "indicators": 13}


def test_unknown_levels_and_a_second_copy_are_refused(department_level):
    with pytest.raises(TemplateError) as caught:
        save_template(parse_template(small_document("xa")), by=None)
    assert [str(p) for p in caught.value.problems] == [
        "Không có cấp đơn vị mã “xa” trong danh mục."
    ]
    save_template(parse_template(small_document()), by=None)
    with pytest.raises(TemplateError, match="Đã có mẫu báo cáo mã “bao-cao-thu” năm 2025"):
        save_template(parse_template(small_document()), by=None)


def test_opening_a_period_gives_every_unit_its_report_and_freezes_the_template(
    report_template, justice, ward
):
    period = periods.create_period(
        report_template, kind=Kind.Q1, year=2025, units=[justice, ward], by=None
    )
    assert (period.title, period.window_starts, period.deadline) == (
        "Báo cáo CCHC quý I năm 2025",
        date(2024, 12, 15),
        date(2025, 3, 15),
    )
    assert period.reports.count() == 0
    assert periods.open_period(period, by=None) == 2
    assert sorted(period.reports.values_list("unit__code", "state")) == [
        ("phuong-dien-bien-phu", "draft"),
        ("so-tu-phap", "draft"),
    ]
    report_template.refresh_from_db()
    assert report_template.status == ReportTemplate.Status.IN_USE
    with pytest.raises(periods.PeriodError, match="Kỳ báo cáo đã mở"):
        periods.open_period(period, by=None)


def test_a_period_needs_a_kind_the_template_serves_and_dates_for_a_topic(report_template, justice):
    with pytest.raises(periods.PeriodError, match="không dùng cho loại kỳ"):
        periods.create_period(report_template, kind=Kind.TOPIC, year=2025, units=[justice], by=None)


def test_a_clone_is_next_years_template(report_template):
    clone = clone_template(report_template, year=2026, by=None)
    assert (clone.year, clone.cloned_from, clone.status) == (
        2026,
        report_template,
        ReportTemplate.Status.DRAFT,
    )
    assert clone.spec.sections == report_template.spec.sections


def test_the_province_imports_exports_creates_and_opens_through_its_pages(
    admin_client, department_level, commune_level, justice, ward
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from parindex.reports.models import ReportingPeriod
    from parindex.testing.reports import ILLUSTRATIVE

    bad = SimpleUploadedFile("mau.yaml", b"format: parindex.report-template/1\n")
    page = admin_client.post(reverse("reports:templates"), {"file": bad}).content.decode()
    assert "dòng 1: Mẫu báo cáo thiếu “code”" in page
    upload = SimpleUploadedFile("mau.yaml", ILLUSTRATIVE.read_bytes())
    response = admin_client.post(reverse("reports:templates"), {"file": upload})
    template = ReportTemplate.objects.get()
    assert response.url == template.get_absolute_url()
    exported = admin_client.get(reverse("reports:template_export", args=[template.pk]))
    assert exported["Content-Disposition"] == 'attachment; filename="bao-cao-cchc-2025.yaml"'
    assert parse_template(template.document) == template.spec
    response = admin_client.post(
        reverse("reports:period_create"),
        {"template": template.pk, "kind": "q1", "year": "2025", "deadline": "10/03/2025"},
    )
    period = ReportingPeriod.objects.get()
    assert (response.url, period.deadline, period.units.count()) == (
        period.get_absolute_url(),
        date(2025, 3, 10),
        2,
    )
    admin_client.post(reverse("reports:period_open", args=[period.pk]))
    assert period.reports.count() == 2
