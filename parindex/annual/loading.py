"""The annual analysis of a publication, read from the published snapshots: the publication, the
current version of the year before (a historical year has only indices and ranks) and the
lineage of the units it ranks. Six queries whatever the number of units."""

from parindex.catalog.models import Unit
from parindex.results.models import Publication
from parindex.results.reports import Report, published_report

from .analysis import Analysis, analyse


def previous_publication(publication: Publication) -> Publication | None:
    """The current version of the year before."""
    return Publication.objects.filter(year=publication.year - 1).order_by("-version").first()


def predecessors(publication: Publication) -> dict[str, list[str]]:
    """Unit code → its predecessors' codes, for the units of `publication`."""
    links = Unit.predecessors.through.objects.filter(
        from_unit__published_results__publication=publication
    ).values_list("from_unit__code", "to_unit__code")
    found: dict[str, list[str]] = {}
    for unit, predecessor in links:
        found.setdefault(unit, []).append(predecessor)
    return found


def reports(publication: Publication) -> tuple[Report, Report | None]:
    prior = previous_publication(publication)
    return published_report(publication), published_report(prior) if prior else None


def load(publication: Publication) -> Analysis:
    report, previous = reports(publication)
    return analyse(report, previous, predecessors(publication))
