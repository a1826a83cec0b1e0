"""The annual analysis of a publication, read from the published snapshots: the publication, the
current version of the year before (a historical year has only indices and ranks) and the
lineage of the units it ranks. Seven queries whatever the number of units; with who appraised what
(`appraisers`, for the admin's page), five more and one per criteria set."""

from dataclasses import replace

from django.conf import settings
from django.db.models import Count, F

from parindex.appraisal.assignments import appraised_leaves, coverage, leaf_fields
from parindex.appraisal.models import Assignment, ExplanationRequest
from parindex.catalog.documents import signature
from parindex.catalog.models import CriteriaSet, Unit
from parindex.catalog.specs import load_spec
from parindex.core.documents import Document
from parindex.core.text import collation_key
from parindex.results.documents import EVALUATED_UNITS, results_issuer
from parindex.results.models import Publication
from parindex.results.reports import LevelRows, Report, published_report

from .analysis import Analysis, Appraisers, analyse
from .content import AnnualReport, Method, build


def previous_publication(publication: Publication) -> Publication | None:
    """The current version of the year before."""
    return Publication.objects.filter(year=publication.year - 1).order_by("-version").first()


def predecessors(publication: Publication) -> dict[str, list[str]]:
    """Unit code → its predecessors' codes, for the units of `publication`."""
    links = (
        Unit.predecessors.through.objects.filter(
            from_unit__published_results__publication=publication
        )
        .values_list("from_unit__code", "to_unit__code")
        .order_by("from_unit__code", "to_unit__code")
    )
    found: dict[str, list[str]] = {}
    for unit, predecessor in links:
        found.setdefault(unit, []).append(predecessor)
    return found


def reports(publication: Publication) -> tuple[Report, Report | None]:
    """This year's report and last year's, whose levels include those published without units'
    rows (a historical year may give only a level's count and mean)."""
    prior = previous_publication(publication)
    if prior is None:
        return published_report(publication), None
    previous = published_report(prior)
    present = {level.code for level in previous.levels}
    blocks = [
        LevelRows(
            name=block.level_name,
            code=block.level.code,
            mean_index=block.mean_index,
            areas=block.areas,
            units_ranked=block.units_ranked,
            rows=[],
        )
        for block in prior.levels.select_related("level")
        if block.level.code not in present
    ]
    return published_report(publication), replace(previous, levels=[*previous.levels, *blocks])


def load(publication: Publication, *, by_agency: bool = False) -> Analysis:
    """`by_agency`: with the appraisal's changes per appraising agency (the period's
    assignments are the province's internal organisation, not published)."""
    report, previous = reports(publication)
    found = appraisers(publication) if by_agency else None
    return analyse(report, previous, predecessors(publication), found)


def appraisers(publication: Publication) -> Appraisers | None:
    """Who appraised what: each appraised leaf's field in the period's criteria sets (frozen once
    in use, so as they were when published) and the period's assignments, for the units the
    publication ranks. None for a year published without a period (history)."""
    period = publication.period
    if period is None:
        return None
    fields = {}
    for criteria in CriteriaSet.objects.filter(periods=period).select_related("level"):
        spec = load_spec(criteria).spec
        field_of = leaf_fields(spec)
        fields[criteria.level.code] = {
            leaf.code: field_of[leaf.code] for leaf in appraised_leaves(spec)
        }
    assigned = coverage(period)
    names = dict(
        Unit.objects.filter(
            pk__in={agency for pairs in assigned.by_field.values() for agency, _ in pairs}
        ).values_list("pk", "name")
    )
    units = Unit.objects.filter(published_results__publication=publication).values_list(
        "code", "pk"
    )
    return Appraisers(
        fields=fields,
        agencies={
            (field_code, code): sorted(
                (names[agency] for agency in assigned.agencies_for(field_code, pk)),
                key=collation_key,
            )
            for code, pk in units
            for field_code in assigned.by_field
        },
    )


def method(publication: Publication, report: Report) -> Method:
    """How the assessment was done: the period's dates, its criteria sets with the max points
    the publication recorded for their level, the appraising agencies, how many units have survey
    points, the version. Three queries (none for a historical year, which has no period)."""
    maxima = {
        level.code: max((row.max_points for row in level.rows if row.max_points), default=None)
        for level in report.levels
    }
    survey = sum(
        1
        for level in report.levels
        for row in level.rows
        if row.survey_points  # not None, not 0
    )
    moment = report.moment.date()
    period = publication.period
    if period is None:
        return Method(survey_units=survey, version=publication.version, published_on=moment)
    sets = period.criteria_sets.select_related("level").order_by("level__order", "level__code")
    agencies = (
        Assignment.objects.filter(period=period)
        .values_list("agency__name", flat=True)
        .distinct()
        .order_by("agency__name")
    )
    return Method(
        period_title=period.title,
        dates=(
            ("Bắt đầu tự đánh giá", period.self_assessment_opens),
            ("Hạn tự đánh giá", period.self_assessment_closes),
            ("Hạn thẩm định", period.appraisal_closes),
            ("Hạn giải trình", period.explanation_closes),
            ("Hạn thẩm định lần cuối", period.final_appraisal_closes),
        ),
        criteria_sets=tuple(
            (criteria.level.name, criteria.title, maxima.get(criteria.level.code))
            for criteria in sets
        ),
        agencies=tuple(sorted(set(agencies), key=collation_key)),
        survey_units=survey,
        version=publication.version,
        published_on=moment,
    )


def document(publication: Publication) -> Document:
    """The report's fixed parts: issued by the office in charge of the results, like the year's
    results; its number and date are left blank for the office to fill when it signs."""
    return Document(
        issuer=results_issuer(),
        kind="Báo cáo",
        summary=f"Kết quả Chỉ số cải cách hành chính năm {publication.year}",
        signature=signature(
            settings.DOCUMENT_SIGNER_POSITION, settings.DOCUMENT_SIGNER_NAME, Unit.Kind.DEPARTMENT
        ),
        recipients=(
            f"{settings.DOCUMENT_AUTHORITY} (để báo cáo)",
            EVALUATED_UNITS,
        ),
    )


def annual_report(publication: Publication) -> AnnualReport:
    """The whole report's content for `publication`."""
    report, previous = reports(publication)
    analysis = analyse(report, previous, predecessors(publication))
    return build(analysis, method(publication, report), document(publication))


def explanation_counts(publication: Publication, top: int = 10) -> list[dict]:
    """The items of the publication's period with the most explanation requests (one a unit at
    most), most first: {"code", "title", "requests"}. One query; none for a historical year."""
    if publication.period_id is None:
        return []
    return list(
        ExplanationRequest.objects.filter(assessment__period_id=publication.period_id)
        .values(code=F("criterion__code"), title=F("criterion__title"))
        .annotate(requests=Count("pk"))
        .order_by("-requests", "code")[:top]
    )
