"""Who may see and change a unit's self-assessment and evidence.

A unit's officers and head work on their own unit only; anyone else gets 404 (the unit's files
and drafts do not even appear to exist). Administrators see every unit's self-assessment but do
not enter a unit's scores. Appraisers read the evidence of the units they appraise through the
appraisal's own rule and route (`appraisal.access.get_evidence_file`).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin, is_unit_member
from parindex.accounts.models import Role, User
from parindex.catalog.models import Unit
from parindex.core.http import whole_number

from .models import Evidence, EvidenceFile, UnitAssessment


def can_view_assessment(user: User, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) or is_admin(user)


def can_edit_entries(user: User, assessment: UnitAssessment) -> bool:
    """May enter the unit's facts and evidence (the window and the state are workflow's concern)."""
    return is_unit_member(user, assessment.unit_id)


def can_submit(user: User, assessment: UnitAssessment) -> bool:
    return is_unit_member(user, assessment.unit_id) and user.role == Role.UNIT_HEAD


def get_assessment(
    user: User, pk: int, *, for_write: bool = False, for_submit: bool = False
) -> UnitAssessment:
    """A unit assessment with its period, unit and criteria set: one the user may view; with
    `for_write`, one whose facts and evidence they may enter (a member of the unit); with
    `for_submit`, one they may submit or withdraw (its head). Else 404. Whether the window is
    open is the workflow's concern."""
    assessment = get_object_or_404(UnitAssessment.objects.with_context(), pk=pk)
    allowed = (
        can_submit(user, assessment)
        if for_submit
        else can_edit_entries(user, assessment)
        if for_write
        else can_view_assessment(user, assessment)
    )
    if not allowed:
        raise Http404
    return assessment


def can_edit_library(user: User, unit_id: int) -> bool:
    """May add, edit and version the documents of this unit's library."""
    return is_unit_member(user, unit_id)


def get_evidence(user: User, pk: int, *, for_write: bool = False) -> Evidence:
    """An evidence document of the user's own unit (admins may read any unit's); with
    `for_write`, one the user may edit (a member of its unit). Else 404. The team reads the files
    backing the items it appraises through the appraisal's own route."""
    evidence = get_object_or_404(Evidence.objects.select_related("unit"), pk=pk)
    member = can_edit_library(user, evidence.unit_id)
    if not (member or (is_admin(user) and not for_write)):
        raise Http404
    return evidence


def get_library_unit(user: User, unit_id: str | None) -> Unit:
    """Whose library the user opens: their own unit's; an administrator names one by id."""
    if is_unit_member(user, user.unit_id) and user.unit is not None:  # a member has a unit
        return user.unit
    pk = whole_number(unit_id)
    if is_admin(user) and pk is not None:
        return get_object_or_404(Unit, pk=pk)
    raise Http404


def get_file(user: User, pk: int) -> EvidenceFile:
    """A file version the user may download (the rule is `get_evidence`'s); else 404."""
    stored = EvidenceFile.objects.filter(pk=pk).first()
    if stored is None:
        raise Http404
    stored.evidence = get_evidence(user, stored.evidence_id)
    return stored


def get_own_assessments(user: User) -> QuerySet[UnitAssessment]:
    """The assessments of the user's unit, newest period first; 404 for anyone but its members."""
    if user.unit_id is None or not is_unit_member(user, user.unit_id):
        raise Http404
    return UnitAssessment.objects.for_unit(user.unit_id).select_related("period", "criteria_set")
