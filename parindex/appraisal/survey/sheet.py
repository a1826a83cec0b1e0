"""The survey workbook's format, shared by the template and the import: the sheet and its columns
(part of the file format, never translated: a template downloaded in an English session must read
back in a Vietnamese one), the errors an import reports, and the period's units and criteria sets
a row is read against."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import QuerySet

from parindex.assessments.models import UnitAssessment
from parindex.catalog.models import Unit
from parindex.catalog.specs import load_spec
from parindex.core.workbooks import Cell
from parindex.scoring import CriteriaSet as Spec
from parindex.scoring import Entry as EngineEntry
from parindex.scoring import Node

SHEET = "Điểm điều tra"
# The import a template was made from: an import built on an older template would silently undo
# the points imported since, so it is refused.
BASE_SHEET, BASE_LABEL = "Thông tin mẫu", "Lập từ lần nhập số (không sửa)"
HEADER_ROW = 2  # row 1 names the period
COLUMNS = (  # (key, header, width)
    ("unit", "Mã đơn vị", 18),
    ("unit_name", "Tên đơn vị", 36),
    ("code", "Mã tiêu chí", 12),
    ("title", "Tên tiêu chí", 50),
    ("max_points", "Điểm tối đa", 12),
    ("points", "Điểm", 10),
    ("numerator", "Tử số", 12),
    ("denominator", "Mẫu số", 12),
)
HEADERS = {key: header for key, header, _width in COLUMNS}
VALIDATED_ROWS = 2000  # rows added by hand below the template's are checked too
INPUTS = ("points", "numerator", "denominator")
# SurveyScore keeps inputs with 4 decimals and at most 10 digits before the point.
DECIMALS, LIMIT = 4, Decimal(10) ** 10
ZIP_MAGIC = b"PK\x03\x04"

BLANK: Cell = (None, "n")


class RowError(NamedTuple):
    row: int | None  # the sheet's row number; None for the file as a whole
    reason: str


class SurveyImportError(Exception):
    """A file that was not imported; `errors` lists every problem found, in row order."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(f"{row}: {reason}" for row, reason in errors))
        self.errors = errors


class BadCell(Exception):
    """A cell that cannot be read as its column requires; the message names the column."""


@dataclass(frozen=True)
class CriteriaSheet:
    spec: Spec
    ids: dict[str, int]
    nodes: dict[str, Node]

    @property
    def survey_leaves(self) -> list[Node]:
        return [leaf for leaf in self.spec.leaves() if leaf.method == "survey"]


@dataclass
class Scope:
    """The period's units by code, and each criteria set in use with its nodes."""

    assessments: dict[str, UnitAssessment]
    sets: dict[int, CriteriaSheet]

    @cached_property
    def unit_codes(self) -> set[str]:
        """Every unit of the catalogue, asked for only when a row names a unit not in the period."""
        return set(Unit.objects.values_list("code", flat=True))

    def set_of(self, assessment: UnitAssessment) -> CriteriaSheet:
        return self.sets[assessment.criteria_set_id]


@dataclass(frozen=True)
class Score:
    row: int
    assessment: UnitAssessment
    criterion_id: int
    entry: EngineEntry
    points: Decimal


def scope_of(assessments: QuerySet[UnitAssessment]) -> Scope:
    """Queries: the units, then one per criteria set in use (not per unit)."""
    rows = list(assessments.select_related("period", "unit__level", "criteria_set__level"))
    sets: dict[int, CriteriaSheet] = {}
    for assessment in rows:
        if assessment.criteria_set_id not in sets:
            stored = load_spec(assessment.criteria_set)
            nodes = {n.code: n for n in stored.spec.walk()}
            sets[assessment.criteria_set_id] = CriteriaSheet(stored.spec, stored.ids, nodes)
    return Scope({assessment.unit.code: assessment for assessment in rows}, sets)
