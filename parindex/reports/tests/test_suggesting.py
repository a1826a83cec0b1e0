"""Figures the system holds, suggested beside an indicator whose template names their source:
plan progress, the self-assessed score, last period's report. Taken with one click, never saved
by the system."""

from datetime import UTC, date, datetime
from decimal import Decimal

from parindex.assessments import suggestions
from parindex.reports import suggesting, workflow
from parindex.reports.models import ReportSection
from parindex.reports.spec import parse_template
from parindex.reports.template_store import save_template
from parindex.testing.reports import PLAN, open_report_period, small_document


def sourced_template(year: int = 2026):
    """The small template with A1 from the scoring round, A2 from plans, A3 from last period."""
    document = small_document("department", year)
    a1, a2, a3 = document["sections"][0]["indicators"]
    a1.update(source="scoring", max="1000")
    a2["source"] = "plans"
    a3["source"] = "previous"
    return save_template(parse_template(document), by=None)


def test_plan_progress_fills_a_percentage_and_says_it_in_words():
    indicator = parse_template(small_document()).sections[0].indicators[1]
    prefill = suggesting.from_plans(indicator, PLAN)
    assert prefill.values == {"A2/n": "3", "A2/d": "4"}
    assert prefill.summary == "hoàn thành 3/4 nhiệm vụ, đạt 75,00%"
    assert (prefill.source, prefill.as_of) == ("Kế hoạch CCHC", date(2026, 3, 14))


def test_plan_progress_fills_a_number_as_the_rate_and_nothing_else():
    number, _percentage, yes_no = parse_template(small_document()).sections[0].indicators
    assert suggesting.from_plans(number, PLAN).values == {"A1": "75"}
    assert suggesting.from_plans(yes_no, PLAN) is None
    nothing_due = suggestions.Suggestion("x", Decimal(0), Decimal(0), date(2026, 1, 1), "", "")
    assert suggesting.from_plans(number, nothing_due) is None


def test_the_score_suggests_a_number_with_decimal_comma():
    number, percentage, _yes_no = parse_template(small_document()).sections[0].indicators
    prefill = suggesting.from_score(number, Decimal("71.255"), date(2026, 3, 1), "/a/")
    assert (prefill.values, prefill.summary) == ({"A1": "71,26"}, "71,26 điểm")
    assert suggesting.from_score(percentage, Decimal(1), date(2026, 3, 1), "/a/") is None


def test_the_report_page_shows_each_source_with_its_date_and_the_button(
    officer_client, justice, submitted_assessment, plan_progress, monkeypatch
):
    monkeypatch.setattr(suggesting, "today", lambda: date(2026, 5, 2))
    submitted_assessment.self_total = Decimal("3.5")
    submitted_assessment.submitted_at = datetime(2026, 4, 20, 3, tzinfo=UTC)
    submitted_assessment.save()
    report = open_report_period(sourced_template(), [justice]).reports.get()
    page = officer_client.get(report.get_absolute_url()).content.decode()
    assert "Gợi ý từ Kế hoạch CCHC: hoàn thành 3/4 nhiệm vụ, đạt 75,00%" in page
    assert "tính đến ngày 14/03/2026" in page
    assert "Gợi ý từ Tự đánh giá Chỉ số CCHC: 3,50 điểm, tính đến ngày 20/04/2026." in page
    assert 'data-prefill="{&quot;s-A-A2/n&quot;: &quot;3&quot;' in page
    assert 'data-prefill="{&quot;s-A-A1&quot;: &quot;3,5&quot;}"' in page
    # Q1's data window ends on 14/03: plan progress is counted on that day, not today.
    assert plan_progress == [("plans.completion_rate", justice, 2026, date(2026, 3, 14))]
    assert not ReportSection.objects.filter(report=report).exists()  # nothing is saved for them


def test_plan_progress_is_counted_today_while_the_window_runs(
    officer_client, justice, plan_progress, monkeypatch
):
    monkeypatch.setattr(suggesting, "today", lambda: date(2026, 2, 10))
    report = open_report_period(sourced_template(), [justice]).reports.get()
    officer_client.get(report.get_absolute_url())
    assert plan_progress[0][3] == date(2026, 2, 10)


def test_last_periods_answer_is_suggested_where_the_template_says_so(
    officer_client, officer, unit_head, justice
):
    template = sourced_template(2025)
    first = open_report_period(template, [justice]).reports.get()
    workflow.save_section(
        first, "A", narrative="x", typed={"A1": "3", "A3": "yes"}, version=0, by=officer
    )
    workflow.submit_report(first, by=unit_head)
    second = open_report_period(template, [justice], kind="h1").reports.get()
    page = officer_client.get(second.get_absolute_url()).content.decode()
    assert f"Gợi ý từ {first.period.title}: Có, tính đến ngày 14/03/2025." in page
    assert 'data-prefill="{&quot;s-A-A3&quot;: &quot;yes&quot;}"' in page
    assert f"/reports/{first.pk}/versions/1/" in page


def test_nothing_is_suggested_to_whoever_only_reads_the_report(
    admin_client, justice, plan_progress
):
    report = open_report_period(sourced_template(), [justice]).reports.get()
    page = admin_client.get(report.get_absolute_url()).content.decode()
    assert "data-prefill" not in page
