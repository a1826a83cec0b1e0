"""Each indicator across the year's periods: the province's figure per period in a small table
and a column chart drawn as SVG, at a cost that does not grow with units or periods."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.accounts.models import Role, User
from parindex.catalog.models import Unit
from parindex.reports import charts, workflow
from parindex.reports.aggregates import as_number
from parindex.reports.tests.test_consolidation import ON_TIME
from parindex.reports.values import Percentage
from parindex.testing.factories import make_user
from parindex.testing.html import table
from parindex.testing.reports import open_report_period

HALF_YEAR = datetime(2025, 6, 10, 3, 0, tzinfo=UTC)


def send(report, typed_a: dict, *, at: datetime, typed_b: dict | None = None):
    """The unit's head fills and submits (test_consolidation's, one head per unit each period)."""
    head = User.objects.filter(unit=report.unit, role=Role.UNIT_HEAD).first() or make_user(
        f"head-{report.unit.code}", Role.UNIT_HEAD, report.unit
    )
    workflow.save_section(report, "A", narrative="x", typed=typed_a, version=0, by=head)
    if typed_b:
        workflow.save_section(report, "B", narrative="", typed=typed_b, version=0, by=head)
    return workflow.submit_report(report, by=head, now=at)


def test_a_figure_becomes_one_number_for_the_trend():
    assert as_number(Decimal("5.5")) == Decimal("5.5")
    assert as_number(Percentage(Decimal(45), Decimal(50))) == Decimal(90)
    assert as_number(Percentage(Decimal(0), Decimal(0))) is None
    assert as_number(3) == Decimal(3)  # units answering yes
    assert as_number({("a", "b"): Decimal(1)}) is None
    assert as_number(None) is None


def test_the_chart_escapes_its_texts_and_marks_the_period_shown():
    svg = charts.columns(
        [
            charts.Column("Quý I", Decimal(10), "10"),
            charts.Column("6 tháng", None, ""),
            charts.Column("<Năm>", Decimal(20), "20", current=True),
        ],
        title='Hồ sơ "đúng hạn" & <trễ>',
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'aria-label="Hồ sơ &quot;đúng hạn&quot; &amp; &lt;trễ&gt;"' in svg
    assert "&lt;Năm&gt;" in svg and "<script" not in svg
    assert svg.count("<rect") == 2  # no column for a period without the figure
    assert 'height="68" fill="#0d6efd"' in svg  # the tallest, the period shown
    assert 'height="34" fill="#6c757d"' in svg  # half of it


def test_the_aggregates_page_shows_each_indicator_across_the_years_periods(
    admin_client, report, ward_report, report_template, justice, ward
):
    send(report, {"A1": "3", "A2/n": "45", "A2/d": "50", "A3": "yes"}, at=ON_TIME)
    send(ward_report, {"A1": "2,5", "A3": "no"}, at=ON_TIME)
    half = open_report_period(report_template, [justice, ward], kind="h1")
    send(
        half.reports.get(unit=justice),
        {"A1": "7", "A2/n": "90", "A2/d": "100", "A3": "yes"},
        at=HALF_YEAR,
        typed_b={"B3/nhan/tt": "120"},
    )
    page = admin_client.get(reverse("reports:aggregates", args=[half.pk])).content.decode()
    rows = table(page, "trend")
    assert rows[0] == ["Chỉ tiêu", "Quý I", "6 tháng", "Biểu đồ"]
    assert rows[2][:3] == ["A1. Số cuộc kiểm tra (cuộc)", "5,5", "7"]
    assert rows[3][:3] == ["A2. Hồ sơ đúng hạn (hồ sơ)", "45/50 (90,00%)", "90/100 (90,00%)"]
    assert rows[4][:3] == ["A3. Đã ban hành kế hoạch", "1 đơn vị", "1 đơn vị"]
    assert ["B3. Hồ sơ: Tiếp nhận, Trực tiếp", "–", "120"] in [row[:3] for row in rows]
    assert 'aria-label="A1. Số cuộc kiểm tra qua các kỳ báo cáo năm 2025"' in page
    assert "B1. Ngày công bố" not in str(rows)  # a date does not aggregate


def test_a_year_of_one_period_has_no_trend(admin_client, report, report_period):
    send(report, {"A1": "3"}, at=ON_TIME)
    page = admin_client.get(reverse("reports:aggregates", args=[report_period.pk]))
    assert 'id="trend"' not in page.content.decode()


@pytest.mark.parametrize(("units", "periods"), [(1, 2), (3, 4)])
def test_the_trend_costs_the_same_however_many_units_and_periods(
    admin_client, report_template, department_level, django_assert_num_queries, units, periods
):
    made = [
        Unit.objects.create(code=f"so-{i}", name=f"Sở {i}", level=department_level)
        for i in range(units)
    ]
    opened = [
        open_report_period(report_template, made, kind=kind)
        for kind in ("q1", "h1", "q3", "year")[:periods]
    ]
    for period in opened:
        for report in period.reports.all():
            send(report, {"A1": "1", "A3": "yes"}, at=ON_TIME)
    with django_assert_num_queries(7):
        page = admin_client.get(reverse("reports:aggregates", args=[opened[-1].pk]))
    assert len(table(page.content.decode(), "trend")[0]) == periods + 2
