from datetime import UTC, datetime
from decimal import Decimal

from parindex.annual import loading
from parindex.annual.analysis import Basis


def test_the_analysis_reads_last_year_through_lineage(this_year, django_assert_num_queries):
    with django_assert_num_queries(7):
        analysis = loading.load(this_year)
    assert (analysis.year, analysis.previous_year) == (2025, 2024)
    (level,) = analysis.levels
    merged, a, new = level.units
    assert (merged.previous.basis, merged.previous.index) == (Basis.MERGED, Decimal("75.00"))
    assert merged.previous.predecessors == ("Xã B", "Xã C")
    assert (a.previous.basis, a.index_change, a.rank_change) == (Basis.SAME, Decimal(-5), -1)
    # Both years 2 points over in each of 2 areas, out of 20: 20 index points, no change.
    assert (a.over_scoring, a.over_scoring_change) == (Decimal("20.00"), Decimal("0.00"))
    assert new.previous.basis == Basis.NEW
    assert level.previous_mean_index == Decimal("80.00")
    assert [(loss.code, loss.units) for loss in level.losses][:2] == [("1.2", 3), ("2.2", 3)]


def test_a_first_year_has_nothing_to_compare(last_year):
    analysis = loading.load(last_year)
    assert analysis.previous_year is None
    assert all(unit.previous.basis == Basis.UNKNOWN for unit in analysis.levels[0].units)


def test_a_historical_level_without_units_gives_its_mean(communes, commune_level):
    from parindex.results.models import Publication, PublishedLevel
    from parindex.testing.publications import publish_snapshot

    history = Publication.objects.create(
        year=2024,
        version=1,
        title="2024",
        published_at=datetime(2025, 3, 1, tzinfo=UTC),
        historical=True,
    )
    PublishedLevel.objects.create(
        publication=history,
        level=commune_level,
        level_name="Cấp xã",
        units_ranked=40,
        mean_index=Decimal("70.10"),
    )
    publication = publish_snapshot(2025, commune_level, [(communes["a"], "80", "Tốt")])
    (level,) = loading.load(publication).levels
    assert (level.previous_mean_index, level.mean_change) == (Decimal("70.10"), Decimal("9.90"))


def test_the_items_with_most_explanation_requests(submitted_assessment, appraiser):
    from parindex.appraisal.models import ExplanationRequest
    from parindex.results.models import Publication
    from parindex.testing.factories import criterion

    for code in ("1.2", "1.1"):
        ExplanationRequest.objects.create(
            assessment=submitted_assessment,
            criterion=criterion(submitted_assessment, code),
            question="Đề nghị bổ sung tài liệu.",
            requested_by=appraiser,
        )
    publication = Publication.objects.create(
        year=2026,
        version=1,
        title="2026",
        period=submitted_assessment.period,
        published_at=datetime(2027, 3, 1, tzinfo=UTC),
    )
    found = loading.explanation_counts(publication)
    assert [(item["code"], item["requests"]) for item in found] == [("1.1", 1), ("1.2", 1)]
