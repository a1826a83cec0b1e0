"""A unit's weakest sub-criteria against its level, the start of its remedies for next year:
where it lost most points, how the level did there (mean and best), exported to Excel, and taken
in one step as tasks of the unit's plan for next year (parindex/plans)."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from parindex.accounts.models import User
from parindex.core.numbers import format_points
from parindex.plans import planning
from parindex.plans.models import Plan
from parindex.results.models import PublishedResult
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
    sheet.append([header for header, _width in HEADERS])
    for number, (_header, width) in enumerate(HEADERS, start=1):
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


def plan_remedies(result: PublishedResult, weaknesses: list[Weakness], *, by: User) -> Plan:
    """The unit's PAR plan for the next year, with a task to remedy each of `weaknesses` (created
    as a draft when the unit has none yet). A weakness already planned (its task code "KP-<code>")
    is left as it is, so asking twice adds nothing. Raises PlanError when that plan is already
    issued (tasks are then added by an amendment, on the plan's page). Side effects: those of
    plans.planning.create_plan and add_task."""
    unit, year = result.unit, result.publication.year + 1
    with transaction.atomic():
        plan = Plan.objects.filter(unit=unit, year=year, scope=Plan.Scope.YEAR).first()
        if plan is None:
            title = _("Kế hoạch cải cách hành chính năm %(year)s") % {"year": year}
            plan = planning.create_plan(unit=unit, year=year, by=by, title=title)
        planned = set(plan.tasks.values_list("code", flat=True))
        for weakness in weaknesses:
            code = f"KP-{weakness.code}"
            if code in planned:
                continue
            content = _(
                "Khắc phục tiêu chí %(code)s “%(title)s” (năm %(last)s đạt %(points)s/%(max)s "
                "điểm, trung bình của cấp %(mean)s)."
            ) % {
                "code": weakness.code,
                "title": weakness.title,
                "last": result.publication.year,
                "points": format_points(weakness.points),
                "max": format_points(weakness.max),
                "mean": format_points(weakness.level_mean),
            }
            # Due by the year's end: the unit sets the real date while the plan is a draft.
            planning.add_task(
                plan, by=by, code=code, content=content, lead_unit=unit, due_on=date(year, 12, 31)
            )
    return plan
