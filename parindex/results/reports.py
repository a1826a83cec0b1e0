"""A year's results as every document reads them: a publication's snapshot, or a preview of the
current data (`preview.py`), turned into the same `Report`, so that every writer (the workbook,
the open data, the PDFs) has one implementation whatever it is fed."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from parindex.core.dates import day_text, moment_text, short_date_vi
from parindex.core.documents import BLANK

from .models import Publication, PublishedResult

PREVIEW = "Bản xem trước – chưa công bố"
# Excel shows it with the decimal separator of the reader's locale; a negative figure (a
# penalty) with a minus sign, not a hyphen.
POINTS_FORMAT = '0.00;"\N{MINUS SIGN}"0.00'
# The number and sign of a decision of the province's people's committee, before it is known.
DECISION_SIGN = "QĐ-UBND"


@dataclass(frozen=True)
class Decision:
    """The decision approving a publication, as much of it as the admin recorded."""

    number: str = ""
    day: date | None = None
    by: str = ""
    signer: str = ""
    signer_position: str = ""

    @classmethod
    def of(cls, publication: "Publication") -> "Decision":
        return cls(
            number=publication.decision_number,
            day=publication.decision_date,
            by=publication.decision_by,
            signer=publication.decision_signer,
            signer_position=publication.decision_signer_position,
        )

    @property
    def known(self) -> bool:
        return bool(self.number)

    @property
    def number_or_blank(self) -> str:
        return self.number or f"{BLANK}/{DECISION_SIGN}"

    @property
    def reference(self) -> str:
        """ "Quyết định số 125/QĐ-UBND ngày 05/3/2026 của Chủ tịch UBND tỉnh Điện Biên", with
        blanks for what is not known."""
        day = short_date_vi(self.day) if self.day else BLANK
        by = self.by or settings.DOCUMENT_DECISION_BY
        return f"Quyết định số {self.number_or_blank} ngày {day} của {by}"


@dataclass(frozen=True)
class ResultRow:
    """One unit's result, from a publication's snapshot or from the engine (preview)."""

    unit_code: str
    unit_name: str
    self_total: Decimal | None
    appraised_points: Decimal | None
    survey_points: Decimal | None
    bonus: Decimal | None
    penalty: Decimal | None
    total: Decimal | None
    max_points: Decimal | None
    index: Decimal | None
    rank: int | None
    classification: str
    # {"code", "title", "depth", "leaf", "method", "kind", "max", "self", "round1", "final",
    # "index", "comment"} per node in tree order, numbers as exact decimal strings ("kind": a
    # leaf's rule, missing in snapshots older than it); empty for history.
    nodes: list[dict]


@dataclass(frozen=True)
class LevelRows:
    name: str
    code: str
    mean_index: Decimal | None
    areas: list[dict]  # {"code", "title", "max", "mean_index"}, numbers as decimal strings
    units_ranked: int  # as published: a historical year may rank units it has no row for
    rows: list[ResultRow]
    note: str = ""  # what a historical source says of the level besides its figures


@dataclass(frozen=True)
class Report:
    title: str
    year: int
    version: int | None  # None: a preview, not published
    moment: datetime  # published at, or computed at (a preview); in Vietnam's time
    levels: list[LevelRows]
    # The approving decision of a publication (None: a preview, or a historical year, whose
    # source names its decision in its own words).
    decision: Decision | None = None
    historical: bool = False
    source_decision: str = ""
    source: str = ""  # where a historical year's figures were read

    @property
    def status(self) -> str:
        if self.version is None:
            return f"{PREVIEW} – số liệu lúc {moment_text(self.moment)}"
        return f"Phiên bản {self.version} – công bố ngày {day_text(self.moment)}"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    number_format: str | None = None
    # Stored as the positive amount taken away (a penalty), printed as a negative figure.
    deduction: bool = False

    def shown(self, value):
        """The value as documents print it (machines' open data keeps it as stored)."""
        return -value if self.deduction and value else value


# What "Điểm thẩm định" means everywhere: the team's points without the survey, bonus and penalty,
# which have their own columns; "Tổng điểm" is the sum of them all (what the index divides).
FIGURES = (
    Column("self_total", "Điểm tự chấm", 11, POINTS_FORMAT),
    Column("appraised_points", "Điểm thẩm định", 11, POINTS_FORMAT),
    Column("survey_points", "Điểm điều tra XHH", 11, POINTS_FORMAT),
    Column("bonus", "Điểm thưởng", 10, POINTS_FORMAT),
    Column("penalty", "Điểm trừ", 10, POINTS_FORMAT, deduction=True),
    Column("total", "Tổng điểm", 11, POINTS_FORMAT),
    Column("max_points", "Điểm tối đa", 11, POINTS_FORMAT),
    Column("index", "Chỉ số (%)", 10, POINTS_FORMAT),
)


PENALTY = "penalty"


def node_shown(node: dict, key: str) -> Decimal | None:
    """A node's figure as documents print it: a penalty's points negative."""
    text = node.get(key)
    if text in (None, ""):
        return None
    value = Decimal(text)
    return -value if node.get("kind") == PENALTY and value else value


def within_max(areas: list[dict]) -> list[dict]:
    """The areas of a level's averages that have points to earn: the area of bonus and penalty
    (max 0) has no index, and its amounts are lines of their own."""
    return [area for area in areas if Decimal(area["max"]) > 0]


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def published_report(publication: Publication) -> Report:
    """The publication's snapshot, every level it has a block or a unit of (a historical year may
    have published a level's counts without any unit's figures). Two queries whatever the number
    of units."""
    blocks = {block.level_id: block for block in publication.levels.select_related("level")}
    by_level: dict[int, list] = {}
    results = publication.results.select_related("unit", "level")
    for result in sorted(results, key=PublishedResult.ranking_key):
        by_level.setdefault(result.level_id, []).append(result)
    kinds = {pk: block.level for pk, block in blocks.items()}
    kinds |= {pk: found[0].level for pk, found in by_level.items()}
    levels = []
    for level in sorted(kinds.values(), key=lambda level: (level.order, level.code)):
        found, block = by_level.get(level.pk, []), blocks.get(level.pk)
        levels.append(
            LevelRows(
                name=block.level_name if block else level.name,
                code=level.code,
                mean_index=block.mean_index if block else None,
                areas=block.areas if block else [],
                units_ranked=block.units_ranked if block else ranked(found),
                rows=[result_row(result) for result in found],
                note=block.note if block else "",
            )
        )
    return report_of(publication, levels)


def report_of(publication: Publication, levels: list[LevelRows]) -> Report:
    return Report(
        title=publication.title,
        year=publication.year,
        version=publication.version,
        moment=local(publication.published_at),
        levels=levels,
        decision=None if publication.historical else Decision.of(publication),
        historical=publication.historical,
        source_decision=publication.decision,
        source=publication.source,
    )


def ranked(rows) -> int:
    return sum(row.rank is not None for row in rows)


def result_row(result) -> ResultRow:
    """A `PublishedResult` (with its unit) as a row."""
    return ResultRow(
        unit_code=result.unit.code,
        unit_name=result.unit_name,
        self_total=result.self_total,
        appraised_points=result.appraised_points,
        survey_points=result.survey_points,
        bonus=result.bonus,
        penalty=result.penalty,
        total=result.total,
        max_points=result.max_points,
        index=result.index,
        rank=result.rank,
        classification=result.classification,
        nodes=result.nodes,
    )
