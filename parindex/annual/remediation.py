"""A unit's weakest sub-criteria against its level, the start of its remedies for next year:
where it lost most points, how the level did there (mean and best), exported to Excel for the
unit to turn into tasks of next year's plan (until the plans module takes them in one step)."""

import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment, Font

from parindex.results.reports import POINTS_FORMAT, LevelRows, ResultRow
from parindex.scoring import round2

from .analysis import SURVEY

WEAKEST = 10


@dataclass(frozen=True)
class Weakness:
    code: str
    title: str
    max: Decimal
    points: Decimal
    level_mean: Decimal
    level_best: Decimal

    @property
    def lost(self) -> Decimal:
        return self.max - self.points

    @property
    def behind_mean(self) -> Decimal:
        return self.level_mean - self.points


def weakest(row: ResultRow, level: LevelRows, top: int = WEAKEST) -> list[Weakness]:
    """The `top` sub-criteria (leaves with points to earn) where the unit lost most points, ties
    by how far it is behind the level's mean, then by code."""
    scores: dict[str, list[Decimal]] = {}
    for other in level.rows:
        for node in other.nodes:
            if node.get("leaf") and node.get("final") is not None:
                scores.setdefault(node["code"], []).append(Decimal(node["final"]))
    found = []
    for node in row.nodes:
        if not node.get("leaf") or node.get("final") is None or Decimal(node["max"]) <= 0:
            continue
        if node.get("method") == SURVEY and not row.survey_points:
            continue
        maximum, points = Decimal(node["max"]), Decimal(node["final"])
        if points >= maximum:
            continue
        level_scores = scores.get(node["code"], [points])
        found.append(
            Weakness(
                node["code"],
                node["title"],
                maximum,
                points,
                round2(sum(level_scores, Decimal(0)) / len(level_scores)),
                max(level_scores),
            )
        )
    found.sort(key=lambda w: (-w.lost, -w.behind_mean, w.code))
    return found[:top]


HEADERS = (
    ("Mã", 10),
    ("Tiêu chí thành phần", 60),
    ("Điểm tối đa", 12),
    ("Điểm đạt", 12),
    ("Điểm bị mất", 12),
    ("Trung bình của cấp", 14),
    ("Cao nhất của cấp", 14),
    ("Nhiệm vụ khắc phục (năm sau)", 40),
    ("Đơn vị/người chủ trì", 24),
    ("Thời hạn", 14),
)


def workbook(unit_name: str, year: int, weaknesses: list[Weakness]) -> bytes:
    """The list as an .xlsx with empty columns for the task, who leads it and its deadline."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Khắc phục"
    sheet["A1"] = f"{unit_name}: tiêu chí thành phần bị mất điểm nhiều nhất năm {year}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([header for header, _ in HEADERS])
    for number, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width = width
        sheet.cell(3, number).font = Font(bold=True)
        sheet.cell(3, number).alignment = Alignment(wrap_text=True, vertical="top")
    for w in weaknesses:
        sheet.append([w.code, w.title, w.max, w.points, w.lost, w.level_mean, w.level_best])
        for column in range(3, 8):
            sheet.cell(sheet.max_row, column).number_format = POINTS_FORMAT
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
