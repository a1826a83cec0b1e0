"""A plan's task table in and out: the Excel template, reading a filled-in workbook or the annex
of a Word document (.docx, read with python-docx: a table STT | Nội dung nhiệm vụ | Cơ quan chủ
trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm), every bad row named with its reason,
and the plan with its progress as a workbook.

Columns are found by their heading, without diacritics, so the template, an exported plan and
an office's own annex are read by the same code. Units are matched by name or short name without
diacritics; a near miss is named with the closest names. The columns mean what the issue's annex
means in every plan: "Cơ quan chủ trì" the lead unit, "Cơ quan phối hợp" the coordinating units
(an unknown name is a bad row in both). In a unit's plan the lead column may instead name one of
the unit's own offices: a name that is no unit is then the responsible office, unless the table
has a "Bộ phận chủ trì" column for that. Nothing is saved here: `save_rows` adds every row or none.
"""

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import docx as python_docx
import openpyxl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from parindex.accounts.models import User
from parindex.catalog.models import Field, Unit
from parindex.core.archives import is_zip_bomb
from parindex.core.numbers import NumberError, parse_number
from parindex.core.text import fold, nfc
from parindex.core.workbooks import HEADER_FILL, HEADER_FONT, WorkbookError, put, read_sheets

from . import progress, tracking
from .models import Plan
from .planning import PlanError, add_task, due_date

SHEET = "Nhiệm vụ"
# (key, heading, width); headings are what the template writes, `HEADINGS` what is read.
COLUMNS = (
    ("code", "STT", 6),
    ("field", "Lĩnh vực", 14),
    ("content", "Nội dung nhiệm vụ", 60),
    ("product", "Sản phẩm", 32),
    ("lead", "Cơ quan chủ trì", 28),
    ("coordinating", "Cơ quan phối hợp", 28),
    ("due", "Thời gian hoàn thành", 18),
    ("budget", "Kinh phí (đồng)", 16),
    ("funding_source", "Nguồn kinh phí", 22),
    # Last, so that tables filled in before it was added read the same.
    ("office", "Bộ phận chủ trì", 22),
)
HEADINGS = {
    "stt": "code",
    "so thu tu": "code",
    "linh vuc": "field",
    "noi dung nhiem vu": "content",
    "noi dung": "content",
    "nhiem vu": "content",
    "san pham": "product",
    "san pham du kien": "product",
    "co quan chu tri": "lead",
    "don vi chu tri": "lead",
    "chu tri": "lead",
    "bo phan chu tri": "office",
    "phong chu tri": "office",
    "co quan phoi hop": "coordinating",
    "don vi phoi hop": "coordinating",
    "phoi hop": "coordinating",
    "thoi gian hoan thanh": "due",
    "thoi han hoan thanh": "due",
    "thoi gian": "due",
    "kinh phi (dong)": "budget",
    "kinh phi": "budget",
    "nguon kinh phi": "funding_source",
}
REQUIRED = ("code", "content", "due")
XLSX_MAGIC = b"PK\x03\x04"
COLUMN_NUMBER = re.compile(r"\(?\d+\)?")


class TableError(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class Row:
    """A task read from the table, with the problems found in it."""

    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


# Reading the file ------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    """The tables of a .docx (python-docx), each as rows of cell texts."""
    not_word = TableError(_("Tệp không phải là tệp Word (.docx) hợp lệ."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_word from None
    if is_zip_bomb(entries, max_upload_bytes=settings.CRITERIA_UPLOAD_MAX_BYTES):
        raise TableError(_("Tệp Word có cấu trúc nén bất thường."))
    # python-docx raises many kinds of errors on a damaged or foreign package (KeyError, XML
    # errors, its own PackageNotFoundError ...): to the person importing, each means the same.
    try:
        document = python_docx.Document(io.BytesIO(data))
        return [
            [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
        ]
    except Exception:
        raise not_word from None


def _grid(data: bytes, name: str) -> list[list[object]]:
    """The rows of the first table (Word) or sheet (Excel) that has the required headings."""
    if name.lower().endswith(".docx"):
        candidates: list[list[list[object]]] = list(_docx_tables(data))
    elif name.lower().endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        try:
            sheets = read_sheets(data)
        except WorkbookError as error:
            raise TableError(error.message) from None
        candidates = [[[value for value, _type in row] for row in rows] for rows in sheets.values()]
    else:
        raise TableError(_("Chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx)."))
    for rows in candidates:
        for number, row in enumerate(rows[:10]):
            keys = {HEADINGS.get(fold(_text(cell))) for cell in row}
            if set(REQUIRED) <= keys:
                return rows[number:]
    raise TableError(
        _(
            "Không tìm thấy bảng nhiệm vụ: cần các cột “STT”, “Nội dung nhiệm vụ” và “Thời gian "
            "hoàn thành”."
        )
    )


# Matching units and fields ---------------------------------------------------------------------


class Catalog:
    """Units and fields by their names without diacritics (two queries, once per import)."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.all():
            for name in (unit.name, unit.short_name):
                if name:
                    self.units.setdefault(fold(name), unit)
        self.fields: dict[str, Field] = {}
        for item in Field.objects.all():
            self.fields[fold(item.code)] = item
            self.fields[fold(item.name)] = item

    def unit(self, name: str) -> Unit | None:
        return self.units.get(fold(name))

    def near(self, name: str) -> list[str]:
        close = difflib.get_close_matches(fold(name), self.units, n=3, cutoff=0.75)
        return list(dict.fromkeys(self.units[key].name for key in close))

    def units_in(self, text: str) -> tuple[list[Unit], list[str]]:
        """The units named in a cell (separated by ";", new lines or commas; a name may itself
        hold a comma: "Sở Văn hóa, Thể thao và Du lịch") and the names not found."""
        found, unknown = [], []
        for part in re.split(r"[;\n]", text):
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            while pieces:
                for size in range(len(pieces), 0, -1):
                    unit = self.unit(", ".join(pieces[:size]))
                    if unit is not None:
                        found.append(unit)
                        pieces = pieces[size:]
                        break
                else:
                    unknown.append(pieces.pop(0))
        return found, unknown


def _unknown_unit(name: str, catalog: Catalog) -> str:
    near = catalog.near(name)
    if near:
        return _("Không có đơn vị “%(name)s”; có phải: %(near)s?") % {
            "name": name,
            "near": "; ".join(near),
        }
    return _("Không có đơn vị “%(name)s” trong danh mục.") % {"name": name}


def _row(number: int, cells: dict[str, str], plan: Plan, catalog: Catalog) -> Row:
    row = Row(number)
    values = row.values
    values["code"] = cells.get("code", "").rstrip(".")
    values["content"] = cells.get("content", "")
    values["product"] = cells.get("product", "")[:500]
    values["funding_source"] = cells.get("funding_source", "")[:300]
    if not values["content"]:
        row.errors.append(_("Thiếu nội dung nhiệm vụ."))
    if not values["code"]:
        row.errors.append(_("Thiếu số thứ tự."))
    due = cells.get("due", "")
    try:
        values["due_on"] = due_date(None, due, plan.year).isoformat()
        values["due_label"] = due[:100]
    except PlanError as error:
        row.errors.append(str(error))
    if cells.get("budget"):
        try:
            values["budget"] = str(parse_number(cells["budget"], whole=True))
        except NumberError:
            row.errors.append(
                _("Kinh phí “%(value)s” không phải là số (ví dụ 150.000.000).")
                % {"value": cells["budget"]}
            )
    if cells.get("field"):
        found = catalog.fields.get(fold(cells["field"]))
        if found is None:
            row.errors.append(_("Không có lĩnh vực “%(name)s”.") % {"name": cells["field"]})
        else:
            values["field_id"] = found.pk
    lead, office = cells.get("lead", ""), cells.get("office", "")
    units, unknown = catalog.units_in(lead)
    if units:
        values["lead_unit_id"] = units[0].pk
    if unknown and not plan.is_province and not office:
        # A unit's own annex names one of its offices (phòng, bộ phận) as the lead: that is the
        # task's responsible office (criterion 1.1.3), not a unit of the catalog.
        office = "; ".join(unknown)
    else:
        row.errors += [_unknown_unit(name, catalog) for name in unknown]
    values["responsible_office"] = office[:300]
    units, unknown = catalog.units_in(cells.get("coordinating", ""))
    row.errors += [_unknown_unit(name, catalog) for name in unknown]
    values["coordinating"] = [unit.pk for unit in units]
    return row


def read_table(data: bytes, name: str, plan: Plan) -> list[Row]:
    """Every task of the file with its problems. Raises TableError for a file that cannot be
    read or holds no task table."""
    grid = _grid(data, name)
    keys = [HEADINGS.get(fold(_text(cell))) for cell in grid[0]]
    catalog = Catalog()
    rows, seen = [], set()
    for offset, raw in enumerate(grid[1:], start=2):
        cells = {key: _text(raw[i]) for i, key in enumerate(keys) if key and i < len(raw)}
        if not any(cells.values()):
            continue
        # A row of column numbers under the headings ("(1) (2) (3)") or a group heading
        # ("I. CẢI CÁCH THỂ CHẾ") carries no task.
        if not cells.get("due") and not cells.get("product") and not cells.get("lead"):
            continue
        if all(COLUMN_NUMBER.fullmatch(value) for value in cells.values() if value):
            continue
        # A heading merged across the row: Word repeats its text in every cell.
        if len({value for value in cells.values() if value}) == 1 and len(cells) > 2:
            continue
        row = _row(offset, cells, plan, catalog)
        if row.values["code"] in seen:
            row.errors.append(_("Số thứ tự %(code)s trùng.") % {"code": row.values["code"]})
        seen.add(row.values["code"])
        rows.append(row)
    if not rows:
        raise TableError(_("Bảng nhiệm vụ không có dòng nào."))
    return rows


@transaction.atomic
def save_rows(plan: Plan, rows: list[dict], *, by: User) -> int:
    """Add every task to the draft plan, or none: the first refusal (PlanError) undoes all."""
    units = Unit.objects.in_bulk({pk for row in rows for pk in row.get("coordinating", [])})
    for values in rows:
        values = dict(values)
        values["due_on"] = date.fromisoformat(values["due_on"])
        values["coordinating"] = [units[pk] for pk in values.get("coordinating", [])]
        if "budget" in values:
            values["budget"] = Decimal(values["budget"])
        add_task(plan, by=by, **values)
    return len(rows)


# Writing ----------------------------------------------------------------------------------------


def _header(sheet, columns, row: int = 1) -> None:
    for number, (_key, heading, width) in enumerate(columns, start=1):
        cell = put(sheet, row, number, heading)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = width


def template_workbook() -> bytes:
    """The template: the task columns, an example row, and the names of units and fields."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    _header(sheet, COLUMNS)
    example = (
        "1",
        "TTHC",
        "Rà soát, đơn giản hóa thủ tục hành chính",
        "Quyết định thông qua phương án đơn giản hóa",
        "Văn phòng UBND tỉnh",
        "Sở Tư pháp; Sở Công Thương",
        "Quý II",
        "150.000.000",
        "Ngân sách tỉnh",
    )
    for number, value in enumerate(example, start=1):
        put(sheet, 2, number, value)
    names = book.create_sheet(_("Danh mục"))
    put(names, 1, 1, _("Đơn vị")).font = HEADER_FONT
    put(names, 1, 2, _("Lĩnh vực (mã hoặc tên)")).font = HEADER_FONT
    for number, unit in enumerate(Unit.objects.order_by("name"), start=2):
        put(names, number, 1, unit.name)
    for number, item in enumerate(Field.objects.all(), start=2):
        put(names, number, 2, f"{item.code} – {item.name}")
    names.column_dimensions["A"].width = names.column_dimensions["B"].width = 45
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


PROGRESS_COLUMNS = (
    ("status", "Tình trạng", 20),
    ("percent", "Tiến độ (%)", 10),
    ("done_on", "Ngày hoàn thành", 14),
)


def plan_workbook(plan: Plan) -> bytes:
    """The plan's tasks in the template's columns (so the file can be imported again) and their
    progress today."""
    today = timezone.localdate()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    put(sheet, 1, 1, plan.title).font = HEADER_FONT
    _header(sheet, COLUMNS + PROGRESS_COLUMNS, row=2)
    tasks = plan.tasks.with_context().prefetch_related("coordinating_units")
    for line, task in enumerate(tasks, start=3):
        status = progress.status(tracking.facts(task), today)
        values = (
            task.code,
            task.field.code if task.field else "",
            task.content,
            task.product,
            task.lead_unit.name if task.lead_unit else "",
            "; ".join(unit.name for unit in task.coordinating_units.all()),
            task.due_label or task.due_on.strftime("%d/%m/%Y"),
            task.budget,
            task.funding_source,
            task.responsible_office,
            str(tracking.STATUS_LABELS[status]),
            task.percent,
            task.done_on,
        )
        for number, value in enumerate(values, start=1):
            cell = put(sheet, line, number, value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
