"""Who may see what of the results: the public only what was published (the public pages read
publications only, so they need no rule); the appraisal lead and the admin check a period's
results computed from the current data; only the admin publishes them (the lead prepares and
checks, DESIGN.md). Anyone else gets 404: a period's draft results do not exist for them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin, is_lead
from parindex.accounts.models import User
from parindex.assessments.models import AssessmentPeriod

from .models import PreviewWorkbook


def can_publish(user: User) -> bool:
    return is_admin(user)


def get_period_to_check(user: User, pk: int) -> AssessmentPeriod:
    """A period whose results the user may preview (the lead and the admin); else 404."""
    if not is_lead(user):
        raise Http404
    return get_object_or_404(AssessmentPeriod, pk=pk)


def get_period_to_publish(user: User, pk: int) -> AssessmentPeriod:
    """A period whose results the user may publish (the admin); else 404."""
    if not can_publish(user):
        raise Http404
    return get_object_or_404(AssessmentPeriod, pk=pk)


def get_preview_workbook(user: User, pk: int) -> PreviewWorkbook:
    """A preview workbook of a period (with it) the user may preview; else 404."""
    if not is_lead(user):
        raise Http404
    return get_object_or_404(PreviewWorkbook.objects.select_related("period"), pk=pk)
