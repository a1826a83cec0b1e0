"""Who may see and do what in the appraisal.

- An appraiser works only on the fields assigned to their agency in a period where they are on the
  team, and never on their own unit; other units and items do not exist for them (404).
- The lead (Tổ trưởng, role appraisal_lead) and the admin see every unit of every period, manage the
  team and finalize; they appraise only what their own agency is assigned, like any member.
- A unit's officers and head see the explanation requests of their own unit only.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin
from parindex.accounts.models import Role
from parindex.assessments import deadlines
from parindex.assessments import workflow as self_assessment
from parindex.assessments.access import is_unit_member
from parindex.assessments.models import AssessmentPeriod, Evidence, UnitAssessment
from parindex.catalog.interchange import load_criteria_set_with_ids

from .assignments import Coverage, coverage, leaf_fields
from .models import ExplanationRequest, TeamMember
from .workflow import existing_status

APPRAISAL_ROLES = (Role.APPRAISER, Role.APPRAISAL_LEAD)


def is_lead(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.role == Role.APPRAISAL_LEAD or is_admin(user))
    )


def get_period_for_lead(user, pk: int) -> AssessmentPeriod:
    """A period, for the lead and the admin (its team, survey, progress, results); for anyone
    else it does not exist."""
    if not is_lead(user):
        raise Http404
    return get_object_or_404(AssessmentPeriod, pk=pk)


def is_appraiser(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role in APPRAISAL_ROLES
        and user.unit_id is not None
    )


def is_member(user, period_id: int) -> bool:
    return is_appraiser(user) and TeamMember.objects.filter(period_id=period_id, user=user).exists()


def fields_of(user, assessment: UnitAssessment, cover: Coverage | None = None) -> set[str]:
    """The field codes `user` appraises for this unit (empty: none, or their own unit)."""
    if not is_appraiser(user) or user.unit_id == assessment.unit_id:
        return set()
    if not is_member(user, assessment.period_id):
        return set()
    cover = cover or coverage(assessment.period)
    return {
        field
        for field in cover.by_field
        if user.unit_id in cover.agencies_for(field, assessment.unit_id)
    }


def get_assessment(user, pk: int) -> tuple[UnitAssessment, set[str]]:
    """A unit's assessment the user may see in the appraisal, and the fields they appraise in it;
    else 404. The lead sees every unit (and appraises only what their agency is assigned)."""
    assessment = get_object_or_404(
        UnitAssessment.objects.select_related("period", "unit", "criteria_set"), pk=pk
    )
    if not is_open_to_team(assessment):
        raise Http404
    fields = fields_of(user, assessment)
    if not (fields or is_lead(user)):
        raise Http404
    return assessment, fields


def get_own_assessment(user, pk: int) -> UnitAssessment:
    """An assessment of the user's own unit, for its explanation pages; else 404."""
    assessment = get_object_or_404(
        UnitAssessment.objects.select_related("period", "unit", "criteria_set"), pk=pk
    )
    if not can_answer(user, assessment):
        raise Http404
    return assessment


def get_own_request(user, pk: int) -> ExplanationRequest:
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


def can_answer(user, assessment: UnitAssessment) -> bool:
    """May write the unit's answers to explanation requests."""
    return is_unit_member(user, assessment.unit_id)


def can_send_answers(user, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) and user.role == Role.UNIT_HEAD


def is_open_to_team(assessment: UnitAssessment) -> bool:
    """The team reads a unit's self-assessment only once the unit may no longer change it."""
    return deadlines.has_passed(self_assessment.self_assessment_deadline(assessment))


def may_see_evidence(user, document: Evidence) -> bool:
    """Whether an appraiser may read this document of another unit: it backs an item of a field
    they appraise (the unit's entry, once its self-assessment is closed, or an explanation the
    unit has sent). The lead reads every such document; the unit's working library stays its own."""
    if not (is_appraiser(user) or is_lead(user)) or user.unit_id == document.unit_id:
        return False
    used = [
        (link.entry.assessment, link.entry.criterion_id, True)
        for link in document.links.select_related("entry__assessment__period")
    ]
    used += [
        (request.assessment, request.criterion_id, _sent(request.assessment))
        for request in ExplanationRequest.objects.filter(evidence=document).select_related(
            "assessment__period", "assessment__appraisal"
        )
    ]
    for assessment, criterion_id, shown in used:
        if not (shown and is_open_to_team(assessment)):
            continue
        if is_lead(user):
            return True
        fields = fields_of(user, assessment)
        if fields and _field_of(assessment, criterion_id) in fields:
            return True
    return False


def _sent(assessment: UnitAssessment) -> bool:
    status = existing_status(assessment)
    return status is not None and status.answers_sent_at is not None


def _field_of(assessment: UnitAssessment, criterion_id: int) -> str | None:
    spec, ids = load_criteria_set_with_ids(assessment.criteria_set)
    code = next((code for code, pk in ids.items() if pk == criterion_id), None)
    return leaf_fields(spec).get(code)
