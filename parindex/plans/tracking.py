"""Reading progress: each task's status, each unit's completion rate, the province's dashboard,
a unit's board, the coverage of the province's tasks and the public page. Every page is built
from a fixed number of queries (all the year's tasks at once), then computed in Python by the
pure functions of `progress.py`.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
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
    facts: list[progress.TaskFacts] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    rate: Rate | None = None

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
FACT_COLUMNS = (
    "pk",
    "plan__unit_id",
    "lead_unit_id",
    "field_id",
    "due_on",
    "weight",
    "counts",
    "cancelled",
    "started",
    "done_on",
)


def dashboard(year: int, today: date, filters: Filters) -> Dashboard:
    """Every unit's counts and rate, the fields' counts, the most urgent tasks: the year's tasks
    are read as plain values (a national year is 240,000 of them), only the listed ones as
    objects. Five queries whatever the number of units and tasks."""
    fields = {item.pk: item for item in Field.objects.all()}
    wanted_field = next((pk for pk, f in fields.items() if f.code == filters.field), None)
    rows = answerable(year).values_list(*FACT_COLUMNS)
    if filters.field:
        rows = rows.filter(field_id=wanted_field)
    summaries: dict[int, UnitSummary] = {}
    by_field: dict[int | None, Counter] = defaultdict(Counter)
    urgent: dict[Status, list[tuple[date, int]]] = {Status.OVERDUE: [], Status.DUE_SOON: []}
    for pk, unit_id, lead_id, field_id, due_on, weight, counts, cancelled, started, done in rows:
        task = progress.TaskFacts(pk, due_on, weight, counts, cancelled, started, done)
        status = progress.status(task, today)
        if filters.status and status != filters.status:
            continue
        owner = unit_id or lead_id
        summary = summaries.get(owner)
        if summary is None:
            summary = summaries[owner] = UnitSummary(Unit(pk=owner))
        summary.facts.append(task)
        summary.counts[status] += 1
        by_field[field_id][status] += 1
        if status in urgent:
            urgent[status].append((due_on, pk))
    units = Unit.objects.select_related("level").in_bulk(summaries)
    kept = []
    for owner, summary in summaries.items():
        summary.unit = units[owner]
        if filters.keeps_unit(summary.unit):
            summary.rate = progress.completion_rate(summary.facts, today)
            kept.append(summary)
    kept.sort(key=lambda summary: collation_key(summary.unit.name))
    if len(kept) < len(summaries):  # a unit filter: the fields and lists follow it
        return _narrowed(kept, today, fields)
    listed = {status: sorted(found)[:LISTED] for status, found in urgent.items()}
    objects = PlanTask.objects.with_context().in_bulk(
        [pk for found in listed.values() for _due, pk in found]
    )
    return Dashboard(
        units=kept,
        overdue=[TaskRow(objects[pk], Status.OVERDUE) for _d, pk in listed[Status.OVERDUE]],
        due_soon=[TaskRow(objects[pk], Status.DUE_SOON) for _d, pk in listed[Status.DUE_SOON]],
        overdue_count=len(urgent[Status.OVERDUE]),
        due_soon_count=len(urgent[Status.DUE_SOON]),
        by_field=_field_rows(by_field, fields),
        totals=_totals(kept),
        rate=progress.completion_rate((f for s in kept for f in s.facts), today),
    )


def _field_rows(by_field: dict[int | None, Counter], fields: dict[int, Field]):
    ordered = sorted(by_field, key=lambda pk: (pk is None, fields[pk].order if pk else 0))
    return [
        (fields.get(pk) if pk else None, [by_field[pk][s] for s in progress.STATUS_ORDER])
        for pk in ordered
    ]


def _totals(summaries: list[UnitSummary]) -> list[int]:
    return [sum(s.counts[status] for s in summaries) for status in progress.STATUS_ORDER]


def _narrowed(kept: list[UnitSummary], today: date, fields: dict[int, Field]) -> Dashboard:
    """The dashboard of the units a filter kept: their tasks' fields and urgent lists."""
    ids = [f.id for s in kept for f in s.facts]
    tasks = PlanTask.objects.with_context().filter(pk__in=ids).order_by("due_on", "pk")
    rows = [TaskRow(task, progress.status(facts(task), today)) for task in tasks]
    by_field: dict[int | None, Counter] = defaultdict(Counter)
    for row in rows:
        by_field[row.task.field_id][row.status] += 1
    overdue = [row for row in rows if row.status == Status.OVERDUE]
    due_soon = [row for row in rows if row.status == Status.DUE_SOON]
    return Dashboard(
        units=kept,
        overdue=overdue[:LISTED],
        due_soon=due_soon[:LISTED],
        overdue_count=len(overdue),
        due_soon_count=len(due_soon),
        by_field=_field_rows(by_field, fields),
        totals=_totals(kept),
        rate=progress.completion_rate((f for s in kept for f in s.facts), today),
    )


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
    )
