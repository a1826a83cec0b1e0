"""Publication snapshots written directly (Publication, PublishedLevel, PublishedResult), for
what reads only snapshots (the annual report, the analysis pages): two consecutive years with a
merged unit, without running two rounds of assessment and appraisal. What `publish` writes is
tested with the real round in results/tests."""

from datetime import UTC, datetime
from decimal import Decimal

from parindex.catalog.models import Unit, UnitLevel
from parindex.results.models import Publication, PublishedLevel, PublishedResult

AREAS = (("1", "Công tác chỉ đạo, điều hành"), ("2", "Cải cách thủ tục hành chính"))


def nodes(index: Decimal, *, over: Decimal = Decimal(0)) -> list[dict]:
    """A small tree: two areas of 10 points, each with two leaves of 5, the final points making
    `index`; the unit scored itself `over` points more in each area."""
    final = index / 10  # per area, out of 10
    tree = []
    for code, title in AREAS:
        tree.append(
            {
                "code": code,
                "title": title,
                "depth": 0,
                "leaf": False,
                "max": "10",
                "self": str(final + over),
                "round1": str(final),
                "final": str(final),
                "index": str(index),
                "comment": "",
            }
        )
        for number, points in ((1, min(final, Decimal(5))), (2, max(final - 5, Decimal(0)))):
            tree.append(
                {
                    "code": f"{code}.{number}",
                    "title": f"{title} – tiêu chí thành phần {number}",
                    "depth": 1,
                    "leaf": True,
                    "max": "5",
                    "self": str(points),
                    "round1": str(points),
                    "final": str(points),
                    "index": None,
                    "comment": "",
                }
            )
    return tree


def publish_snapshot(
    year: int,
    level: UnitLevel,
    results: list[tuple[Unit, str, str]],
    *,
    over: Decimal = Decimal(2),
    version: int = 1,
) -> Publication:
    """A publication of `year` ranking `results` ((unit, index, class), best first)."""
    publication = Publication.objects.create(
        year=year,
        version=version,
        title=f"Chỉ số CCHC năm {year}",
        published_at=datetime(year + 1, 3, 5, 3, tzinfo=UTC),
    )
    indices = [Decimal(index) for _, index, _ in results]
    mean = sum(indices, Decimal(0)) / len(indices)
    PublishedLevel.objects.create(
        publication=publication,
        level=level,
        level_name=level.name,
        units_ranked=len(results),
        mean_index=round(mean, 2),
        areas=[
            {"code": code, "title": title, "max": "10", "mean_index": str(round(mean, 2))}
            for code, title in AREAS
        ],
    )
    PublishedResult.objects.bulk_create(
        PublishedResult(
            publication=publication,
            unit=unit,
            level=level,
            unit_name=unit.name,
            self_total=Decimal(index) / 5 + 2 * over,
            appraised_points=Decimal(index) / 5,
            survey_points=Decimal(0),
            bonus=Decimal(0),
            penalty=Decimal(0),
            total=Decimal(index) / 5,
            max_points=Decimal(20),
            index=Decimal(index),
            rank=rank,
            classification=classification,
            nodes=nodes(Decimal(index), over=over),
        )
        for rank, (unit, index, classification) in enumerate(results, start=1)
    )
    return publication
