"""The appraisal's lists: the appraiser's worklist (for a period, the units they appraise, the
lead every unit, with the fields assigned to their agency and how far the appraisal has gone,
and its filters), and the lead's progress table of a period."""

from dataclasses import dataclass
from datetime import date

from parindex.accounts.access import is_lead
from parindex.accounts.models import User
from parindex.assessments.models import AssessmentPeriod, UnitAssessment
from parindex.assessments.periods import by_level_and_name
from parindex.assessments.workflow import self_assessment_deadline
from parindex.catalog.models import Field, UnitLevel
from parindex.core.http import whole_number
from parindex.core.text import fold

from . import progress, totals
from .access import is_open_to_team, team_fields
from .workflow import existing_status, is_finalized

STATES = ("todo", "pending", "done", "finalized", "waiting")


@dataclass(frozen=True)
class Row:
    assessment: UnitAssessment
    fields: list[str]  # the codes of the fields the user's agency appraises for this unit
    field_names: list[str]  # and their names, in the same order
    progress: progress.Progress
    finalized: bool
    open_until: date | None  # the unit's self-assessment is still open until then: not yet


def rows(user: User, period: AssessmentPeriod) -> list[Row]:
    """Every unit of the period the user appraises a field of (the lead: every unit but their
    own), by level and name. Queries do not grow with the number of units."""
    units = period.assessments.select_related("unit__level", "criteria_set", "period", "appraisal")
    if user.unit_id is not None:  # never their own unit
        units = units.exclude(unit_id=user.unit_id)
    assessments = sorted(units, key=by_level_and_name)
    fields_for = team_fields(user, period)
    names = dict(Field.objects.values_list("code", "name"))
    per_unit = progress.by_field(assessments)
    found = []
    for assessment in assessments:
        mine = fields_for(assessment.unit_id)
        if not mine and not is_lead(user):
            continue
        found.append(
            Row(
                assessment=assessment,
                fields=sorted(mine),
                field_names=[names.get(code, code) for code in sorted(mine)],
                progress=progress.overall(per_unit[assessment.pk], mine or None),
                finalized=is_finalized(assessment),
                open_until=None
                if is_open_to_team(assessment)
                else self_assessment_deadline(assessment),
            )
        )
    return found


def levels(found: list[Row]) -> list[UnitLevel]:
    return sorted({row.assessment.unit.level for row in found}, key=lambda level: level.order)


SUBMISSIONS = ("submitted", "not_submitted", "all")


def filtered(
    found: list[Row],
    *,
    level: str = "",
    state: str = "",
    query: str = "",
    submission: str = "submitted",
) -> list[Row]:
    """The rows of a level (its id), a state (one of STATES), of units that have submitted or not
    (SUBMISSIONS; those that submitted unless told otherwise), and whose unit's name contains
    `query` (without diacritics); an empty or unknown value does not filter."""
    if submission in ("submitted", "not_submitted"):
        wanted = submission == "submitted"
        found = [row for row in found if row.assessment.is_submitted == wanted]
    level_id = whole_number(level)
    if level_id is not None:
        found = [row for row in found if row.assessment.unit.level_id == level_id]
    keep = {
        "todo": lambda row: row.progress.appraised < row.progress.total,
        "pending": lambda row: row.progress.pending,
        "done": lambda row: row.progress.complete,
        "finalized": lambda row: row.finalized,
        "waiting": lambda row: row.open_until is not None,
    }.get(state)
    if keep:
        found = [row for row in found if keep(row)]
    if query.strip():
        key = fold(query)
        found = [row for row in found if key in fold(row.assessment.unit.name)]
    return found


@dataclass(frozen=True)
class UnitProgress:
    """A unit on the lead's progress page: its progress per field of the period and in total,
    whether it is finalized, and its figures so far (`totals`; the team's are shown once it
    has started)."""

    assessment: UnitAssessment
    cells: list[progress.Progress | None]
    total: progress.Progress
    finalized: bool
    figures: totals.Figures | None  # asked for with `with_figures`
    started: bool  # the team has scored something
    survey_missing: list[str]  # survey items without points in the current import


def progress_table(
    period: AssessmentPeriod, *, with_figures: bool = False
) -> tuple[list[Field], list[UnitProgress]]:
    """The fields of the period (the columns) and a row per unit, by level and name, with each
    unit's figures when asked (the engine on every unit: the progress page, not the home page's
    counts). Queries do not grow with the number of units."""
    assessments = sorted(
        period.assessments.select_related(
            "unit__level", "criteria_set__level", "appraisal", "period"
        ),
        key=by_level_and_name,
    )
    per_unit = progress.by_field(assessments)
    missing = progress.survey_missing(assessments)
    figures = totals.figures(assessments) if with_figures else {}
    codes = sorted({field for fields in per_unit.values() for field in fields if field})
    by_code = Field.objects.in_bulk(codes, field_name="code")
    columns = [by_code.get(code) or Field(code=code, name=code) for code in codes]
    rows = [
        UnitProgress(
            assessment=assessment,
            cells=[per_unit[assessment.pk].get(code) for code in codes],
            total=progress.overall(per_unit[assessment.pk]),
            finalized=is_finalized(assessment),
            figures=figures.get(assessment.pk),
            started=existing_status(assessment) is not None,
            survey_missing=missing[assessment.pk],
        )
        for assessment in assessments
    ]
    return columns, rows
