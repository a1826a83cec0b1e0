"""What the annual report says about a year's results, computed from two published reports (this
year's and last year's, `results.reports.Report`) and the units' lineage, without the database:
per level the count, mean, range, self against appraised, the change from last year, the class
distribution and its change, the indices per area, where units lost points, who over-scores, how
the appraisal changed the units' own points (per area and per appraising agency), and drafted
sentences for the office to rewrite.

Last year is matched through lineage: a unit published last year compares with itself; a unit
formed since by merger compares with the mean index of its predecessors that were published
(marked as such, since no unit of that name was ranked); a unit with neither is new. Levels are
matched by their code (a level renamed keeps its code).

Sub-criteria are the leaves of the criteria tree: where a unit "loses" points is a leaf with
points to earn (max > 0) where its final points are below the max; survey leaves of a unit without
survey points (none imported) are not losses.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from parindex.core.numbers import format_points
from parindex.results.reports import LevelRows, Report, ResultRow
from parindex.scoring import round2

TOP_LOSSES = 10
SURVEY = "survey"
ZERO = Decimal(0)
# A unit that scored itself this many index points above the appraisal over-scores.
OVER_SCORING = Decimal(5)


class Basis(StrEnum):
    SAME = "same"  # the unit itself last year
    MERGED = "merged"  # the mean of its predecessors
    NEW = "new"  # no history
    UNKNOWN = "unknown"  # last year published no unit's result (none, or a historical year)


@dataclass(frozen=True)
class Previous:
    basis: Basis
    index: Decimal | None = None
    rank: int | None = None
    # The predecessors whose mean is compared with (names as last year published them).
    predecessors: tuple[str, ...] = ()
    over_scoring: Decimal | None = None  # the unit's own last year (see UnitLine)


@dataclass(frozen=True)
class UnitLine:
    row: ResultRow
    previous: Previous
    # Index points this unit scored itself above (positive) or below the appraisal.
    over_scoring: Decimal | None
    # Area code → index (%), as the snapshot has it.
    area_indices: dict[str, Decimal | None]
    # Area code → self minus final points.
    area_over_scoring: dict[str, Decimal]

    @property
    def index_change(self) -> Decimal | None:
        if self.row.index is None or self.previous.index is None:
            return None
        return self.row.index - self.previous.index

    @property
    def over_scoring_change(self) -> Decimal | None:
        if self.over_scoring is None or self.previous.over_scoring is None:
            return None
        return self.over_scoring - self.previous.over_scoring

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) since last year; only against the unit itself (a merged
        unit's predecessors were ranked among other units)."""
        if self.previous.basis != Basis.SAME or None in (self.row.rank, self.previous.rank):
            return None
        return self.previous.rank - self.row.rank  # type: ignore[operator]


@dataclass(frozen=True)
class ClassCount:
    label: str
    count: int
    share: Decimal  # % of the level's ranked units
    previous_count: int | None  # None: no comparable level last year

    @property
    def change(self) -> int | None:
        return None if self.previous_count is None else self.count - self.previous_count


@dataclass(frozen=True)
class AreaMean:
    code: str
    title: str
    max: Decimal | None
    mean_index: Decimal | None
    previous_mean_index: Decimal | None
    # Mean of self minus final points over the level's units.
    mean_over_scoring: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.mean_index is None or self.previous_mean_index is None:
            return None
        return self.mean_index - self.previous_mean_index


@dataclass(frozen=True)
class Loss:
    """A sub-criterion where the level's units lost points."""

    code: str
    title: str
    max: Decimal
    lost: Decimal  # points lost by all units together
    units: int  # how many units lost points there


@dataclass(frozen=True)
class LevelAnalysis:
    name: str
    code: str
    count: int
    mean_index: Decimal | None
    min_index: Decimal | None
    max_index: Decimal | None
    mean_self: Decimal | None  # mean self-assessed total (points)
    mean_total: Decimal | None  # mean final total (points)
    max_points: Decimal | None
    previous_mean_index: Decimal | None
    previous_name: str
    units: list[UnitLine]
    classes: list[ClassCount]
    areas: list[AreaMean]
    losses: list[Loss]
    changes: list["AreaChange"] = field(default_factory=list)
    agencies: list["AgencyChange"] = field(default_factory=list)
    draft: list[str] = field(default_factory=list)

    @property
    def mean_change(self) -> Decimal | None:
        if self.mean_index is None or self.previous_mean_index is None:
            return None
        return self.mean_index - self.previous_mean_index

    def over_scorers(self) -> list[UnitLine]:
        """Units that scored themselves above the appraisal by OVER_SCORING index points or
        more, most first."""
        found = [
            u for u in self.units if u.over_scoring is not None and u.over_scoring >= OVER_SCORING
        ]
        return sorted(found, key=lambda u: -u.over_scoring)  # type: ignore[operator]


@dataclass(frozen=True)
class Appraisers:
    """Who appraised what in the publication's period (loading.appraisers): per level code, each
    leaf's field code; per (field code, unit code), the names of the agencies assigned it."""

    fields: Mapping[str, Mapping[str, str | None]]
    agencies: Mapping[tuple[str, str], Sequence[str]]


@dataclass(frozen=True)
class Analysis:
    year: int
    previous_year: int | None
    levels: list[LevelAnalysis]
    draft: list[str]  # the province-wide sentences


def analyse(
    report: Report,
    previous: Report | None,
    predecessors: Mapping[str, Sequence[str]],
    appraisers: Appraisers | None = None,
) -> Analysis:
    """`predecessors`: unit code → the codes of the units it was formed from; `appraisers`: who
    appraised what, for the changes per agency (none without it)."""
    before = _previous_by_unit(previous)
    levels = []
    for level in report.levels:
        earlier = _level(previous, level.code)
        levels.append(_analyse_level(level, earlier, before, predecessors, appraisers))
    return Analysis(
        year=report.year,
        previous_year=previous.year if previous else None,
        levels=levels,
        draft=[sentence for level in levels for sentence in level.draft],
    )


def _previous_by_unit(previous: Report | None) -> dict[str, ResultRow]:
    if previous is None:
        return {}
    return {row.unit_code: row for level in previous.levels for row in level.rows}


def _level(report: Report | None, code: str) -> LevelRows | None:
    if report is None:
        return None
    return next((level for level in report.levels if level.code == code), None)


def previous_of(
    code: str, before: Mapping[str, ResultRow], predecessors: Mapping[str, Sequence[str]]
) -> Previous:
    """The unit's result last year, or its predecessors' mean index, or "new"; "unknown" when
    last year has no unit's result to look in."""
    if not before:
        return Previous(Basis.UNKNOWN)
    if code in before:
        row = before[code]
        return Previous(Basis.SAME, row.index, row.rank, over_scoring=over_scoring(row))
    found = [before[p] for p in predecessors.get(code, ()) if p in before]
    indices = [row.index for row in found if row.index is not None]
    if not indices:
        return Previous(Basis.NEW)
    return Previous(
        Basis.MERGED,
        round2(sum(indices, ZERO) / len(indices)),
        predecessors=tuple(row.unit_name for row in found),
    )


def _mean(values: Sequence[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return round2(sum(known, ZERO) / len(known)) if known else None


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def over_scoring(row: ResultRow) -> Decimal | None:
    """Index points the unit scored itself above (positive) or below its final result."""
    if row.self_total is None or row.total is None or not row.max_points:
        return None
    return round2((row.self_total - row.total) * 100 / row.max_points)


def _unit_line(row: ResultRow, previous: Previous) -> UnitLine:
    over = over_scoring(row)
    areas = [node for node in row.nodes if node["depth"] == 0]
    area_over = {}
    for node in areas:
        own, final = _decimal(node.get("self")), _decimal(node.get("final"))
        if own is not None and final is not None:
            area_over[node["code"]] = own - final
    return UnitLine(
        row=row,
        previous=previous,
        over_scoring=over,
        area_indices={node["code"]: _decimal(node.get("index")) for node in areas},
        area_over_scoring=area_over,
    )


def class_counts(
    rows: Sequence[ResultRow], previous: Sequence[ResultRow] | None
) -> list[ClassCount]:
    """Counts per class of the ranked units, best class first (classes ordered by their units'
    mean index: the labels are the criteria set's, the order is not stored)."""
    ranked = [row for row in rows if row.rank is not None and row.classification]
    earlier = [row for row in previous or () if row.rank is not None and row.classification]
    indices: dict[str, list[Decimal]] = {}
    for row in [*ranked, *earlier]:
        indices.setdefault(row.classification, []).append(row.index or ZERO)
    order = sorted(indices, key=lambda label: -sum(indices[label]) / len(indices[label]))
    total = len(ranked)
    counts = []
    for label in order:
        count = sum(row.classification == label for row in ranked)
        counts.append(
            ClassCount(
                label=label,
                count=count,
                share=round2(Decimal(count * 100) / total) if total else ZERO,
                previous_count=(
                    sum(row.classification == label for row in earlier)
                    if previous is not None
                    else None
                ),
            )
        )
    return counts


def losses(rows: Sequence[ResultRow], top: int = TOP_LOSSES) -> list[Loss]:
    """The `top` sub-criteria where the units lost most points together, most first."""
    found: dict[str, dict] = {}
    for row in rows:
        for node in row.nodes:
            maximum, final = _decimal(node.get("max")), _decimal(node.get("final"))
            if not node.get("leaf") or maximum is None or final is None or maximum <= 0:
                continue
            if node.get("method") == SURVEY and not row.survey_points:
                continue  # no survey imported: nothing the unit lost
            lost = maximum - final
            if lost <= 0:
                continue
            entry = found.setdefault(
                node["code"],
                {"title": node["title"], "max": maximum, "lost": ZERO, "units": 0},
            )
            entry["lost"] += lost
            entry["units"] += 1
    ranked = sorted(found.items(), key=lambda item: (-item[1]["lost"], item[0]))
    return [
        Loss(code, entry["title"], entry["max"], entry["lost"], entry["units"])
        for code, entry in ranked[:top]
    ]


def _analyse_level(
    level: LevelRows,
    earlier: LevelRows | None,
    before: Mapping[str, ResultRow],
    predecessors: Mapping[str, Sequence[str]],
    appraisers: Appraisers | None,
) -> LevelAnalysis:
    units = [
        _unit_line(row, previous_of(row.unit_code, before, predecessors)) for row in level.rows
    ]
    indices = [row.index for row in level.rows if row.index is not None]
    previous_areas = {area["code"]: area for area in earlier.areas} if earlier else {}
    areas = [
        AreaMean(
            code=area["code"],
            title=area["title"],
            max=_decimal(area.get("max")),
            mean_index=_decimal(area.get("mean_index")),
            previous_mean_index=_decimal(previous_areas.get(area["code"], {}).get("mean_index")),
            mean_over_scoring=_mean(
                [u.area_over_scoring.get(area["code"]) for u in units if u.area_over_scoring]
            ),
        )
        for area in level.areas
    ]
    result = LevelAnalysis(
        name=level.name,
        code=level.code,
        count=len(level.rows),
        mean_index=_mean(indices),
        min_index=min(indices) if indices else None,
        max_index=max(indices) if indices else None,
        mean_self=_mean([row.self_total for row in level.rows]),
        mean_total=_mean([row.total for row in level.rows]),
        max_points=max((row.max_points for row in level.rows if row.max_points), default=None),
        previous_mean_index=(
            earlier.mean_index
            if earlier and earlier.mean_index is not None
            else _mean([row.index for row in earlier.rows])
            if earlier
            else None
        ),
        previous_name=earlier.name if earlier else "",
        units=units,
        # A historical level without units' rows has no class counts to compare with.
        classes=class_counts(level.rows, earlier.rows if earlier and earlier.rows else None),
        areas=areas,
        losses=losses(level.rows),
        changes=appraisal_changes(level.rows),
        agencies=(
            agency_changes(level.rows, appraisers.fields.get(level.code, {}), appraisers)
            if appraisers
            else []
        ),
    )
    result.draft.extend(draft(result))
    return result


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_points(value)


def draft(level: LevelAnalysis) -> list[str]:
    """Sentences carrying the level's figures, for the office to rewrite: the mean and its
    change, the areas that rose and fell most, the units that rose and fell most, where points
    were lost, who over-scored."""
    name = level.name
    sentences = []
    if level.mean_index is not None:
        sentence = (
            f"{name}: {level.count} đơn vị, chỉ số trung bình {format_points(level.mean_index)}%"
            f" (thấp nhất {format_points(level.min_index)}%, cao nhất "
            f"{format_points(level.max_index)}%)"
        )
        if level.mean_change is not None:
            trend = "tăng" if level.mean_change > 0 else "giảm" if level.mean_change < 0 else "giữ"
            sentence += f", {trend} {format_points(abs(level.mean_change))} điểm so với năm trước"
        sentences.append(sentence + ".")
    moved = [area for area in level.areas if area.change is not None]
    if moved:
        up = max(moved, key=lambda area: area.change)  # type: ignore[arg-type,return-value]
        down = min(moved, key=lambda area: area.change)  # type: ignore[arg-type,return-value]
        if up.change and up.change > 0:
            sentences.append(f"Lĩnh vực tăng nhiều nhất: {up.title} ({_signed(up.change)} điểm).")
        if down.change and down.change < 0:
            sentences.append(
                f"Lĩnh vực giảm nhiều nhất: {down.title} ({_signed(down.change)} điểm)."
            )
    changed = [unit for unit in level.units if unit.index_change is not None]
    if changed:
        best = max(changed, key=lambda unit: unit.index_change)  # type: ignore[arg-type,return-value]
        worst = min(changed, key=lambda unit: unit.index_change)  # type: ignore[arg-type,return-value]
        if best.index_change and best.index_change > 0:
            sentences.append(
                f"Đơn vị tăng nhiều nhất: {best.row.unit_name} ({_signed(best.index_change)} điểm)."
            )
        if worst.index_change and worst.index_change < 0:
            sentences.append(
                f"Đơn vị giảm nhiều nhất: {worst.row.unit_name} "
                f"({_signed(worst.index_change)} điểm)."
            )
    if level.losses:
        top = level.losses[0]
        sentences.append(
            f"Tiêu chí thành phần bị mất điểm nhiều nhất: {top.code} {top.title} "
            f"({top.units} đơn vị, tổng {format_points(top.lost)} điểm)."
        )
    over = level.over_scorers()
    if over:
        sentences.append(
            f"{len(over)} đơn vị tự chấm cao hơn kết quả thẩm định từ "
            f"{format_points(OVER_SCORING)} điểm chỉ số trở lên."
        )
    return sentences


@dataclass(frozen=True)
class PointsChange:
    """How the appraisal changed the units' own points, summed: after round 1 and final."""

    self: Decimal
    round1: Decimal
    final: Decimal
    units_lowered: int  # units whose final points there are below their own

    @property
    def first_change(self) -> Decimal:
        return self.round1 - self.self

    @property
    def second_change(self) -> Decimal:
        return self.final - self.round1


@dataclass(frozen=True)
class AreaChange(PointsChange):
    """In an area, over the level."""

    code: str = ""
    title: str = ""

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}"


@dataclass(frozen=True)
class AgencyChange(PointsChange):
    """On the sub-criteria an appraising agency was assigned, over the level."""

    agency: str = ""

    @property
    def label(self) -> str:
        return self.agency


def _points(node: dict) -> tuple[Decimal, Decimal, Decimal] | None:
    own, first, final = (_decimal(node.get(k)) for k in ("self", "round1", "final"))
    if own is None or first is None or final is None:
        return None
    return own, first, final


def appraisal_changes(rows: Sequence[ResultRow]) -> list[AreaChange]:
    """Per area (in tree order): the units' own points, after round 1 and final, summed."""
    sums: dict[str, dict] = {}
    for row in rows:
        for node in row.nodes:
            if node["depth"] != 0 or (points := _points(node)) is None:
                continue
            entry = sums.setdefault(node["code"], {"title": node["title"], **_zero()})
            _add(entry, *points)
            entry["units_lowered"] += points[2] < points[0]
    return [AreaChange(code=code, **entry) for code, entry in sums.items()]


def agency_changes(
    rows: Sequence[ResultRow], fields: Mapping[str, str | None], appraisers: Appraisers
) -> list[AgencyChange]:
    """Per appraising agency, the points of the leaves it was assigned, summed over `rows` (a
    leaf appraised by two agencies counts for both); the agency that took most points first.
    `fields`: the level's leaf code → field code."""
    sums: dict[str, dict] = {}
    for row in rows:
        lowered: set[str] = set()
        for node in row.nodes:
            field_code = fields.get(node["code"]) if node.get("leaf") else None
            if field_code is None or (points := _points(node)) is None:
                continue
            for agency in appraisers.agencies.get((field_code, row.unit_code), ()):
                _add(sums.setdefault(agency, _zero()), *points)
                if points[2] < points[0]:
                    lowered.add(agency)
        for agency in lowered:
            sums[agency]["units_lowered"] += 1
    changes = [AgencyChange(agency=agency, **entry) for agency, entry in sums.items()]
    return sorted(changes, key=lambda change: (change.final - change.self, change.agency))


def _zero() -> dict:
    return {"self": ZERO, "round1": ZERO, "final": ZERO, "units_lowered": 0}


def _add(entry: dict, own: Decimal, first: Decimal, final: Decimal) -> None:
    entry["self"] += own
    entry["round1"] += first
    entry["final"] += final
