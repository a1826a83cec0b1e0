"""Excel workbooks (.xlsx) the province exchanges with the application: writing cells safely and
reading an uploaded file without trusting it. Used by every import and export."""

import io
import zipfile
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from weakref import WeakKeyDictionary

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .archives import MAX_ENTRIES, is_zip_bomb, max_unpacked_bytes

# The look every workbook of the application shares: bold headers on light blue, grey group rows.
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
AREA_FILL = PatternFill("solid", fgColor="F2F2F2")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
# Text starting with these is a formula to Excel (openpyxl stores "=…" as one).
FORMULA_STARTS = ("=", "+", "-", "@")

Cell = tuple[object, str]  # (value, openpyxl data type: "s", "n", "f" for a formula, "e", ...)
CellValue = str | int | float | Decimal | date | datetime | time | None  # what `put` writes


class WorkbookError(Exception):
    """The upload is not a workbook we can read; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def put(sheet: Worksheet, row: int, column: int, value: CellValue, **style) -> SheetCell:
    """Write `value` as Excel shows it: decimals as numbers, text never taken for a formula."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl cannot write
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as text with Excel's quote prefix: shown and read back exactly as written, and
        # never evaluated, not even after the user edits the cell.
        cell.data_type = "s"
        cell.quotePrefix = True
    if style:
        _styled(cell, style)
    return cell


# openpyxl looks every style object up by its value each time one is set, which made the
# styling of a province's workbook cost seconds; a workbook keeps, per combination of style
# objects, the cell style it came to, and gives it to every cell styled alike.
_STYLES: "WeakKeyDictionary[Workbook, dict]" = WeakKeyDictionary()


def _styled(cell: SheetCell, style: dict) -> None:
    book = cell.parent.parent
    known = _STYLES.setdefault(book, {}) if book is not None else {}
    # By identity, with the objects kept alive beside their result so that no id is reused.
    key = tuple(sorted((name, id(setting)) for name, setting in style.items()))
    found = known.get(key)
    # `_style` is the array of indexes into the workbook's style lists that openpyxl's own
    # setters write; copying it is what setting the same styles again would do.
    if found is None:
        for name, setting in style.items():
            setattr(cell, name, setting)
        known[key] = (copy(cell._style), tuple(style.values()))  # type: ignore[attr-defined]
    else:
        cell._style = copy(found[0])  # type: ignore[attr-defined]


def expect_numbers(sheet: Worksheet, cells: str, *, signed: bool = False) -> None:
    """Warn whoever types in `cells` (e.g. "F3:H2000") when the entry is not a number (≥ 0
    unless `signed`); the import still reads text as the forms do, so a warning, not a stop."""
    validation = DataValidation(
        type="decimal",
        operator="between" if signed else "greaterThanOrEqual",
        formula1="-1E+15" if signed else "0",
        formula2="1E+15" if signed else None,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=_("Ô này cần một số"),
        error=(
            _("Nhập một số, ví dụ 2.000 hoặc 1.234,5.")
            if signed
            else _("Nhập một số không âm, ví dụ 2.000 hoặc 1.234,5.")
        ),
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def not_a_workbook() -> WorkbookError:
    return WorkbookError(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ."))


def read_sheets(data: bytes) -> dict[str, list[list[Cell]]]:
    """Every sheet's rows of cells; raises WorkbookError for anything that is not a sound .xlsx."""
    # An .xlsx is a zip: its declared sizes bound what zipfile will inflate, so checking them
    # before openpyxl opens anything stops a zip bomb.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_a_workbook() from None
    if is_zip_bomb(entries, max_upload_bytes=settings.CRITERIA_UPLOAD_MAX_BYTES):
        raise WorkbookError(
            _(
                "Tệp Excel có cấu trúc nén bất thường (khi giải nén quá %(mb)d MB, quá %(n)d "
                "thành phần hoặc nén quá mức); hãy mở tệp bằng Excel, lưu lại rồi tải lên lại."
            )
            % {
                "mb": max_unpacked_bytes(settings.CRITERIA_UPLOAD_MAX_BYTES) // (1024 * 1024),
                "n": MAX_ENTRIES,
            }
        )
    # openpyxl raises many kinds of errors on a damaged or foreign zip (KeyError, ValueError,
    # XML errors, ...): to the person importing, each means the same thing.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise not_a_workbook() from None
    try:
        return {
            sheet.title: [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets
        }
    except Exception:
        raise not_a_workbook() from None
    finally:
        workbook.close()
