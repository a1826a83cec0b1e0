"""Downloads of a year's results: the printable Excel workbook (a summary sheet, then one sheet per
unit with its whole tree), the open data (CSV, JSON and a flat Excel table), and the admin's preview
workbook of a period computed from the current data.

Both sources, a publication and the preview, are first turned into the same `Report`, so every
writer (here and in `pdf.py`) has one implementation whatever it is fed.

The documents are the province's record: their words are Vietnamese whatever the reader's
interface language, and a public download is the same file for every visitor. Open data is meant
for machines: ASCII field names, decimal POINT, exact values (CSV text "92.51", JSON number
92.51); the workbook keeps numbers as numbers, shown with the reader's own decimal separator.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from math import ceil

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.numbers import number_text
from parindex.core.workbooks import AREA_FILL, FORMULA_STARTS, HEADER_FILL, HEADER_FONT, put

from .documents import results_document
from .models import Publication
from .reports import (
    FIGURES,
    POINTS_FORMAT,
    Column,
    LevelRows,
    Report,
    ResultRow,
    local,
    node_shown,
    published_report,
)

NOTICE = (
    "Kết quả Chỉ số cải cách hành chính đã công bố chính thức. Được tự do sử dụng, chia sẻ khi "
    "ghi rõ nguồn. Số thập phân dùng dấu chấm; điểm là giá trị chính xác, chỉ số làm tròn 2 chữ "
    "số thập phân."
)
SUMMARY_SHEET = "Tổng hợp"
OPEN_DATA_SHEET = "Dữ liệu"
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="top")
# A node's title indented by its depth in the tree.
INDENTED = tuple(Alignment(wrap_text=True, vertical="top", indent=depth) for depth in range(8))
# The printable workbook in Times New Roman, as Decree 30/2020 wants documents.
BOOK = "Times New Roman"
BOOK_FONT = Font(name=BOOK, size=12)
BOOK_BOLD = Font(name=BOOK, size=12, bold=True)
NATION_FONT = Font(name=BOOK, size=12, bold=True)
MOTTO_FONT = Font(name=BOOK, size=13, bold=True, underline="single")
DATE_FONT = Font(name=BOOK, size=13, italic=True)
KIND_FONT = Font(name=BOOK, size=14, bold=True)
STATUS_FONT = Font(name=BOOK, size=12, bold=True, color="C00000")
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Rows 1–3 the header, 5–8 type, summary, annex line and status, then the column headers.
HEADER_ROW = 10
HEADER_HEIGHT = 48  # points
# Wrapped text in 12 pt Times New Roman: characters a line holds per unit of column width, and
# the height of a line in points (an estimate: the file cannot measure text).
CHARACTERS_PER_WIDTH = 1.25
LINE_HEIGHT = 15.75
# How wide (in Excel's character widths) the issuer's and the national name's columns must be.
HEADER_LEFT_WIDTH = 50
HEADER_RIGHT_WIDTH = 60
# Excel refuses these in sheet names, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


RANK = Column("rank", "Xếp hạng", 9, "0")
CLASS = Column("classification", "Xếp loại", 14)
SUMMARY_COLUMNS = (RANK, Column("unit_name", "Đơn vị", 40), *FIGURES, CLASS)
TREE_COLUMNS = (
    Column("code", "Mã", 9),
    Column("title", "Tiêu chí", 60),
    Column("max", "Điểm tối đa", 10, POINTS_FORMAT),
    Column("self", "Tự chấm", 10, POINTS_FORMAT),
    Column("round1", "Thẩm định lần 1", 11, POINTS_FORMAT),
    Column("final", "Kết quả thẩm định (lần 2 nếu có)", 11, POINTS_FORMAT),
    Column("index", "Chỉ số (%)", 10, POINTS_FORMAT),
    Column("comment", "Nhận xét của Tổ thẩm định", 45),
)
NODE_NUMBERS = ("max", "self", "round1", "final", "index")
# Machine-readable names of the open data; the order of the CSV columns.
OPEN_DATA_FIELDS = (
    "year",
    "version",
    "level",
    "level_code",
    "unit_code",
    "unit_name",
    *(column.key for column in FIGURES),
    "rank",
    "classification",
)


# ---------------------------------------------------------------------------------------------
# The printable workbook


def results_workbook(publication: Publication) -> bytes:
    """The publication as a workbook: "Tổng hợp", then one sheet per unit."""
    return workbook(published_report(publication))


def workbook(report: Report, progress: Callable[[int, int], None] | None = None) -> bytes:
    """`progress(done, total)` is told how many units' sheets are written, before the first
    and after each (a background build shows it)."""
    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, report)
    taken = {SUMMARY_SHEET.casefold()}
    units = [(level, row) for level in report.levels for row in level.rows if row.nodes]
    if progress:
        progress(0, len(units))
    for done, (level, row) in enumerate(units, start=1):
        sheet = workbook.create_sheet(_sheet_name(row.unit_name, taken))
        _unit_sheet(sheet, report, level, row)
        if progress:
            progress(done, len(units))
    return _saved(workbook)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid sheet name, unique in the workbook (Excel compares names ignoring case)."""
    cut = SHEET_NAME_FORBIDDEN.sub(" ", name)[:SHEET_NAME_LENGTH]
    base = " ".join(cut.split()).strip("'") or "Đơn vị"
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def _heading(
    sheet: Worksheet, report: Report, columns: tuple[Column, ...], *, summary: str = ""
) -> int:
    """The document's header rows, the column headers, the page set up for printing; returns
    the next row."""
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
        header = column.header
        put(sheet, HEADER_ROW, number, header, font=BOOK_BOLD, fill=HEADER_FILL, alignment=WRAP)
    # Three lines of a wrapped heading ("Điểm điều tra XHH"): spreadsheets do not grow a row
    # for text they wrap when they open a file.
    sheet.row_dimensions[HEADER_ROW].height = HEADER_HEIGHT
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _document_header(sheet, report, columns, summary)
    _page_setup(sheet, report)
    return HEADER_ROW + 1


def _document_header(
    sheet: Worksheet, report: Report, columns: tuple[Column, ...], summary: str
) -> None:
    """Decree 30/2020: issuing body and number on the left, national name, motto, place and
    date on the right (rows 1–3), then type, summary, annex line and status (rows 5–8)."""
    document = results_document(report)
    left, right = _spans(columns)
    issuer = document.issuer
    lines = (
        (issuer.superior.upper(), NATION, BOOK_FONT, NATION_FONT),
        (" ".join(issuer.name).upper(), MOTTO, BOOK_BOLD, MOTTO_FONT),
        (document.number_line, document.date_line, BOOK_FONT, DATE_FONT),
    )
    for row, (left_text, right_text, left_font, right_font) in enumerate(lines, start=1):
        _merged(sheet, row, left, left_text, left_font)
        _merged(sheet, row, right, right_text, right_font)
    whole = (1, len(columns))
    _merged(sheet, 5, whole, document.kind.upper(), KIND_FONT)
    _merged(sheet, 6, whole, summary or document.summary, KIND_FONT)
    if document.annex:
        _merged(sheet, 7, whole, f"({document.annex})", DATE_FONT)
    _merged(sheet, 8, whole, report.status, STATUS_FONT if report.version is None else BOOK_FONT)


def _page_setup(sheet: Worksheet, report: Report) -> None:
    """A4 landscape, as wide as a page, the Decree's margins, page numbers at the top from the
    second page of each sheet, the status at the foot of every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Each sheet is a document of its own: its pages count from 1.
    sheet.page_setup.firstPageNumber = 1
    sheet.page_setup.useFirstPageNumber = True
    # Margins in inches: top and bottom 20 mm, left 30 mm, right 15 mm.
    sheet.page_margins = PageMargins(left=1.18, right=0.59, top=0.79, bottom=0.79)
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = "&P"
    sheet.oddHeader.center.font = "Times New Roman,Regular"
    sheet.oddHeader.center.size = 13
    for footer in (sheet.oddFooter, sheet.firstFooter):
        footer.center.text = report.status
        footer.center.font = "Times New Roman,Italic"


def _spans(columns: tuple[Column, ...]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The columns under the issuer (from the left) and under the national name (to the right):
    wide enough for their lines, never overlapping."""
    widths = [column.width for column in columns]
    last_left = next(
        (n for n in range(1, len(widths) + 1) if sum(widths[:n]) >= HEADER_LEFT_WIDTH), 1
    )
    first_right = next(
        (n for n in range(len(widths), 0, -1) if sum(widths[n - 1 :]) >= HEADER_RIGHT_WIDTH), 1
    )
    return (1, last_left), (max(first_right, last_left + 1), len(widths))


def _merged(sheet: Worksheet, row: int, span: tuple[int, int], text: str, font: Font) -> None:
    first, last = span
    put(sheet, row, first, text, font=font, alignment=CENTRED)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _cells(sheet: Worksheet, row: int, columns, values: dict, **style) -> None:
    lines = 1
    for number, column in enumerate(columns, start=1):
        value = column.shown(values.get(column.key))
        look = {"number_format": column.number_format} if column.number_format else {}
        put(sheet, row, number, value, **{"font": BOOK_FONT} | look | style)
        if isinstance(value, str):
            lines = max(lines, ceil(len(value) / (column.width * CHARACTERS_PER_WIDTH)))
    if lines > 1:
        # Spreadsheets do not grow a row for the text they wrap when they open a file.
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT


def _summary_sheet(sheet: Worksheet, report: Report) -> None:
    row = _heading(sheet, report, SUMMARY_COLUMNS)
    for level in report.levels:
        put(sheet, row, 1, f"{level.name} ({len(level.rows)} đơn vị)", font=BOOK_BOLD)
        for number in range(1, len(SUMMARY_COLUMNS) + 1):
            sheet.cell(row=row, column=number).fill = AREA_FILL
        row += 1
        for result in level.rows:
            _cells(sheet, row, SUMMARY_COLUMNS, vars(result), alignment=WRAP)
            row += 1
        if level.mean_index is not None:  # a historical year may not have published it
            mean = {"unit_name": "Chỉ số trung bình", "index": level.mean_index}
            _cells(sheet, row, SUMMARY_COLUMNS, mean, font=BOOK_BOLD)
            row += 1
        row += 1


def _unit_sheet(sheet: Worksheet, report: Report, level: LevelRows, result: ResultRow) -> None:
    summary = f"Chỉ số cải cách hành chính năm {report.year} của {result.unit_name} ({level.name})"
    row = _heading(sheet, report, TREE_COLUMNS, summary=summary)
    for node in result.nodes:
        values = node | {key: node_shown(node, key) for key in NODE_NUMBERS}
        style = {"font": BOOK_BOLD, "fill": AREA_FILL} if node["depth"] == 0 else {}
        _cells(sheet, row, TREE_COLUMNS, values, alignment=WRAP, **style)
        sheet.cell(row=row, column=2).alignment = INDENTED[min(node["depth"], len(INDENTED) - 1)]
        row += 1
    row += 1
    figures = vars(result)
    for column in (*FIGURES, RANK, CLASS):
        put(sheet, row, 2, column.header, font=BOOK_BOLD)
        style = {"number_format": column.number_format} if column.number_format else {}
        put(sheet, row, 6, column.shown(figures[column.key]), font=BOOK_BOLD, **style)
        row += 1


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Open data


def _open_rows(report: Report) -> Iterator[tuple[dict, ResultRow]]:
    for level in report.levels:
        for result in level.rows:
            values = {"year": report.year, "version": report.version}
            values |= {"level": level.name, "level_code": level.code}
            values |= {"unit_code": result.unit_code, "unit_name": result.unit_name}
            values |= {column.key: getattr(result, column.key) for column in FIGURES}
            values |= {"rank": result.rank, "classification": result.classification}
            yield values, result


# What a spreadsheet takes for a formula at the start of a CSV field (OWASP's list).
CSV_FORMULA_STARTS = (*FORMULA_STARTS, "\t", "\r")


def open_data_csv(publication: Publication) -> bytes:
    """One row per unit, UTF-8 with a BOM (so that Excel reads the Vietnamese), decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_DATA_FIELDS)
    for values, _result in _open_rows(published_report(publication)):
        writer.writerow(_csv_text(values[key]) for key in OPEN_DATA_FIELDS)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: object) -> str:
    """A figure with a decimal point; text starting like a formula (a unit named "=…") behind an
    apostrophe, so that a spreadsheet opening the file shows it instead of computing it."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value)
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


def open_data_json(publication: Publication) -> bytes:
    """The CSV's rows with each unit's nodes, under a small header (title, year, version,
    published_at, the approving decision, notice)."""
    units = []
    for values, result in _open_rows(published_report(publication)):
        unit = {
            key: _number(value) if isinstance(value, Decimal) else value
            for key, value in values.items()
        }
        nodes = [node | {key: _number(node[key]) for key in NODE_NUMBERS} for node in result.nodes]
        units.append(unit | {"nodes": nodes})
    document = {
        "title": publication.title,
        "year": publication.year,
        "version": publication.version,
        "published_at": local(publication.published_at).isoformat(timespec="seconds"),
        "decision": _decision(publication),
        "notice": NOTICE,
        "units": units,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _decision(publication: Publication) -> dict | None:
    """The approving decision, as far as it is known (null: none recorded); a historical year
    has only its source's words for it ("text")."""
    fields = {
        "number": publication.decision_number,
        "date": publication.decision_date.isoformat() if publication.decision_date else "",
        "by": publication.decision_by,
        "signer": publication.decision_signer,
        "signer_position": publication.decision_signer_position,
        "text": publication.decision,
    }
    if not any(fields.values()):
        return None
    return {key: value or None for key, value in fields.items()}


def _number(value: Decimal | str | None) -> float | None:
    # Points have at most 12 significant digits, so the float's shortest text is exactly the
    # decimal's ("3.25", "40.63"): the JSON carries the exact value as a plain number.
    return None if value is None or value == "" else float(value)


def open_data_xlsx(publication: Publication) -> bytes:
    """The CSV's table as a workbook: one header row of the same names, one row per unit and
    numbers as numbers, so that tools read it as they read the CSV; people print `ket-qua.xlsx`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = OPEN_DATA_SHEET
    for number, key in enumerate(OPEN_DATA_FIELDS, start=1):
        put(sheet, 1, number, key, font=HEADER_FONT)
    for row, (values, _result) in enumerate(_open_rows(published_report(publication)), start=2):
        for number, key in enumerate(OPEN_DATA_FIELDS, start=1):
            put(sheet, row, number, values[key])
    sheet.freeze_panes = "A2"
    return _saved(workbook)
