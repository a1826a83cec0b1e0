"""The period's data annex as an Excel workbook: one sheet per section, the indicators in the
template's order (a table one row per cell, a percentage its numerator, denominator and rate),
the province's figure, then each unit's value. Text a unit typed is written as text, never as a
formula (core.workbooks.put)."""

import io
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from parindex.core.workbooks import AREA_FILL, HEADER_FILL, HEADER_FONT, CellValue, put

from . import values as reading
from .aggregates import aggregate
from .consolidation import Figure, consolidate, latest_versions
from .models import ReportingPeriod, ReportVersion
from .spec import Indicator, IndicatorType
from .values import Percentage

WRAP = Alignment(wrap_text=True, vertical="top")
FIRST_UNIT_COLUMN = 5


def _cell(value: object) -> CellValue:
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, Decimal | str | date):
        return value
    return None if value is None else str(value)


def _lines(indicator: Indicator) -> list[tuple[str, object]]:
    """The annex's rows of one indicator: (label, how to take the row's value from a unit's)."""
    if indicator.type == IndicatorType.TABLE:
        return [
            (f"{row.title} – {column.title}", (row.code, column.code))
            for row in indicator.rows
            for column in indicator.columns
        ]
    if indicator.type == IndicatorType.PERCENTAGE:
        return [(_("Tử số"), "numerator"), (_("Mẫu số"), "denominator"), (_("Tỷ lệ (%)"), "rate")]
    return [("", None)]


def _part(value: object, part: object) -> object:
    if value is None or part is None:
        return value
    if isinstance(value, Percentage):
        return getattr(value, str(part))
    return value.get(part) if isinstance(value, dict) else None


def _sheet_title(code: str, used: set[str]) -> str:
    title = "".join(c for c in code if c not in "[]:*?/\\")[:28] or "P"
    while title in used:
        title += "_"
    used.add(title)
    return title


def _write_indicator(sheet, row: int, figure: Figure, values: list) -> int:
    indicator = figure.indicator
    total = aggregate(indicator, [v for v in values if v is not None])
    for label, part in _lines(indicator):
        put(sheet, row, 1, indicator.code)
        put(
            sheet,
            row,
            2,
            f"{indicator.title} – {label}" if label else indicator.title,
            alignment=WRAP,
        )
        put(sheet, row, 3, indicator.unit)
        province = _part(total, part)
        put(sheet, row, 4, _cell(province) if not isinstance(province, int) else Decimal(province))
        for offset, value in enumerate(values):
            put(sheet, row, FIRST_UNIT_COLUMN + offset, _cell(_part(value, part)))
        row += 1
    return row


def annex(period: ReportingPeriod) -> bytes:
    """The workbook of the period's data annex (.xlsx)."""
    versions: list[ReportVersion] = latest_versions(period)
    figures, _count = consolidate(period, versions)
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in period.template.spec.sections:
        sheet = book.create_sheet(_sheet_title(section.code, used))
        put(sheet, 1, 1, f"{period.title} – {section.code}. {section.title}", font=HEADER_FONT)
        headers = [_("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Toàn tỉnh")]
        headers += [version.report.unit.name for version in versions]
        for column, header in enumerate(headers, start=1):
            put(sheet, 3, column, header, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)
            sheet.column_dimensions[get_column_letter(column)].width = 50 if column == 2 else 14
        row = 4
        for figure in (f for f in figures if f.section.code == section.code):
            typed = [v.content.get(section.code, {}).get("values", {}) for v in versions]
            values = [reading.read(figure.indicator, t).value for t in typed]
            row = _write_indicator(sheet, row, figure, values)
        put(
            sheet,
            row + 1,
            1,
            _("Số báo cáo tổng hợp: %(n)d") % {"n": len(versions)},
            fill=AREA_FILL,
        )
        sheet.freeze_panes = "C4"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
