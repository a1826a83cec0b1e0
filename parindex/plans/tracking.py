"""Reading progress: each task's status, each unit's completion rate, the province's dashboard,
a unit's board, the coverage of the province's tasks and the public page. Every page is built
from a fixed number of queries, then computed in Python by the pure functions of `progress.py`;
the dashboard, which counts a whole year (240,000 tasks at national scale), has the database
count them with the same status rule (`status_in_sql`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from parindex.assessments import suggestions
from parindex.catalog.models import Field, Unit
from parindex.core.text import collation_key, fold

from . import progress
from .models import Plan, PlanTask, PlanYear
from .progress import Rate, Status


def facts(task: PlanTask) -> progress.TaskFacts:
    return progress.TaskFacts(
        id=task.pk,
        due_on=task.due_on,
        weight=task.weight,
        counts=task.counts,
        cancelled=task.cancelled,
        started=task.started,
        done_on=task.done_on,
    )


def answerable(year: int) -> QuerySet[PlanTask]:
    """The tasks of the year's issued plans that someone answers for: every unit's tasks, and the
    province's tasks their lead unit has not carried into its issued plan (a carried task is
    followed in the lead unit's plan, not twice)."""
    carried = PlanTask.objects.filter(
        carries=OuterRef("pk"), plan__unit=OuterRef("lead_unit"), plan__state=Plan.State.ISSUED
    )
    return (
        PlanTask.objects.filter(plan__year=year)
        .exclude(plan__state=Plan.State.DRAFT)
        .exclude(plan__unit__isnull=True, lead_unit__isnull=True)
        .exclude(Exists(carried), plan__unit__isnull=True)
        .with_context()
    )


@dataclass
class TaskRow:
    task: PlanTask
    status: Status


@dataclass
class UnitProgress:
    """A unit's tasks in the year with their status, and its rate."""

    unit: Unit
    rows: list[TaskRow] = field(default_factory=list)
    rate: Rate | None = None


def _owner(task: PlanTask) -> Unit:
    unit = task.plan.unit or task.lead_unit
    assert unit is not None  # answerable() leaves out province tasks without a lead
    return unit


def by_unit(tasks: Iterable[PlanTask], today: date, as_of: date) -> list[UnitProgress]:
    """The tasks grouped by the unit answering for them, each unit's rate on `as_of`, units in
    Vietnamese order."""
    units: dict[int, UnitProgress] = {}
    for task in tasks:
        owner = _owner(task)
        entry = units.setdefault(owner.pk, UnitProgress(owner))
        entry.rows.append(TaskRow(task, progress.status(facts(task), today)))
    for entry in units.values():
        entry.rate = progress.completion_rate((facts(row.task) for row in entry.rows), as_of)
    return sorted(units.values(), key=lambda entry: collation_key(entry.unit.name))


def unit_progress(unit: Unit, year: int, today: date, as_of: date | None = None) -> UnitProgress:
    """One unit's tasks and rate (its board; the suggestion for criteria 1.1.x)."""
    tasks = answerable(year).filter(Q(plan__unit=unit) | Q(plan__unit__isnull=True, lead_unit=unit))
    found = by_unit(tasks.order_by("due_on", "code"), today, as_of or today)
    return (
        found[0] if found else UnitProgress(unit, rate=progress.completion_rate([], as_of or today))
    )


def completion_rate(unit: Unit, year: int, as_of: date) -> Rate:
    """`suggest_from: plans.completion_rate`: the unit's rate for the year on `as_of`."""
    rate = unit_progress(unit, year, as_of, as_of).rate
    assert rate is not None
    return rate


@dataclass
class Filters:
    level: str = ""
    field: str = ""
    status: str = ""
    unit: str = ""

    def keeps_unit(self, unit: Unit) -> bool:
        if self.level and unit.level.code != self.level:
            return False
        return not self.unit or fold(self.unit) in unit.search_key


@dataclass
class UnitSummary:
    """A unit's line on the dashboard: its tasks counted by status, and its rate."""

    unit: Unit
    counts: Counter = field(default_factory=Counter)
    rate: Rate | None = None
    # The rate's sums while counting.
    done: Decimal = Decimal(0)
    due: Decimal = Decimal(0)

    @property
    def status_counts(self) -> list[int]:
        return [self.counts[status] for status in progress.STATUS_ORDER]


@dataclass
class Dashboard:
    units: list[UnitSummary]
    overdue: list[TaskRow]
    due_soon: list[TaskRow]
    overdue_count: int
    due_soon_count: int
    by_field: list[tuple[Field | None, list[int]]]
    totals: list[int]
    rate: Rate


# The dashboard lists the most urgent tasks; the board and the filters show the others.
LISTED = 20
DONE = (Status.DONE_ON_TIME, Status.DONE_LATE)


def status_in_sql(today: date, *, soon_days: int = progress.DUE_SOON_DAYS) -> Case:
    """`progress.status` as a database expression, so that a national year (240,000 tasks) is
    counted by the database rather than read row by row; test_dashboard_sql.py holds it equal
    to the pure function on every status."""
    done = Q(done_on__isnull=False, done_on__lte=today)
    return Case(
        When(cancelled=True, then=Value(Status.CANCELLED.value)),
        When(done & Q(done_on__lte=F("due_on")), then=Value(Status.DONE_ON_TIME.value)),
        When(done, then=Value(Status.DONE_LATE.value)),
        When(due_on__lt=today, then=Value(Status.OVERDUE.value)),
        When(due_on__lte=today + timedelta(days=soon_days), then=Value(Status.DUE_SOON.value)),
        When(started=True, then=Value(Status.IN_PROGRESS.value)),
        default=Value(Status.NOT_DUE.value),
        output_field=CharField(),
    )


def dashboard(year: int, today: date, filters: Filters) -> Dashboard:
    """Every unit's counts and rate (on `today`), the fields' counts, the most urgent tasks: the
    database counts the tasks by unit and status, only the listed ones are read as objects. Six
    queries whatever the number of units and tasks."""
    fields = {item.pk: item for item in Field.objects.all()}
    tasks = answerable(year).annotate(
        status=status_in_sql(today), answering=Coalesce("plan__unit", "lead_unit")
    )
    if filters.field:
        wanted = next((pk for pk, item in fields.items() if item.code == filters.field), None)
        tasks = tasks.filter(field_id=wanted)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    # The rate's denominator: tasks that count, not cancelled, due by today (completion_rate).
    in_rate = Case(
        When(Q(counts=True, cancelled=False, due_on__lte=today), then=True),
        default=False,
        output_field=BooleanField(),
    )
    groups = (
        tasks.annotate(in_rate=in_rate)
        .values_list("answering", "status", "in_rate")
        .annotate(number=Count("pk"), weight=Sum("weight"))
        .order_by()
    )
    # Every unit at once: naming 4,000 of them in a query cost more than reading the few others.
    units = Unit.objects.select_related("level").in_bulk()
    summaries: dict[int, UnitSummary] = {}
    for owner, status, counted, number, weight in groups:
        summary = summaries.get(owner)
        if summary is None:
            summary = summaries[owner] = UnitSummary(units[owner])
        summary.counts[Status(status)] += number
        if counted:
            summary.due += weight
            if status in DONE:
                summary.done += weight
    kept = []
    for summary in summaries.values():
        if filters.keeps_unit(summary.unit):
            summary.rate = Rate(today, summary.done, summary.due)
            kept.append(summary)
    kept.sort(key=lambda summary: collation_key(summary.unit.name))
    if len(kept) < len(summaries):  # a unit filter: the fields and lists follow it
        tasks = tasks.filter(answering__in=[summary.unit.pk for summary in kept])
    by_field: dict[int | None, Counter] = defaultdict(Counter)
    for field_id, status, number in (
        tasks.values_list("field_id", "status").annotate(number=Count("pk")).order_by()
    ):
        by_field[field_id][Status(status)] = number
    totals = _totals(kept)
    counted = dict(zip(progress.STATUS_ORDER, totals, strict=True))
    return Dashboard(
        units=kept,
        overdue=_urgent(tasks, Status.OVERDUE),
        due_soon=_urgent(tasks, Status.DUE_SOON),
        overdue_count=counted[Status.OVERDUE],
        due_soon_count=counted[Status.DUE_SOON],
        by_field=_field_rows(by_field, fields),
        totals=totals,
        rate=Rate(
            today, sum((s.done for s in kept), Decimal(0)), sum((s.due for s in kept), Decimal(0))
        ),
    )


def _urgent(tasks: QuerySet[PlanTask], status: Status) -> list[TaskRow]:
    found = tasks.filter(status=status.value).order_by("due_on", "pk")[:LISTED]
    return [TaskRow(task, status) for task in found]


def _field_rows(by_field: dict[int | None, Counter], fields: dict[int, Field]):
    ordered = sorted(by_field, key=lambda pk: (pk is None, fields[pk].order if pk else 0))
    return [
        (fields.get(pk) if pk else None, [by_field[pk][s] for s in progress.STATUS_ORDER])
        for pk in ordered
    ]


def _totals(summaries: list[UnitSummary]) -> list[int]:
    return [sum(s.counts[status] for s in summaries) for status in progress.STATUS_ORDER]


# Coverage ---------------------------------------------------------------------------------------


@dataclass
class PlanIssuance:
    """One of a unit's plans for the year and whether it was issued on time."""

    plan: Plan
    issuance: progress.Issuance

    @property
    def label(self) -> str:
        return str(ISSUANCE_LABELS[self.issuance])


@dataclass
class Coverage:
    """A unit's gaps: province tasks assigned to it and missing from its plans (1.1.2), and tasks
    of its plans without a product, a responsible office or funding (1.1.3). A unit may have more
    than one plan in a year (the year's and a 6-month plan after a reform): a province task
    carried in either is covered, and the tasks of both are checked."""

    unit: Unit
    plans: list[PlanIssuance]
    issuance: progress.Issuance  # the year's plan's (the first), or against the deadline if none
    missing: list[PlanTask] = field(default_factory=list)
    incomplete: list[tuple[PlanTask, list[str]]] = field(default_factory=list)

    @property
    def issuance_label(self) -> str:
        return str(ISSUANCE_LABELS[self.issuance])

    @property
    def complete(self) -> bool:
        return bool(self.plans) and not self.missing and not self.incomplete


def gaps_of(task: PlanTask) -> list[str]:
    """What a unit's task lacks, in the words of the coverage page."""
    lacking = []
    if not task.product.strip():
        lacking.append(_("sản phẩm"))
    if not task.responsible_office.strip():
        lacking.append(_("bộ phận chủ trì"))
    if task.budget is None and not task.funding_source.strip():
        lacking.append(_("kinh phí"))
    return lacking


def coverage(year: int, today: date) -> list[Coverage]:
    """Every unit a province task is assigned to, or that has a plan, with whether its plan was
    issued on time (1.1.1, on `today`) and its gaps: five queries whatever the number of units
    and tasks."""
    deadline = PlanYear.objects.filter(year=year).values_list("unit_deadline", flat=True).first()
    province_tasks = list(
        PlanTask.objects.filter(plan__year=year, plan__unit__isnull=True, cancelled=False)
        .select_related("lead_unit")
        .prefetch_related("coordinating_units")
    )
    scopes = list(Plan.Scope.values)
    found = Plan.objects.filter(year=year, unit__isnull=False).select_related("unit")
    plans: dict[int, list[Plan]] = defaultdict(list)
    for plan in sorted(found, key=lambda plan: (scopes.index(plan.scope), plan.pk)):
        plans[plan.unit_id].append(plan)
    by_pk = {plan.pk: plan for unit_plans in plans.values() for plan in unit_plans}
    unit_tasks = defaultdict(list)
    for task in PlanTask.objects.filter(plan__year=year, plan__unit__isnull=False, cancelled=False):
        task.plan = by_pk[task.plan_id]  # named beside its code when the unit has two plans
        unit_tasks[task.plan_id].append(task)
    assigned: dict[int, list[PlanTask]] = defaultdict(list)
    units: dict[int, Unit] = {pk: unit_plans[0].unit for pk, unit_plans in plans.items()}
    for task in province_tasks:
        for unit in [task.lead_unit, *task.coordinating_units.all()]:
            if unit is not None:
                assigned[unit.pk].append(task)
                units.setdefault(unit.pk, unit)
    result = []
    for unit_id, unit in units.items():
        issued = [PlanIssuance(plan, plan_issuance(plan, today)) for plan in plans[unit_id]]
        tasks = [task for plan in plans[unit_id] for task in unit_tasks[plan.pk]]
        carried = {task.carries_id for task in tasks}
        result.append(
            Coverage(
                unit=unit,
                plans=issued,
                issuance=issued[0].issuance if issued else progress.issuance(None, deadline, today),
                missing=[task for task in assigned[unit_id] if task.pk not in carried],
                incomplete=[(task, lacking) for task in tasks if (lacking := gaps_of(task))],
            )
        )
    return sorted(result, key=lambda entry: collation_key(entry.unit.name))


def to_carry(plan: Plan) -> list[PlanTask]:
    """The province tasks assigned to a unit's plan's unit (lead or coordinating) not yet in it."""
    if plan.unit_id is None:
        return []
    carried = plan.tasks.filter(carries__isnull=False).values("carries_id")
    return list(
        PlanTask.objects.filter(plan__year=plan.year, plan__unit__isnull=True, cancelled=False)
        .filter(Q(lead_unit_id=plan.unit_id) | Q(coordinating_units=plan.unit_id))
        .exclude(pk__in=carried)
        .distinct()
        .order_by("position")
    )


STATUS_LABELS = {
    Status.NOT_DUE: _lazy("Chưa đến hạn"),
    Status.IN_PROGRESS: _lazy("Đang thực hiện"),
    Status.DUE_SOON: _lazy("Sắp đến hạn"),
    Status.OVERDUE: _lazy("Quá hạn"),
    Status.DONE_ON_TIME: _lazy("Hoàn thành đúng hạn"),
    Status.DONE_LATE: _lazy("Hoàn thành chậm"),
    Status.CANCELLED: _lazy("Đã hủy"),
}
# Bootstrap's colours, the same on every page that shows a status.
STATUS_COLORS = {
    Status.NOT_DUE: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.DUE_SOON: "warning",
    Status.OVERDUE: "danger",
    Status.DONE_ON_TIME: "success",
    Status.DONE_LATE: "info",
    Status.CANCELLED: "dark",
}
ISSUANCE_LABELS = {
    progress.Issuance.ON_TIME: _lazy("Ban hành đúng hạn"),
    progress.Issuance.LATE: _lazy("Ban hành chậm"),
    progress.Issuance.NOT_ISSUED: _lazy("Chưa ban hành (quá hạn)"),
    progress.Issuance.PENDING: _lazy("Chưa ban hành"),
}


def status_columns() -> list[dict]:
    return [
        {"status": s, "label": STATUS_LABELS[s], "color": STATUS_COLORS[s]}
        for s in progress.STATUS_ORDER
    ]


def plan_issuance(plan: Plan, today: date) -> progress.Issuance:
    return progress.issuance(plan.issued_on if plan.is_issued else None, plan.deadline, today)


@dataclass
class Suggestion:
    """What a scorecard item with `suggest_from: plans.completion_rate` shows: the rate, its
    numerator and denominator, the day, and where the task lists are."""

    rate: Rate
    url: str


def suggestion(unit: Unit, year: int, as_of: date) -> Suggestion:
    """The suggestion for criteria 1.1.x of `unit` in `year`, as of `as_of` (for the scorecard
    and the appraisal sheet, which show it and let the user take it as the entry's input)."""
    url = reverse("plans:rate", args=[year, unit.pk]) + f"?as_of={as_of.isoformat()}"
    return Suggestion(completion_rate(unit, year, as_of), url)


def scorecard_suggestion(unit: Unit, year: int, as_of: date) -> suggestions.Suggestion | None:
    """`plans.completion_rate` as the scorecard suggests it (assessments/suggestions.py); none
    while no task of the unit is due yet."""
    found = suggestion(unit, year, as_of)
    if not found.rate.denominator:
        return None
    return suggestions.Suggestion(
        source=str(_("Kế hoạch CCHC")),
        numerator=found.rate.numerator,
        denominator=found.rate.denominator,
        as_of=as_of,
        url=found.url,
        link_text=_("Xem các nhiệm vụ được tính"),
        team_url=found.url,  # the team reads every unit's plan
    )
