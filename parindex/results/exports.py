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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import openpyxl
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from parindex.assessments.models import AssessmentPeriod
from parindex.catalog.interchange.excel_format import AREA_FILL, HEADER_FILL, HEADER_FONT
from parindex.core.numbers import number_text
from parindex.core.workbooks import put

from . import publishing
from .models import Publication, PublishedResult

PREVIEW = "Bản xem trước – chưa công bố"
NOTICE = (
    "Kết quả Chỉ số cải cách hành chính đã công bố chính thức. Được tự do sử dụng, chia sẻ khi "
    "ghi rõ nguồn. Số thập phân dùng dấu chấm; điểm là giá trị chính xác, chỉ số làm tròn 2 chữ "
    "số thập phân."
)
SUMMARY_SHEET = "Tổng hợp"
OPEN_DATA_SHEET = "Dữ liệu"
POINTS_FORMAT = "0.00"  # Excel shows it with the decimal separator of the reader's locale
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE_FONT = Font(bold=True, size=14)
STATUS_FONT = Font(bold=True, color="C00000")
# Excel refuses these in sheet names, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


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
    # {"code", "title", "depth", "leaf", "method", "max", "self", "round1", "final", "index",
    # "comment"} per node in tree order, numbers as exact decimal strings; empty for history.
    nodes: list[dict]


@dataclass(frozen=True)
class LevelRows:
    name: str
    code: str
    mean_index: Decimal | None
    areas: list[dict]  # {"code", "title", "max", "mean_index"}, numbers as decimal strings
    units_ranked: int  # as published: a historical year may rank units it has no row for
    rows: list[ResultRow]


@dataclass(frozen=True)
class Report:
    title: str
    year: int
    version: int | None  # None: a preview, not published
    moment: datetime  # published at, or computed at (a preview); in Vietnam's time
    levels: list[LevelRows]

    @property
    def status(self) -> str:
        if self.version is None:
            return f"{PREVIEW} – số liệu lúc {self.moment:%H:%M} ngày {self.moment:%d/%m/%Y}"
        return f"Phiên bản {self.version} – công bố ngày {self.moment:%d/%m/%Y}"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    number_format: str | None = None


FIGURES = (
    Column("self_total", "Điểm tự chấm", 11, POINTS_FORMAT),
    Column("appraised_points", "Điểm thẩm định", 11, POINTS_FORMAT),
    Column("survey_points", "Điểm điều tra XHH", 11, POINTS_FORMAT),
    Column("bonus", "Điểm thưởng", 10, POINTS_FORMAT),
    Column("penalty", "Điểm trừ", 10, POINTS_FORMAT),
    Column("total", "Tổng điểm", 11, POINTS_FORMAT),
    Column("max_points", "Điểm tối đa", 11, POINTS_FORMAT),
    Column("index", "Chỉ số (%)", 10, POINTS_FORMAT),
)
RANK = Column("rank", "Xếp hạng", 9, "0")
CLASS = Column("classification", "Xếp loại", 14)
SUMMARY_COLUMNS = (RANK, Column("unit_name", "Đơn vị", 40), *FIGURES, CLASS)
TREE_COLUMNS = (
    Column("code", "Mã", 9),
    Column("title", "Tiêu chí", 60),
    Column("max", "Điểm tối đa", 10, POINTS_FORMAT),
    Column("self", "Tự chấm", 10, POINTS_FORMAT),
    Column("round1", "Thẩm định vòng 1", 11, POINTS_FORMAT),
    Column("final", "Kết quả thẩm định", 11, POINTS_FORMAT),
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
# Sources


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def published_report(publication: Publication) -> Report:
    """The publication's snapshot. Two queries whatever the number of units."""
    blocks = {block.level_id: block for block in publication.levels.all()}
    by_level: dict[int, list] = {}
    results = publication.results.select_related("unit", "level")
    for result in sorted(results, key=PublishedResult.ranking_key):
        by_level.setdefault(result.level_id, []).append(result)
    levels = []
    for found in sorted(by_level.values(), key=lambda rs: (rs[0].level.order, rs[0].level.code)):
        level, block = found[0].level, blocks.get(found[0].level_id)
        levels.append(
            LevelRows(
                name=block.level_name if block else level.name,
                code=level.code,
                mean_index=block.mean_index if block else None,
                areas=block.areas if block else [],
                units_ranked=block.units_ranked if block else _ranked(found),
                rows=[result_row(result) for result in found],
            )
        )
    return report_of(publication, levels)


def report_of(publication: Publication, levels: list[LevelRows]) -> Report:
    return Report(
        title=publication.title,
        year=publication.year,
        version=publication.version,
        moment=_local(publication.published_at),
        levels=levels,
    )


def _ranked(rows) -> int:
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


def preview_report(period: AssessmentPeriod) -> Report:
    """The period's results as they would be published now (`publishing.compute`)."""
    levels = [
        LevelRows(
            name=block.level.name,
            code=block.level.code,
            mean_index=block.mean_index,
            areas=block.area_means(),
            units_ranked=_ranked(block.rows),
            rows=[result_row(publishing.snapshot(row)) for row in block.rows],
        )
        for block in publishing.compute(period)
    ]
    return Report(period.title, period.year, None, _local(timezone.now()), levels)


# ---------------------------------------------------------------------------------------------
# The printable workbook


def results_workbook(publication: Publication) -> bytes:
    """The publication as a workbook: "Tổng hợp", then one sheet per unit."""
    return _workbook(published_report(publication))


def preview_workbook(period: AssessmentPeriod) -> bytes:
    """The same workbook from the current data, marked as a preview on every sheet and page."""
    return _workbook(preview_report(period))


def _workbook(report: Report) -> bytes:
    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, report)
    taken = {SUMMARY_SHEET.casefold()}
    for level in report.levels:
        for row in level.rows:
            if row.nodes:
                sheet = workbook.create_sheet(_sheet_name(row.unit_name, taken))
                _unit_sheet(sheet, report, level, row)
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


def _heading(sheet: Worksheet, report: Report, title: str, columns: tuple[Column, ...]) -> int:
    """Title, status and the column headers, set up for printing; returns the next row."""
    put(sheet, 1, 1, title, font=TITLE_FONT)
    put(sheet, 2, 1, report.status, font=STATUS_FONT if report.version is None else HEADER_FONT)
    for number, column in enumerate(columns, start=1):
        put(sheet, 3, number, column.header, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = report.status
    sheet.oddFooter.center.text = "Trang &P/&N"
    return 4


def _cells(sheet: Worksheet, row: int, columns, values: dict, **style) -> None:
    for number, column in enumerate(columns, start=1):
        value = values.get(column.key)
        look = {"number_format": column.number_format} if column.number_format else {}
        put(sheet, row, number, value, **look | style)


def _summary_sheet(sheet: Worksheet, report: Report) -> None:
    row = _heading(sheet, report, report.title, SUMMARY_COLUMNS)
    for level in report.levels:
        put(sheet, row, 1, f"{level.name} ({len(level.rows)} đơn vị)", font=HEADER_FONT)
        for number in range(1, len(SUMMARY_COLUMNS) + 1):
            sheet.cell(row=row, column=number).fill = AREA_FILL
        row += 1
        for result in level.rows:
            _cells(sheet, row, SUMMARY_COLUMNS, vars(result), alignment=WRAP)
            row += 1
        mean = {"unit_name": "Chỉ số trung bình", "index": level.mean_index}
        _cells(sheet, row, SUMMARY_COLUMNS, mean, font=HEADER_FONT)
        row += 2


def _unit_sheet(sheet: Worksheet, report: Report, level: LevelRows, result: ResultRow) -> None:
    title = f"{result.unit_name} – {report.title} ({level.name})"
    row = _heading(sheet, report, title, TREE_COLUMNS)
    for node in result.nodes:
        values = node | {key: _decimal(node[key]) for key in NODE_NUMBERS}
        style = {"font": HEADER_FONT, "fill": AREA_FILL} if node["depth"] == 0 else {}
        _cells(sheet, row, TREE_COLUMNS, values, alignment=WRAP, **style)
        sheet.cell(row=row, column=2).alignment = Alignment(
            wrap_text=True, vertical="top", indent=node["depth"]
        )
        row += 1
    row += 1
    figures = vars(result)
    for column in (*FIGURES, RANK, CLASS):
        put(sheet, row, 2, column.header, font=HEADER_FONT)
        style = {"number_format": column.number_format} if column.number_format else {}
        put(sheet, row, 6, figures[column.key], font=HEADER_FONT, **style)
        row += 1


def _decimal(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


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


def open_data_csv(publication: Publication) -> bytes:
    """One row per unit, UTF-8 with a BOM (so that Excel reads the Vietnamese), decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_DATA_FIELDS)
    for values, _result in _open_rows(published_report(publication)):
        writer.writerow(_csv_text(values[key]) for key in OPEN_DATA_FIELDS)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    return number_text(value) if isinstance(value, Decimal) else str(value)


def open_data_json(publication: Publication) -> bytes:
    """The CSV's rows with each unit's nodes, under a small header (title, year, version,
    published_at, notice)."""
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
        "published_at": _local(publication.published_at).isoformat(timespec="seconds"),
        "notice": NOTICE,
        "units": units,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


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
