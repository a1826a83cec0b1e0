"""Who may see the annual analysis and report of a publication: the admin (the office that
writes the report), and a unit's members their own unit's weakest sub-criteria. Anyone else gets
404. The public sees what is public through the results' public pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.accounts.access import is_admin, is_unit_member
from parindex.accounts.models import User
from parindex.results.models import Publication, PublishedResult

from .models import AnnualReport


def get_publication_to_analyse(user: User, pk: int) -> Publication:
    if not is_admin(user):
        raise Http404
    return get_object_or_404(Publication, pk=pk, historical=False)


def get_report(user: User, pk: int) -> AnnualReport:
    if not is_admin(user):
        raise Http404
    return get_object_or_404(AnnualReport.objects.select_related("publication"), pk=pk)


def get_result_to_remedy(user: User, publication_pk: int, unit_code: str) -> PublishedResult:
    """A unit's result in a publication: for the admin, or a member of the unit."""
    result = (
        PublishedResult.objects.select_related("publication", "unit")
        .filter(publication_id=publication_pk, publication__historical=False, unit__code=unit_code)
        .first()
    )
    if result is None or not (is_admin(user) or is_unit_member(user, result.unit_id)):
        raise Http404
    return result
