"""Who may see and do what in the appraisal.

- An appraiser works only on the fields assigned to their agency in a period where they are on the
  team, and never on their own unit; other units and items do not exist for them (404).
- The lead (Tổ trưởng, role appraisal_lead) and the admin see every unit of every period, manage the
  team and finalize; they appraise only what their own agency is assigned, like any member. The lead
  neither reads, appraises, finalizes nor reopens their own unit: the admin does.
- A unit's officers and head see the explanation requests of their own unit only.
"""

from collections.abc import Callable
from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_appraiser, is_lead, is_unit_member
from parindex.accounts.models import Role, User
from parindex.assessments import deadlines
from parindex.assessments.models import (
    AssessmentPeriod,
    EntryEvidence,
    EvidenceFile,
    UnitAssessment,
)
from parindex.assessments.workflow import self_assessment_deadline
from parindex.catalog.models import Unit
from parindex.catalog.specs import load_spec

from .assignments import Coverage, coverage, leaf_fields
from .models import ExplanationRequest, SentDocument, TeamMember


def require_lead(user: User) -> None:
    """The lead's and the admin's pages without an object of their own (the list of teams);
    404 for anyone else."""
    if not is_lead(user):
        raise Http404


def get_period_for_lead(user: User, pk: int) -> AssessmentPeriod:
    """A period, for the lead and the admin (its team, survey, progress, results); for anyone
    else it does not exist."""
    if not is_lead(user):
        raise Http404
    return get_object_or_404(AssessmentPeriod, pk=pk)


def is_member(user: User, period_id: int) -> bool:
    return is_appraiser(user) and TeamMember.objects.filter(period_id=period_id, user=user).exists()


def team_fields(
    user: User, period: AssessmentPeriod, cover: Coverage | None = None
) -> Callable[[int], set[str]]:
    """For each unit of the period (by id), the field codes `user` appraises: none for someone
    off the team, or for their own unit. Membership and assignments are read once."""
    if not is_appraiser(user) or not is_member(user, period.pk):
        return lambda unit_id: set()
    cover = cover or coverage(period)

    def fields(unit_id: int) -> set[str]:
        if unit_id == user.unit_id:
            return set()
        return {
            code for code in cover.by_field if user.unit_id in cover.agencies_for(code, unit_id)
        }

    return fields


def fields_of(user: User, assessment: UnitAssessment, cover: Coverage | None = None) -> set[str]:
    """The field codes `user` appraises for this unit (empty: none, or their own unit)."""
    return team_fields(user, assessment.period, cover)(assessment.unit_id)


def get_team_periods(user: User) -> list[AssessmentPeriod]:
    """The periods whose appraisal the user takes part in (the lead: every period); 404 for
    anyone outside the appraisal."""
    if is_lead(user):
        return list(AssessmentPeriod.objects.all())
    if not is_appraiser(user):
        raise Http404
    return list(AssessmentPeriod.objects.filter(team__user=user).distinct())


class NotYetOpen(Http404):
    """A unit the user will appraise, whose self-assessment is still open until `until`: the
    sheet says so; anywhere else it is a 404 like any unit the user may not see."""

    def __init__(self, assessment: UnitAssessment, until: date) -> None:
        super().__init__(assessment.pk)
        self.assessment = assessment
        self.until = until


def get_assessment_for_team(user: User, pk: int) -> tuple[UnitAssessment, set[str]]:
    """A unit's assessment the user may see in the appraisal, and the fields they appraise in it;
    else 404. The lead sees every unit (and appraises only what their agency is assigned).
    Raises NotYetOpen for such a unit while its self-assessment is open."""
    assessment = get_object_or_404(UnitAssessment.objects.with_context(), pk=pk)
    fields = fields_of(user, assessment)
    if not (fields or is_lead(user)) or is_own_unit(user, assessment):
        raise Http404
    if not is_open_to_team(assessment):
        raise NotYetOpen(assessment, self_assessment_deadline(assessment))
    return assessment, fields


def get_item_to_appraise(user: User, pk: int, criterion_id: int) -> tuple[UnitAssessment, set[str]]:
    """As `get_assessment_for_team`, for an item the user appraises: a leaf of a field of their
    agency (the lead too: reading every field is not appraising it); else 404."""
    assessment, fields = get_assessment_for_team(user, pk)
    stored = load_spec(assessment.criteria_set)
    leaf = stored.leaf(criterion_id)
    if leaf is None or leaf_fields(stored.spec).get(leaf.code) not in fields:
        raise Http404
    return assessment, fields


def get_assessment_for_lead(user: User, pk: int) -> UnitAssessment:
    """A unit's assessment whose appraisal the lead (or the admin) finalizes or reopens; for
    anyone else it does not exist."""
    if not is_lead(user):
        raise Http404
    assessment = get_object_or_404(UnitAssessment.objects.with_context(), pk=pk)
    if is_own_unit(user, assessment):
        raise Http404
    return assessment


def is_own_unit(user: User, assessment: UnitAssessment) -> bool:
    """The unit the user belongs to (the admin belongs to none): judged by others only."""
    return user.unit_id is not None and user.unit_id == assessment.unit_id


def get_own_unit(user: User) -> Unit:
    """The user's unit, for its explanation pages; 404 for anyone but its officers and head."""
    if not is_unit_member(user, user.unit_id) or user.unit is None:  # a member has a unit
        raise Http404
    return user.unit


def get_own_assessment(user: User, pk: int, *, for_send: bool = False) -> UnitAssessment:
    """An assessment of the user's own unit, for its explanation pages; with `for_send`, one whose
    answers the user may send (its head). Else 404."""
    assessment = get_object_or_404(UnitAssessment.objects.with_context(), pk=pk)
    allowed = can_send_answers if for_send else can_answer
    if not allowed(user, assessment):
        raise Http404
    return assessment


def get_own_request(user: User, pk: int) -> ExplanationRequest:
    """An explanation request made to the user's own unit; else 404."""
    request = get_object_or_404(
        ExplanationRequest.objects.select_related(
            "assessment__period", "assessment__unit", "assessment__criteria_set", "criterion"
        ),
        pk=pk,
    )
    if not can_answer(user, request.assessment):
        raise Http404
    return request


def can_answer(user: User, assessment: UnitAssessment) -> bool:
    """May write the unit's answers to explanation requests."""
    return is_unit_member(user, assessment.unit_id)


def can_send_answers(user: User, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) and user.role == Role.UNIT_HEAD


def is_open_to_team(assessment: UnitAssessment) -> bool:
    """The team reads a unit's self-assessment only once the unit may no longer change it: its
    deadline has passed, or the team has started (a deadline moved later does not hide it again)."""
    if assessment.appraisal_started_at is not None:
        return True
    return deadlines.has_passed(self_assessment_deadline(assessment))


def get_evidence_file(user: User, pk: int) -> EvidenceFile:
    """A file the user may read as a member of the team; else 404. A file of a document backing an
    item of a unit they appraise, in a field they appraise (the lead: any field), once the unit's
    self-assessment is closed; or the file version a unit sent with an explanation. The unit's
    working library stays its own."""
    stored = get_object_or_404(EvidenceFile.objects.select_related("evidence"), pk=pk)
    if not (is_appraiser(user) or is_lead(user)) or user.unit_id == stored.evidence.unit_id:
        raise Http404
    entries = EntryEvidence.objects.filter(evidence_id=stored.evidence_id).values_list(
        "entry__assessment_id", "entry__criterion_id"
    )
    sent = SentDocument.objects.filter(file=stored).values_list(
        "request__assessment_id", "request__criterion_id"
    )
    if not _backs_an_item_of(user, [*entries, *sent]):
        raise Http404
    return stored


def _backs_an_item_of(user: User, items: list[tuple[int, int]]) -> bool:
    """Whether one of the (assessment, criterion) items is one the user appraises; the criteria
    sets and the assignments are read once per set and per period, whatever the number of items."""
    assessments = UnitAssessment.objects.with_context().in_bulk({pk for pk, _c in items})
    covers: dict[int, Coverage] = {}
    mine: dict[int, set[str]] = {}
    fields: dict[int, dict[int, str | None]] = {}
    for assessment_id, criterion_id in items:
        assessment = assessments[assessment_id]
        if not is_open_to_team(assessment):
            continue
        if is_lead(user):
            return True
        if assessment.period_id not in covers:
            covers[assessment.period_id] = coverage(assessment.period)
        if assessment_id not in mine:
            mine[assessment_id] = fields_of(user, assessment, covers[assessment.period_id])
        if assessment.criteria_set_id not in fields:
            stored = load_spec(assessment.criteria_set)
            by_code = leaf_fields(stored.spec)
            fields[assessment.criteria_set_id] = {
                pk: by_code.get(code) for code, pk in stored.ids.items()
            }
        if fields[assessment.criteria_set_id].get(criterion_id) in mine[assessment_id]:
            return True
    return False
