"""The province's pages of a period: completeness with its filter, the aggregates with the unit
values behind them, each unit's on-time rate; query counts that do not grow with the units."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from parindex.accounts.models import Role
from parindex.catalog.models import Unit
from parindex.reports import workflow
from parindex.testing.factories import make_user
from parindex.testing.html import table
from parindex.testing.reports import open_report_period

ON_TIME = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
LATE = datetime(2025, 3, 20, 3, 0, tzinfo=UTC)


def send(report, typed_a: dict, *, at: datetime, typed_b: dict | None = None):
    head = make_user(f"head-{report.unit.code}", Role.UNIT_HEAD, report.unit)
    workflow.save_section(
        report, "A", narrative=f"Kết quả của {report.unit.name}", typed=typed_a, version=0, by=head
    )
    if typed_b:
        workflow.save_section(report, "B", narrative="", typed=typed_b, version=0, by=head)
    return workflow.submit_report(report, by=head, now=at)


@pytest.fixture
def sent(report, ward_report, admin_user):
    send(
        report,
        {"A1": "3", "A2/n": "45", "A2/d": "50", "A3": "yes"},
        at=ON_TIME,
        typed_b={"B3/nhan/tt": "120", "B3/nhan/tructuyen": "30"},
    )
    send(
        ward_report,
        {"A1": "2,5", "A2/n": "1", "A2/d": "4", "A3": "no"},
        at=LATE,
        typed_b={"B3/nhan/tt": "80"},
    )
    return report, ward_report


def test_completeness_counts_each_standing_and_filters(
    admin_client, admin_user, sent, report_period, department_level
):
    ward_report = sent[1]
    workflow.return_report(ward_report, reason="Sai số liệu", by=admin_user)
    other = Unit.objects.create(code="so-y-te", name="Sở Y tế", level=department_level)
    report_period.reports.create(unit=other)
    page = admin_client.get(report_period.get_absolute_url()).content.decode()
    assert [row[:2] for row in table(page, "reports")] == [
        ["Đơn vị", "Tình hình"],
        ["Sở Tư pháp", "Đúng hạn"],
        ["Sở Y tế", "Chưa nộp, quá hạn"],
        ["Phường Điện Biên Phủ", "Bị trả lại"],
    ]
    assert "Phải nộp: 3" in page and "Đúng hạn: 1" in page and "Chưa nộp, quá hạn: 1" in page
    missing = admin_client.get(
        report_period.get_absolute_url(), {"standing": "missing"}
    ).content.decode()
    assert [row[0] for row in table(missing, "reports")] == ["Đơn vị", "Sở Y tế"]


def test_aggregates_follow_the_template_and_show_the_values_behind_them(
    admin_client, sent, report_period
):
    page = admin_client.get(reverse("reports:aggregates", args=[report_period.pk])).content.decode()
    rows = table(page, "aggregates")
    assert rows[2][:3] == ["A1. Số cuộc kiểm tra", "cuộc", "5,5"]
    assert rows[2][3] == "Sở, ban, ngành: 3 UBND xã, phường: 2,5"
    assert rows[2][4] == "2 đơn vị Sở Tư pháp: 3 Phường Điện Biên Phủ: 2,5"
    assert rows[3][2] == "46/54 (85,19%)"
    assert rows[4][2] == "1 đơn vị"
    assert rows[8][2] == (
        "Tiếp nhận, Trực tiếp: 200 Tiếp nhận, Trực tuyến: 30 "
        "Quá hạn, Trực tiếp: – Quá hạn, Trực tuyến: –"
    )


def test_a_returned_report_leaves_the_aggregates_until_it_comes_back(
    admin_client, admin_user, sent, report_period, django_assert_num_queries
):
    url = reverse("reports:aggregates", args=[report_period.pk])
    assert table(admin_client.get(url).content.decode(), "aggregates")[2][2] == "5,5"
    # The page kept whole: no version read again (the year's periods name the trend's columns).
    with django_assert_num_queries(5):
        assert table(admin_client.get(url).content.decode(), "aggregates")[2][2] == "5,5"
    workflow.return_report(sent[1], reason="Sai", by=admin_user)
    assert table(admin_client.get(url).content.decode(), "aggregates")[2][2] == "3"
    head = sent[1].unit.users.get()
    workflow.submit_report(sent[1], by=head)
    assert table(admin_client.get(url).content.decode(), "aggregates")[2][2] == "5,5"


def test_each_units_on_time_rate_for_the_year(admin_client, sent, report_template, justice, ward):
    open_report_period(report_template, [justice], kind="h1")
    page = admin_client.get(reverse("reports:timeliness", args=[2025])).content.decode()
    assert table(page, "timeliness") == [
        ["Đơn vị", "Đúng hạn", "Đến hạn", "Tỷ lệ"],
        ["Sở Tư pháp", "1", "2", "50,00%"],
        ["Phường Điện Biên Phủ", "0", "1", "0,00%"],
    ]


@pytest.mark.parametrize("units", [1, 3])
def test_the_provinces_pages_cost_the_same_however_many_units(
    admin_client, report_template, department_level, django_assert_num_queries, units
):
    made = [
        Unit.objects.create(code=f"so-{i}", name=f"Sở {i}", level=department_level)
        for i in range(units)
    ]
    period = open_report_period(report_template, made)
    for report in period.reports.all():
        send(report, {"A1": "1", "A3": "yes"}, at=ON_TIME)
    with django_assert_num_queries(4):
        page = admin_client.get(period.get_absolute_url()).content.decode()
    assert len(table(page, "reports")) == units + 1
    # The year's periods and their latest versions, for the trend: two more.
    with django_assert_num_queries(7):
        page = admin_client.get(reverse("reports:aggregates", args=[period.pk])).content.decode()
    assert table(page, "aggregates")[2][2] == str(units)
    with django_assert_num_queries(3):
        page = admin_client.get(reverse("reports:timeliness", args=[2025])).content.decode()
    assert len(table(page, "timeliness")) == units + 1


@pytest.mark.parametrize("name", ["period", "aggregates"])
def test_units_cannot_see_the_provinces_pages(officer_client, report_period, name):
    assert (
        officer_client.get(reverse(f"reports:{name}", args=[report_period.pk])).status_code == 403
    )
    assert officer_client.get(reverse("reports:timeliness", args=[2025])).status_code == 403


def test_one_click_reminds_every_unit_whose_report_is_not_in(
    admin_client, officer, sent, report_period, admin_user
):
    from parindex.core.models import AuditEntry

    workflow.return_report(sent[1], reason="Sai", by=admin_user)
    response = admin_client.post(reverse("reports:period_remind", args=[report_period.pk]))
    assert response.url == report_period.get_absolute_url()
    assert list(
        report_period.reports.filter(reminded_at__isnull=False).values_list("unit__code", flat=True)
    ) == ["phuong-dien-bien-phu"]
    assert AuditEntry.objects.get(action="report_period.remind").new == {
        "units": ["Phường Điện Biên Phủ"]
    }
    admin_client.force_login(officer)
    remind = reverse("reports:period_remind", args=[report_period.pk])
    assert admin_client.post(remind).status_code == 403


def test_a_reminded_unit_sees_it(
    client, other_unit_officer, ward_report, admin_user, report_period
):
    from parindex.reports.periods import remind_missing

    remind_missing(report_period, by=admin_user)
    client.force_login(other_unit_officer)
    assert "Sở Nội vụ đã nhắc" in client.get(reverse("reports:mine")).content.decode()
    assert (
        "Sở Nội vụ đã nhắc đơn vị nộp báo cáo ngày"
        in client.get(ward_report.get_absolute_url()).content.decode()
    )
