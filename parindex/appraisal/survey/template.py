"""The workbook the province fills in with the survey points of a period."""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from parindex.assessments.models import AssessmentPeriod
from parindex.assessments.periods import by_level_and_name
from parindex.core.workbooks import HEADER_FILL, HEADER_FONT, UNUSED_FILL, expect_numbers, put
from parindex.scoring.answers import INPUT_KEYS

from .importing import current_import
from .sheet import (
    BASE_LABEL,
    BASE_SHEET,
    COLUMNS,
    HEADER_ROW,
    INPUTS,
    SHEET,
    VALIDATED_ROWS,
    scope_of,
)


def template_workbook(period: AssessmentPeriod) -> bytes:
    """The workbook the province fills in: one row per unit of the period and survey leaf of its
    criteria set, pre-filled with the current import's values; the cells a row's rule does not
    use are grey."""
    scope = scope_of(period.assessments.all())
    current = current_import(period)
    filled = {(s.assessment_id, s.criterion_id): s for s in current.scores.all()} if current else {}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    note = _(
        "Kỳ đánh giá: %(title)s (năm %(year)d). Nhập Điểm, hoặc Tử số và Mẫu số, theo cách "
        "chấm của tiêu chí; để trống các ô màu xám."
    )
    put(sheet, 1, 1, note % {"title": period.title, "year": period.year}).font = HEADER_FONT
    for number, (_key, header, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, HEADER_ROW, number, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = width
    row = HEADER_ROW + 1
    for assessment in sorted(scope.assessments.values(), key=by_level_and_name):
        criteria = scope.set_of(assessment)
        for leaf in criteria.survey_leaves:
            score = filled.get((assessment.pk, criteria.ids[leaf.code]))
            values = {
                "unit": assessment.unit.code,
                "unit_name": assessment.unit.name,
                "code": leaf.code,
                "title": leaf.title,
                "max_points": leaf.max_points,
            } | ({key: getattr(score, key) for key in INPUTS} if score else {})
            for number, (key, _header, _width) in enumerate(COLUMNS, start=1):
                cell = put(sheet, row, number, values.get(key))
                if key in ("unit", "code"):
                    cell.number_format = "@"  # an edited 1.10 stays text, not 1.1
                if key in INPUTS and key not in INPUT_KEYS[leaf.rule.kind]:
                    cell.fill = UNUSED_FILL
            row += 1
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"  # the header, and the unit while scrolling right
    for number, (key, _header, _width) in enumerate(COLUMNS, start=1):
        if key in INPUTS:
            letter = get_column_letter(number)
            expect_numbers(sheet, f"{letter}{HEADER_ROW + 1}:{letter}{max(row, VALIDATED_ROWS)}")
    base = book.create_sheet(BASE_SHEET)
    put(base, 1, 1, BASE_LABEL)
    put(base, 1, 2, current.pk if current else 0)
    base.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
