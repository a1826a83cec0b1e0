"""Assessment periods: create and change a period (its deadlines, the criteria set of each level,
the units taking part), and the admin's overview of every unit's progress.

Each change is one function that checks, writes and records the audit entry in one transaction.
The overview is a fixed number of queries whatever the number of units and criteria.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from django.db import models, transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parindex.accounts.models import User
from parindex.catalog import editing
from parindex.catalog.models import CriteriaSet, Criterion, Unit, UnitLevel
from parindex.catalog.years import Text
from parindex.core import audit
from parindex.core.dates import day_text
from parindex.core.models import AuditEntry

from . import deadlines, workflow
from .models import AssessmentPeriod, Entry, UnitAssessment

# In order: each may not come before the previous one (the model's check constraint too).
DEADLINES = (
    "self_assessment_opens",
    "self_assessment_closes",
    "appraisal_closes",
    "explanation_closes",
    "final_appraisal_closes",
)


class PeriodError(Exception):
    """A refused change; `messages` say why, in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def deadline_problems(dates: dict[str, date]) -> dict[str, str]:
    """{deadline name: why it is out of order} for every deadline before the previous one."""
    messages = {
        "self_assessment_closes": _(
            "Hạn tự đánh giá (%(later)s) không được trước ngày bắt đầu tự đánh giá (%(earlier)s)."
        ),
        "appraisal_closes": _(
            "Hạn thẩm định (%(later)s) không được trước hạn tự đánh giá (%(earlier)s)."
        ),
        "explanation_closes": _(
            "Hạn giải trình (%(later)s) không được trước hạn thẩm định (%(earlier)s)."
        ),
        "final_appraisal_closes": _(
            "Hạn thẩm định lần cuối (%(later)s) không được trước hạn giải trình (%(earlier)s)."
        ),
    }
    problems = {}
    for earlier, later in pairwise(DEADLINES):
        if dates.get(earlier) and dates.get(later) and dates[later] < dates[earlier]:
            problems[later] = messages[later] % {
                "later": day_text(dates[later]),
                "earlier": day_text(dates[earlier]),
            }
    return problems


def set_problems(criteria_set: CriteriaSet, *, level: UnitLevel, year: int) -> list[str]:
    """Why `criteria_set` cannot be `level`'s set in a period of `year` (empty when it can).
    A draft may be used when the engine finds nothing wrong with it; it is then put in use."""
    names = {"set": str(criteria_set), "level": level.name, "year": year}
    if criteria_set.level_id != level.pk:
        return [
            _("Bộ tiêu chí “%(set)s” thuộc cấp “%(other)s”, không dùng được cho cấp “%(level)s”.")
            % (names | {"other": criteria_set.level.name})
        ]
    if criteria_set.year != year:
        return [
            _("Bộ tiêu chí “%(set)s” áp dụng cho năm %(set_year)d, không phải năm %(year)d.")
            % (names | {"set_year": criteria_set.year})
        ]
    if criteria_set.is_frozen:
        return []
    problems = editing.problems_of(criteria_set)
    if not problems:
        return []
    heading = ngettext(
        "Bộ tiêu chí “%(set)s” là bản nháp còn %(n)d lỗi, chưa thể đưa vào áp dụng. "
        "Hãy sửa trong danh mục bộ tiêu chí:",
        "Bộ tiêu chí “%(set)s” là bản nháp còn %(n)d lỗi, chưa thể đưa vào áp dụng. "
        "Hãy sửa trong danh mục bộ tiêu chí:",
        len(problems),
    ) % (names | {"n": len(problems)})
    return [heading, *(str(problem) for problem in problems)]


def other_years(criteria_set: CriteriaSet) -> list[Text]:
    """The texts of a draft that still name a year other than its own: a period would freeze
    them as they are, so the admin is warned first (empty for a set already in use: it cannot
    change any more)."""
    if criteria_set.is_frozen:
        return []
    return editing.review(criteria_set).other_years


def _sets_by_level(criteria_sets: Iterable[CriteriaSet], year: int) -> dict[int, CriteriaSet]:
    by_level: dict[int, CriteriaSet] = {}
    messages = []
    for criteria_set in criteria_sets:
        if criteria_set.level_id in by_level:
            messages.append(
                _("Mỗi cấp chỉ dùng một bộ tiêu chí (cấp “%(level)s”).")
                % {"level": criteria_set.level.name}
            )
        by_level[criteria_set.level_id] = criteria_set
        messages += set_problems(criteria_set, level=criteria_set.level, year=year)
    if not by_level:
        messages.append(_("Chọn bộ tiêu chí cho ít nhất một cấp đơn vị tham gia."))
    if messages:
        raise PeriodError(messages)
    return by_level


def _check_units(
    units: Iterable[Unit], by_level: dict[int, CriteriaSet], year: int, *, new: Iterable[int]
) -> None:
    """Every unit's level takes part; the units joining now (ids `new`) are active in `year`."""
    new = set(new)
    messages = []
    for unit in units:
        if unit.level_id not in by_level:
            messages.append(
                _("Đơn vị “%(unit)s” thuộc cấp không tham gia kỳ đánh giá.") % {"unit": unit.name}
            )
        elif unit.pk in new and not unit.is_active_in(year):
            messages.append(
                _("Đơn vị “%(unit)s” không hoạt động trong năm %(year)d.")
                % {"unit": unit.name, "year": year}
            )
    if messages:
        raise PeriodError(messages)


def _put_in_use(criteria_sets: Iterable[CriteriaSet], *, by: User) -> None:
    for criteria_set in criteria_sets:
        if not criteria_set.is_frozen and editing.put_in_use(criteria_set, by=by):
            # Edited since it was checked: the exception rolls the caller's transaction back.
            raise PeriodError(
                [
                    _("Bộ tiêu chí “%(set)s” vừa được sửa và còn lỗi; hãy kiểm tra lại.")
                    % {"set": criteria_set}
                ]
            )


def _sets_shown(criteria_sets: Iterable[CriteriaSet]) -> list[str]:
    return sorted(f"{s.level.name}: {s}" for s in criteria_sets)


@transaction.atomic
def create_period(
    *,
    year: int,
    title: str,
    dates: dict[str, date],
    criteria_sets: list[CriteriaSet],
    units: list[Unit],
    by: User,
) -> AssessmentPeriod:
    """Open a period for `year` with one criteria set per participating level and `units`.

    Side effects, in one transaction: draft sets are put in use (frozen, audited), the period and
    one UnitAssessment per unit are inserted (bulk), audit entry "period.create".
    Raises PeriodError, writing nothing, when the year already has a period (one round a year:
    results and public pages are per year) or the deadlines, sets or units do not fit.
    """
    existing = AssessmentPeriod.objects.filter(year=year).first()
    if existing is not None:
        raise PeriodError(
            [
                _("Năm %(year)d đã có kỳ đánh giá “%(title)s”; mỗi năm chỉ có một kỳ đánh giá.")
                % {"year": year, "title": existing.title}
            ]
        )
    problems = deadline_problems(dates)
    if problems:
        raise PeriodError(list(problems.values()))
    by_level = _sets_by_level(criteria_sets, year)
    _check_units(units, by_level, year, new=[unit.pk for unit in units])
    _put_in_use(criteria_sets, by=by)
    period = AssessmentPeriod.objects.create(year=year, title=title, **dates)
    period.criteria_sets.set(criteria_sets)
    UnitAssessment.objects.bulk_create(
        UnitAssessment(period=period, unit=unit, criteria_set=by_level[unit.level_id])
        for unit in units
    )
    audit.record(
        "period.create",
        period,
        by=by,
        new={
            "title": title,
            "year": year,
            **dates,
            "criteria_sets": _sets_shown(criteria_sets),
            "units": len(units),
        },
    )
    return period


def _with_entries() -> Exists:
    return Exists(Entry.objects.filter(assessment=OuterRef("pk")))


def locked_units(period: AssessmentPeriod) -> dict[int, int]:
    """{unit id: level id} of the units whose self-assessment has begun (entries, or submitted):
    they stay in the period and their level keeps its criteria set. One query."""
    rows = period.assessments.filter(_with_entries() | Q(state=UnitAssessment.State.SUBMITTED))
    return dict(rows.order_by().values_list("unit_id", "unit__level_id"))


@transaction.atomic
def update_period(
    period: AssessmentPeriod,
    *,
    title: str,
    dates: dict[str, date],
    criteria_sets: list[CriteriaSet],
    units: list[Unit],
    by: User,
) -> None:
    """Change a period's title and deadlines, the set of a level whose units have not started,
    and the units taking part (`units` is the whole new list; units that have started stay).

    Side effects, in one transaction: new draft sets put in use; the period updated; assessments
    inserted, deleted or moved to their level's new set; audit entry "period.update" with the
    old and new values of what changed. Raises PeriodError, writing nothing, when refused.
    """
    period = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    current = {
        a.unit_id: a
        for a in UnitAssessment.objects.select_for_update(of=("self",))
        .for_period(period)
        .select_related("unit")
        .order_by()
    }
    problems = deadline_problems(dates)
    if problems:
        raise PeriodError(list(problems.values()))
    old_sets = {s.level_id: s for s in period.criteria_sets.select_related("level")}
    by_level = _sets_by_level(criteria_sets, period.year)
    started = locked_units(period)
    wanted = {unit.pk: unit for unit in units}
    removed = [a for unit_id, a in current.items() if unit_id not in wanted]
    added = [unit for unit_id, unit in wanted.items() if unit_id not in current]
    changed_levels = {
        level_id
        for level_id in old_sets.keys() | by_level.keys()
        if old_sets.get(level_id) != by_level.get(level_id)
    }
    _check_changes(removed, changed_levels, started, old_sets)
    _check_units(units, by_level, period.year, new=[unit.pk for unit in added])
    _put_in_use(criteria_sets, by=by)

    old = {"title": period.title} | {name: getattr(period, name) for name in DEADLINES}
    period.title = title
    for name, value in dates.items():
        setattr(period, name, value)
    period.save()
    new = {"title": period.title} | {name: getattr(period, name) for name in DEADLINES}
    UnitAssessment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    UnitAssessment.objects.bulk_create(
        UnitAssessment(period=period, unit=unit, criteria_set=by_level[unit.level_id])
        for unit in added
    )
    for level_id in changed_levels & by_level.keys():
        period.assessments.filter(unit__level_id=level_id).update(criteria_set=by_level[level_id])
    if changed_levels:
        period.criteria_sets.set(criteria_sets)
    _record_update(period, old, new, old_sets, by_level, changed_levels, added, removed, by)


def start_appraisal_refusal(period: AssessmentPeriod, now=None) -> str:
    """Why the self-assessment cannot be ended today ("" when it can): it is over already, or
    it has not begun before today."""
    today = deadlines.today(now)
    if period.self_assessment_closes < today:
        return _("Kỳ tự đánh giá đã kết thúc; thẩm định đã bắt đầu.")
    if today - timedelta(days=1) < period.self_assessment_opens:
        return _("Kỳ tự đánh giá chưa bắt đầu.")
    return ""


@transaction.atomic
def start_appraisal(period: AssessmentPeriod, *, by: User, reason: str, now=None) -> None:
    """End the self-assessment today and open the appraisal (kết thúc tự đánh giá, bắt đầu thẩm
    định): the period's self-assessment deadline becomes yesterday, so the team may appraise every
    unit that has not been reopened. Units reopened beyond today keep their own date.

    Raises PeriodError (no reason; the self-assessment not open yet or already over). Side
    effects: the deadline, audit `period.start_appraisal` old → new with the reason."""
    period = AssessmentPeriod.objects.select_for_update().get(pk=period.pk)
    today = deadlines.today(now)
    if not reason.strip():
        raise PeriodError([_("Vui lòng ghi lý do kết thúc sớm tự đánh giá.")])
    refusal = start_appraisal_refusal(period, now)
    if refusal:
        raise PeriodError([refusal])
    yesterday = today - timedelta(days=1)
    old = period.self_assessment_closes
    period.self_assessment_closes = yesterday
    period.save(update_fields=["self_assessment_closes"])
    audit.record(
        "period.start_appraisal",
        period,
        by=by,
        old={"self_assessment_closes": old},
        new={"self_assessment_closes": yesterday},
        reason=reason.strip(),
    )


def _check_changes(removed, changed_levels, started: dict[int, int], old_sets) -> None:
    messages = [
        _("Đơn vị “%(unit)s” đã bắt đầu tự đánh giá, không thể bỏ khỏi kỳ đánh giá.")
        % {"unit": a.unit.name}
        for a in removed
        if a.unit_id in started
    ]
    for level_id in changed_levels & set(started.values()):
        messages.append(
            _("Cấp “%(level)s” đã có đơn vị bắt đầu tự đánh giá, không thể đổi bộ tiêu chí.")
            % {"level": old_sets[level_id].level.name}
        )
    if messages:
        raise PeriodError(messages)


def _record_update(period, old, new, old_sets, by_level, changed_levels, added, removed, by: User):
    old = {name: value for name, value in old.items() if new[name] != value}
    new = {name: new[name] for name in old}
    if changed_levels:
        old["criteria_sets"] = _sets_shown(old_sets.values())
        new["criteria_sets"] = _sets_shown(by_level.values())
    if added:
        new["units_added"] = sorted(unit.name for unit in added)
    if removed:
        new["units_removed"] = sorted(a.unit.name for a in removed)
    if new:
        audit.record("period.update", period, by=by, old=old or None, new=new)


# --- The admin's overview ---------------------------------------------------------------


class Progress(models.TextChoices):
    """Where a unit stands in its self-assessment, as the period page shows and filters it."""

    NOT_STARTED = "not_started", gettext_lazy("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", gettext_lazy("Đang tự chấm")
    SUBMITTED = "submitted", gettext_lazy("Đã nộp")


PROGRESS_FILTERS = {
    Progress.NOT_STARTED: Q(state=UnitAssessment.State.DRAFT, entered_count=0),
    Progress.IN_PROGRESS: Q(state=UnitAssessment.State.DRAFT, entered_count__gt=0),
    Progress.SUBMITTED: Q(state=UnitAssessment.State.SUBMITTED),
}


def self_scored_counts(criteria_set_ids: Iterable[int]) -> dict[int, int]:
    """{criteria set id: number of leaves the unit scores itself} in one query."""
    rows = (
        Criterion.objects.filter(criteria_set__in=list(criteria_set_ids), method="self")
        .order_by()
        .values_list("criteria_set")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def unit_rows(
    period: AssessmentPeriod, *, level: str = "", progress: str = ""
) -> list[UnitAssessment]:
    """The period's assessments with their unit and level, `missing_count` (items to complete
    before submission), `leaf_count`, `percent`, `progress` and `reopen_refusal` (why the admin
    may not reopen it, "" when they may); filtered by level code and progress. Two queries."""
    missing = (
        Entry.objects.filter(assessment=OuterRef("pk"))
        .filter(workflow.needs_completion())
        .order_by()
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        period.assessments.select_related("unit__level")
        .annotate(missing_count=Coalesce(Subquery(missing), 0))
        .order_by("unit__level__order", "unit__name")
    )
    if level:
        rows = rows.filter(unit__level__code=level)
    if progress in PROGRESS_FILTERS:
        rows = rows.filter(PROGRESS_FILTERS[progress])
    rows = sorted(rows, key=by_level_and_name)
    leaves = self_scored_counts({row.criteria_set_id for row in rows})
    for row in rows:
        row.leaf_count = leaves.get(row.criteria_set_id, 0)
        row.percent = min(100, row.entered_count * 100 // row.leaf_count) if row.leaf_count else 0
        row.progress = progress_of(row)
        row.reopen_refusal = workflow.reopen_refusal(row)
    return rows


def by_level_and_name(assessment: UnitAssessment) -> tuple:
    """Units as the province lists them: by level, then in Vietnamese alphabetical order."""
    return assessment.unit.sort_key()


def progress_of(assessment: UnitAssessment) -> Progress:
    if assessment.state == UnitAssessment.State.SUBMITTED:
        return Progress.SUBMITTED
    return Progress.IN_PROGRESS if assessment.entered_count else Progress.NOT_STARTED


@dataclass(frozen=True)
class Phase:
    """One stage of the period with its dates and whether it is open now (Vietnam dates)."""

    label: str
    starts: date
    closes: date
    status: str  # "upcoming", "open" or "closed"

    @property
    def status_label(self) -> str:
        return {
            "upcoming": _("chưa mở"),
            "open": _("đang mở"),
            "closed": _("đã hết hạn"),
        }[self.status]


def phases(period: AssessmentPeriod, now=None) -> list[Phase]:
    """Self-assessment, appraisal, explanation and final appraisal: each runs from the day after
    the previous deadline (self-assessment: from its opening day) to its own deadline."""
    now = now or timezone.now()
    stages = [
        (_("Tự đánh giá"), period.self_assessment_closes),
        (_("Thẩm định"), period.appraisal_closes),
        (_("Giải trình"), period.explanation_closes),
        (_("Thẩm định lần cuối"), period.final_appraisal_closes),
    ]
    result = []
    starts = period.self_assessment_opens
    for label, closes in stages:
        if deadlines.has_passed(closes, now):
            status = "closed"
        elif deadlines.starts(starts) <= now:
            status = "open"
        else:
            status = "upcoming"
        result.append(Phase(label, starts, closes, status))
        starts = closes + timedelta(days=1)
    return result


# The other entries on the period (the team's changes, survey imports, publications) belong to
# other pages.
PERIOD_ACTIONS = ("period.create", "period.update", "period.start_appraisal")


def history(period: AssessmentPeriod) -> list[AuditEntry]:
    """The period's own changes and the reopenings of its units, newest first (one query)."""
    assessment_ids = UnitAssessment.objects.for_period(period).values(
        text_id=Cast("pk", CharField())
    )
    entries = AuditEntry.objects.filter(
        Q(
            target_type=AssessmentPeriod._meta.label_lower,
            target_id=str(period.pk),
            action__in=PERIOD_ACTIONS,
        )
        | Q(
            target_type=UnitAssessment._meta.label_lower,
            target_id__in=assessment_ids,
            action="self_assessment.reopen",
        )
    ).select_related("actor")
    return list(entries)
