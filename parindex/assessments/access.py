"""Who may see and change a unit's self-assessment and evidence.

A unit's officers and head work on their own unit only; anyone else gets 404 (the unit's files
and drafts do not even appear to exist). Administrators see every unit's self-assessment but do
not enter a unit's scores. Appraisers read the evidence of the units they appraise through the
appraisal's own rule and route (`appraisal.access.get_evidence_file`).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import UNIT_ROLES, is_admin, is_unit_member
from parindex.accounts.models import Role

from .models import Evidence, EvidenceFile, UnitAssessment


def can_view_assessment(user, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) or is_admin(user)


def can_edit_entries(user, assessment: UnitAssessment) -> bool:
    """May enter the unit's facts and evidence (the window and the state are workflow's concern)."""
    return is_unit_member(user, assessment.unit_id)


def can_submit(user, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) and user.role == Role.UNIT_HEAD


def get_assessment(user, pk: int) -> UnitAssessment:
    """A unit assessment the user may view, with its period, unit and criteria set; else 404."""
    assessment = get_object_or_404(
        UnitAssessment.objects.select_related("period", "unit", "criteria_set"),
        pk=pk,
    )
    if not can_view_assessment(user, assessment):
        raise Http404
    return assessment


def get_evidence(user, pk: int) -> Evidence:
    """An evidence document of the user's own unit (admins: any unit); else 404. The team reads
    the files backing the items it appraises through the appraisal's own route."""
    evidence = get_object_or_404(Evidence.objects.select_related("unit"), pk=pk)
    if not (is_unit_member(user, evidence.unit_id) or is_admin(user)):
        raise Http404
    return evidence


def get_file(user, pk: int) -> EvidenceFile:
    """A file version the user may download (the rule is `get_evidence`'s); else 404."""
    stored = EvidenceFile.objects.filter(pk=pk).first()
    if stored is None:
        raise Http404
    stored.evidence = get_evidence(user, stored.evidence_id)
    return stored


def own_assessments(user):
    """The assessments of the user's unit, newest period first (empty for other roles)."""
    if user.role not in UNIT_ROLES or user.unit_id is None:
        return UnitAssessment.objects.none()
    return UnitAssessment.objects.filter(unit_id=user.unit_id).select_related("period")
