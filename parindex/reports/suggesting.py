"""Figures the system already holds, offered beside an indicator whose template names a `source`
(docs/report-templates.md): plan progress at the data window's end, the unit's self-assessed
score of the year's round, or what the unit reported last period. Each is a suggestion with its
source and as-of date that the unit may take with one click; nothing is written here.

Plans sit on a floor above reports, so their figure comes through the registry the scorecard
already reads (assessments/suggestions.py, `plans.completion_rate`), never by importing plans."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import suggestions
from parindex.assessments.deadlines import today
from parindex.assessments.models import UnitAssessment
from parindex.core.numbers import format_exact, format_points

from .models import ReportVersion, UnitReport
from .spec import Indicator, IndicatorType, Source
from .values import NO, YES

PLAN_KEY = "plans.completion_rate"


@dataclass(frozen=True)
class Prefill:
    """A suggested figure for one indicator: what each input would hold, said in words."""

    source: str
    as_of: date
    summary: str
    values: dict[str, str]  # input key → text as the form reads it back
    url: str = ""
    link_text: str = ""


def for_report(report: UnitReport, before: ReportVersion | None) -> dict[str, Prefill]:
    """The suggestions of a report's indicators, by indicator code; `before` is the unit's
    previous version (filling.previous_version). At most one query per kind of source."""
    spec = report.period.template.spec
    wanted = {indicator.source for _section, indicator in spec.indicators()}
    plans = _plan_suggestion(report) if Source.PLANS in wanted else None
    score = _self_assessment(report) if Source.SCORING in wanted else None
    found: dict[str, Prefill] = {}
    for section, indicator in spec.indicators():
        prefill = None
        if indicator.source == Source.PLANS and plans is not None:
            prefill = from_plans(indicator, plans)
        elif indicator.source == Source.SCORING and score is not None:
            prefill = from_score(indicator, *score)
        elif indicator.source == Source.PREVIOUS and before is not None:
            typed = before.content.get(section.code, {}).get("values", {})
            prefill = from_previous(indicator, typed, before)
        if prefill is not None:
            found[indicator.code] = prefill
    return found


def _plan_suggestion(report: UnitReport) -> suggestions.Suggestion | None:
    # Progress is counted at the window's end, or today while the window is still running: a
    # day to come would count as overdue tasks that are merely not yet due.
    period = report.period
    as_of = min(period.window_ends, today())
    return suggestions.for_item(PLAN_KEY, report.unit, period.year, as_of)


def _self_assessment(report: UnitReport) -> tuple[Decimal, date, str] | None:
    assessment = (
        UnitAssessment.objects.filter(
            unit_id=report.unit_id, period__year=report.period.year, self_total__isnull=False
        )
        .only("pk", "self_total", "last_activity_at", "submitted_at")
        .first()
    )
    if assessment is None or assessment.self_total is None:
        return None
    moment = assessment.submitted_at or assessment.last_activity_at
    as_of = timezone.localdate(moment) if moment else today()
    return assessment.self_total, as_of, assessment.get_absolute_url()


def from_plans(indicator: Indicator, found: suggestions.Suggestion) -> Prefill | None:
    """Plan progress as a percentage (done/due) or as a number (the rate in per cent)."""
    percent = found.percent
    if percent is None:
        return None
    if indicator.type == IndicatorType.PERCENTAGE:
        numerator, denominator = indicator.input_keys()
        values = {numerator: found.numerator_text, denominator: found.denominator_text}
    elif indicator.type == IndicatorType.NUMBER:
        values = {indicator.code: format_exact(percent)}
    else:
        return None
    summary = _("hoàn thành %(done)s/%(due)s nhiệm vụ, đạt %(percent)s%%") % {
        "done": found.numerator_text,
        "due": found.denominator_text,
        "percent": format_points(percent),
    }
    return Prefill(found.source, found.as_of, summary, values, found.url, found.link_text)


def from_score(indicator: Indicator, total: Decimal, as_of: date, url: str) -> Prefill | None:
    """The unit's self-assessed total of the year's round, for a number indicator."""
    if indicator.type != IndicatorType.NUMBER:
        return None
    points = format_points(total)
    return Prefill(
        source=_("Tự đánh giá Chỉ số CCHC"),
        as_of=as_of,
        summary=_("%(points)s điểm") % {"points": points},
        values={indicator.code: format_exact(total.quantize(Decimal("0.01")))},
        url=url,
        link_text=_("Xem phiếu tự đánh giá"),
    )


def from_previous(
    indicator: Indicator, typed: dict[str, str], before: ReportVersion
) -> Prefill | None:
    """What the unit reported for this indicator last period, as it was typed."""
    values = {key: typed[key] for key in indicator.input_keys() if typed.get(key)}
    if not values:
        return None
    shown = {YES: _("Có"), NO: _("Không")}
    summary = " · ".join(shown.get(value, value) for value in values.values())
    period = before.report.period
    return Prefill(
        source=period.title,  # "Báo cáo CCHC quý I năm 2025": it names itself
        as_of=period.window_ends,
        summary=summary,
        values=values,
        url=reverse("reports:version", args=[before.report_id, before.number]),
        link_text=_("Xem báo cáo kỳ trước"),
    )
