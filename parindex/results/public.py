"""What the public pages show, read only from the published snapshots (Publication,
PublishedLevel, PublishedResult), never from live data, in a constant number of queries: the
published years and their versions, a publication's ranking per level, a unit's page.

Historical publications hold only index and rank (no totals, no criteria): what is missing is
left empty and the pages say so.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from parindex.core.text import fold
from parindex.scoring import round2

from . import charts
from .models import Publication, PublishedLevel, PublishedResult
from .reports import within_max

# A phone shows the narrow chart: the labels keep their width, the bars get what is left.
NARROW_CHART = 420
TOP_LOSSES = 5
QUERY_LENGTH = 100
RANKED_FIRST = (F("rank").asc(nulls_last=True), "unit_name")
SELF_SCORED = "self"  # a leaf's method when the unit scores it and the team appraises it
ADJUSTMENTS = ("bonus", "penalty")  # leaves outside the maximum, added or taken off the total


@dataclass(frozen=True)
class Archive:
    """Every publication, newest year and version first (a few rows a year)."""

    publications: list[Publication]

    def latest(self) -> list[Publication]:
        """The current version of each year, newest year first."""
        years: dict[int, Publication] = {}
        for publication in self.publications:
            years.setdefault(publication.year, publication)
        return list(years.values())

    def versions(self, year: int) -> list[Publication]:
        return [publication for publication in self.publications if publication.year == year]

    def find(self, year: int, version: int | None = None) -> Publication | None:
        """The year's current version, or the chosen one; None when it was not published."""
        versions = self.versions(year)
        if version is None:
            return versions[0] if versions else None
        return next((p for p in versions if p.version == version), None)

    def latest_key(self) -> str:
        """Names the current version of every year: what a unit's trend depends on."""
        return ",".join(str(publication.pk) for publication in self.latest())


def archive(*, unit_pk: int | None = None) -> Archive:
    """Every publication in one query, each with `has_results` (a historical year may have
    published counts without any unit's figures). With `unit_pk`, each one carries `unit_name`
    (the unit's name as published in it, None when the unit is not in it) and `unit_level` (its
    level)."""
    publications = Publication.objects.order_by("-year", "-version").annotate(
        has_results=Exists(PublishedResult.objects.filter(publication=OuterRef("pk")))
    )
    if unit_pk is not None:
        published = PublishedResult.objects.filter(publication=OuterRef("pk"), unit_id=unit_pk)
        # The unit's level under its name in that publication.
        level = PublishedLevel.objects.filter(
            publication=OuterRef("pk"),
            level=Subquery(
                PublishedResult.objects.filter(
                    publication=OuterRef(OuterRef("pk")), unit_id=unit_pk
                ).values("level")[:1]
            ),
        )
        publications = publications.annotate(
            unit_name=Subquery(published.values("unit_name")[:1]),
            unit_level=Subquery(level.values("level_name")[:1]),
        )
    return Archive(list(publications))


@dataclass(frozen=True)
class Chart:
    """The same bars drawn for a wide screen and for a phone."""

    wide: SafeString
    narrow: SafeString


def _chart(rows: list[charts.Bar], *, title: str, series: tuple[str, ...]) -> Chart:
    # The narrow one keeps the first series only: a second legend entry would not fit.
    first = [charts.Bar(row.label, row.values[:1], row.highlight) for row in rows]
    return Chart(
        wide=mark_safe(charts.bars(rows, title=title, series=series)),  # noqa: S308 - escaped SVG
        narrow=mark_safe(  # noqa: S308 - escaped SVG
            charts.bars(first, title=title, series=series[:1], width=NARROW_CHART)
        ),
    )


def kept_self_index(result: PublishedResult) -> Decimal | None:
    """The index the unit would have had had the team kept its own points wherever it scored
    itself: the published total with each self-scored leaf's final points replaced by the
    unit's, over the same maximum. The survey, the team's own criteria and the penalty are the
    same on both sides, so that the difference to the published index is the team's changes
    alone. None without the criteria (historical years)."""
    if result.self_total is None or result.total is None or not result.max_points:
        return None
    changes = [
        Decimal(node["self"]) - Decimal(node["final"])
        for node in result.nodes
        if node.get("leaf") and node.get("method") == SELF_SCORED
        if node["self"] is not None and node["final"] is not None
    ]
    if not changes:
        return None
    return round2(max(result.total + sum(changes), Decimal(0)) * 100 / result.max_points)


def common_max(results: list[PublishedResult]) -> Decimal | None:
    """The maximum every unit of the list shares (one criteria set), None when they differ."""
    maxima = {result.max_points for result in results}
    return maxima.pop() if len(maxima) == 1 else None


@dataclass
class LevelRanking:
    level: PublishedLevel
    results: list[PublishedResult]

    @property
    def has_totals(self) -> bool:
        return any(result.total is not None for result in self.results)

    @property
    def has_index(self) -> bool:
        return any(result.index is not None for result in self.results)

    @property
    def has_classes(self) -> bool:
        return any(result.classification for result in self.results)

    @property
    def max_points(self) -> Decimal | None:
        return common_max(self.results)

    @property
    def areas(self) -> list[dict]:
        return within_max(self.level.areas)

    @property
    def compares_self(self) -> bool:
        return any(kept_self_index(result) is not None for result in self.results)

    def chart(self) -> Chart:
        with_self = self.compares_self
        rows = [
            charts.Bar(
                result.unit_name,
                (result.index, kept_self_index(result)) if with_self else (result.index,),
            )
            for result in self.results
        ]
        series = (_("Chỉ số sau thẩm định"), _("Chỉ số nếu giữ điểm tự chấm"))
        return _chart(
            rows,
            title=_("Chỉ số CCHC: %(level)s") % {"level": self.level.level_name},
            series=series if with_self else series[:1],
        )


@dataclass
class Ranking:
    levels: list[LevelRanking]

    @property
    def matches(self) -> int:
        return sum(len(level.results) for level in self.levels)


def ranking(publication: Publication, query: str = "") -> Ranking:
    """Each level's results ordered by rank (unranked last); with `query`, only the units whose
    published name contains it, diacritics ignored ("dien bien" finds "Điện Biên"), and only
    the levels with such a unit. Two queries. The criteria are read for the chart, which a
    search does not show."""
    key = fold(query[:QUERY_LENGTH])
    levels = list(publication.levels.select_related("level").order_by("level__order", "pk"))
    by_level: dict[int, list[PublishedResult]] = {level.level_id: [] for level in levels}
    results = publication.results.defer("nodes") if key else publication.results.all()
    for result in sorted(results, key=PublishedResult.ranking_key):
        if key in fold(result.unit_name):
            by_level.setdefault(result.level_id, []).append(result)
    blocks = [LevelRanking(level, by_level[level.level_id]) for level in levels]
    if key:
        blocks = [block for block in blocks if block.results]
    return Ranking(blocks)


@dataclass(frozen=True)
class Loss:
    """A criterion where the unit got fewer points than the best unit of its level."""

    code: str
    title: str
    max: Decimal
    points: Decimal
    best_points: Decimal

    @property
    def gap(self) -> Decimal:
        return self.best_points - self.points


@dataclass(frozen=True)
class YearResult:
    publication: Publication
    index: Decimal | None
    rank: int | None
    units_ranked: int | None
    classification: str
    change: Decimal | None  # index minus the previous year's shown


@dataclass
class UnitPage:
    result: PublishedResult
    level: PublishedLevel | None
    best: PublishedResult | None  # the level's first unit, when it is another one
    trend: list[YearResult]

    @property
    def areas(self) -> list[dict]:
        return [node for node in self.result.nodes if node["depth"] == 0]

    @property
    def trend_has_classes(self) -> bool:
        return any(year.classification for year in self.trend)

    @property
    def trend_indices(self) -> int:
        """The years with an index: a chart needs two (years of a rank alone draw nothing)."""
        return sum(year.index is not None for year in self.trend)

    @property
    def criteria(self) -> list[dict]:
        """The nodes within the maximum, in tree order. An area with nothing to earn (max 0)
        holds the bonus and the penalty: they are lines of their own under the table, not an
        area with 0 points and no index."""
        kept, adjustments = [], False
        for node in self.result.nodes:
            if node["depth"] == 0:
                adjustments = Decimal(node["max"]) == 0
            if not adjustments:
                kept.append(node)
        return kept

    def losses(self) -> list[Loss]:
        """The criteria (depth 1) with the largest gaps to the best unit, largest first."""
        if self.best is None:
            return []
        best = {node["code"]: node for node in self.best.nodes if node["depth"] == 1}
        losses = []
        for node in self.result.nodes:
            other = best.get(node["code"])
            if node["depth"] != 1 or other is None or None in (node["final"], other["final"]):
                continue
            loss = Loss(
                node["code"],
                node["title"],
                Decimal(node["max"]),
                Decimal(node["final"]),
                Decimal(other["final"]),
            )
            if loss.gap > 0:
                losses.append(loss)
        return sorted(losses, key=lambda loss: -loss.gap)[:TOP_LOSSES]

    def area_chart(self) -> Chart:
        areas = self.level.areas if self.level else []
        means = {area["code"]: area["mean_index"] for area in areas}
        rows = []
        for area in self.areas:
            values = (_decimal(area["index"]), _decimal(means.get(area["code"])))
            # An area with no points to earn (bonus and penalty) has no index to draw.
            if values != (None, None):
                rows.append(charts.Bar(f"{area['code']}. {area['title']}", values))
        return _chart(
            rows,
            title=_("Chỉ số theo lĩnh vực: %(unit)s") % {"unit": self.result.unit_name},
            series=(_("Chỉ số của đơn vị"), _("Trung bình của cấp")),
        )

    def trend_chart(self) -> SafeString:
        rows = [
            charts.Bar(
                str(year.publication.year),
                (year.index,),
                highlight=year.publication.pk == self.result.publication_id,
            )
            for year in self.trend
        ]
        # Labels are years: the narrow drawing suits every screen.
        title = _("Chỉ số qua các năm: %(unit)s") % {"unit": self.result.unit_name}
        svg = charts.bars(rows, title=title, series=(_("Chỉ số"),), width=NARROW_CHART)
        return mark_safe(svg)  # noqa: S308 - escaped SVG


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def unit_page(publication: Publication, unit_pk: int, archive: Archive) -> UnitPage:
    """A unit's result in `publication` with its criteria, its level's block, the level's first
    unit (for the criteria where points were lost) and its index and rank in the current
    version of every year (`publication` for its own year). Four queries.

    Raises PublishedResult.DoesNotExist when the unit is not in the publication."""
    result = publication.results.get(unit_id=unit_pk)
    level = publication.levels.select_related("level").filter(level_id=result.level_id).first()
    best = None
    if result.rank != 1:
        best = (
            publication.results.filter(level_id=result.level_id, rank__isnull=False)
            .exclude(unit_id=unit_pk)
            .only("unit_id", "unit_name", "rank", "index", "nodes", "publication_id")
            .order_by(*RANKED_FIRST)
            .first()
        )
    return UnitPage(result, level, best, _trend(publication, unit_pk, archive))


def _trend(publication: Publication, unit_pk: int, archive: Archive) -> list[YearResult]:
    shown = {p.pk: p for p in archive.latest() if p.year != publication.year}
    shown[publication.pk] = publication
    ranked = PublishedLevel.objects.filter(
        publication=OuterRef("publication"), level=OuterRef("level")
    ).values("units_ranked")[:1]
    results = (
        PublishedResult.objects.filter(unit_id=unit_pk, publication__in=list(shown))
        .only("publication_id", "index", "rank", "classification")
        .annotate(units_ranked=Subquery(ranked))
    )
    trend: list[YearResult] = []
    for result in sorted(results, key=lambda result: shown[result.publication_id].year):
        previous = trend[-1].index if trend else None
        change = None if None in (previous, result.index) else result.index - previous
        trend.append(
            YearResult(
                shown[result.publication_id],
                result.index,
                result.rank,
                result.units_ranked,
                result.classification,
                change,
            )
        )
    return trend
