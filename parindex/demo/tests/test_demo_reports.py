"""The demo's periodic reports of 2025: every state a report can be in, real-looking figures, and
pages that answer for the province and for the demo accounts' units."""

from django.urls import reverse

from parindex.accounts.models import User
from parindex.reports import consolidation
from parindex.reports.models import ReportingPeriod, ReportTemplate
from parindex.testing.html import table


def test_the_output_names_the_reports(output):
    assert output.splitlines()[2] == "Báo cáo CCHC định kỳ: 3 kỳ báo cáo, 28 báo cáo đã nộp."


def test_the_periods_hold_reports_in_every_state(loaded):
    template = ReportTemplate.objects.get()
    assert (template.illustrative, template.status) == (True, "in_use")
    counts = {
        period.kind: {k.value: n for k, n in consolidation.completeness(period).counts.items() if n}
        for period in ReportingPeriod.objects.all()
    }
    assert counts == {
        "q1": {"on_time": 8, "late": 2, "returned": 1, "missing": 1},
        "h1": {"on_time": 10, "late": 1, "missing": 1},
        "year": {"on_time": 6, "waiting": 6},
    }
    resent = ReportingPeriod.objects.get(kind="h1").reports.get(unit__code="dept-y-te")
    assert list(resent.versions.values_list("number", "late")) == [(1, False), (2, True)]


def test_the_province_reads_the_quarter_and_the_units_their_drafts(loaded, client):
    quarter = ReportingPeriod.objects.get(kind="q1")
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("reports:aggregates", args=[quarter.pk])).content.decode()
    rows = {row[0]: row for row in table(page, "aggregates") if len(row) > 2}
    assert rows["CDDH.1. Đã ban hành kế hoạch CCHC năm"][2] == "10 đơn vị"
    procedures = rows["TTHC.1. Hồ sơ thủ tục hành chính"][2]
    assert procedures.startswith("Hồ sơ tiếp nhận trong kỳ, Trực tiếp: ")
    assert table(page, "trend")[0] == ["Chỉ tiêu", "Quý I", "6 tháng", "Năm", "Biểu đồ"]
    # A unit that has self-assessed cites its plan from its evidence library.
    industry = quarter.reports.get(unit__code="dept-cong-thuong")
    page = client.get(industry.get_absolute_url()).content.decode()
    cited = page.split('id="attachments-CDDH"')[1].split("</div>")[0]
    assert "Kế hoạch cải cách hành chính năm 2025" in cited
    client.force_login(User.objects.get(username="stp.canbo"))
    year = ReportingPeriod.objects.get(kind="year").reports.get(unit__code="dept-tu-phap")
    page = client.get(year.get_absolute_url()).content.decode()
    assert "Kỳ trước: " in page  # the half-year's figures beside the fields
    # The template's sources: last period's answer, plan progress; and, for a unit that has
    # self-assessed (Sở Xây dựng, whose year report is not begun), the score.
    assert "Gợi ý từ Báo cáo CCHC 6 tháng đầu năm 2025: Có" in page
    assert "Gợi ý từ Kế hoạch CCHC: hoàn thành " in page
    client.force_login(User.objects.get(username="sxd.canbo"))
    year = ReportingPeriod.objects.get(kind="year").reports.get(unit__code="dept-xay-dung")
    page = client.get(year.get_absolute_url()).content.decode()
    assert "Gợi ý từ Tự đánh giá Chỉ số CCHC: " in page
    assert page.count('<form method="post" action="/reports/') >= 7
