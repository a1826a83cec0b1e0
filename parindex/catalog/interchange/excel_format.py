"""The criteria set as an Excel workbook that Sở Nội vụ staff fill in without a developer.

Sheets: "Hướng dẫn" (how to fill it in), "Bộ tiêu chí" (the set's own values, then the
classification bands) and "Tiêu chí" (one row per node in tree order; the code gives the tree).
Sheet names, headers and drop-down words are part of the file format and are never translated: a
workbook written in an English session must read back in a Vietnamese one.
"""

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

import openpyxl
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.numbers import NumberError, parse_number
from parindex.core.text import fold, nfc, vietnamese
from parindex.core.workbooks import (
    AREA_FILL,
    HEADER_FILL,
    HEADER_FONT,
    Cell,
    WorkbookError,
    expect_numbers,
    put,
    read_sheets,
)
from parindex.scoring.criteria import CriteriaError, Node, Problem, Rule, show
from parindex.scoring.criteria import CriteriaSet as Spec
from parindex.scoring.criteria_format import FORMAT

from ..models import CriteriaSet, Criterion
from ..rules_text import RULE_KIND_LABELS
from .excel_help import SECTION, TITLE, help_rows
from .store import CODE_LENGTH  # the stored length; it also bounds how deep the tree can go

HELP_SHEET, SET_SHEET, NODE_SHEET = "Hướng dẫn", "Bộ tiêu chí", "Tiêu chí"
CLASS_HEADER, CLASS_MIN = "Xếp loại", "Chỉ số tối thiểu (%)"
VALIDATED_ROWS = 2000  # drop-downs reach this row; a province annex has about 100 nodes


def _words(choices: Iterable[tuple[str, str | Promise]]) -> dict[str, str]:
    """Format value → drop-down word: the choice's Vietnamese label (never translated) up to a
    comma, since Excel separates a drop-down's words with commas: the method "Tự chấm, thẩm định"
    is written "Tự chấm". The values are plain strings, as the format's mapping holds them."""
    return {str(value): vietnamese(label).split(",")[0] for value, label in choices}


METHODS = _words(Criterion.Method.choices)
EVIDENCE = _words(Criterion.Evidence.choices)
SUGGESTIONS = _words(Criterion.SuggestFrom.choices)
KINDS = _words(RULE_KIND_LABELS.items())
# The file's own words: the node editor offers "Coi như không áp dụng" and a third, empty choice.
ZERO_DENOMINATOR = {"full_points": "Tính đủ điểm", "not_applicable": "Tính là không áp dụng"}
NOT_APPLICABLE = _words(CriteriaSet.NotApplicablePolicy.choices)
YES, NO = "Có", "Không"


@dataclass(frozen=True, eq=False)  # identity: columns are constants and serve as dict keys
class Column:
    """One column of "Tiêu chí", or one row of "Bộ tiêu chí": a key of the format."""

    key: str
    header: str
    kind: str = "text"  # text | code | number | year | flag | choice | levels | bands
    width: int = 20
    choices: Mapping[str, str] = field(default_factory=dict)  # format value -> word shown


NODE_COLUMNS = (
    Column("code", "Mã", "code", 10),
    Column("title", "Tên tiêu chí", "text", 55),
    Column("field", "Lĩnh vực (mã)", "code", 12),
    Column("max_points", "Điểm tối đa", "number", 10),
    Column("method", "Phương thức chấm", "choice", 20, METHODS),
    Column("evidence", "Tài liệu kiểm chứng", "choice", 16, EVIDENCE),
    Column("evidence_hint", "Gợi ý tài liệu kiểm chứng", "text", 40),
    Column("guidance", "Hướng dẫn chấm", "text", 50),
    Column("not_applicable_allowed", "Được đánh dấu không áp dụng", "flag", 14),
    Column("suggest_from", "Gợi ý từ dữ liệu hệ thống", "choice", 24, SUGGESTIONS),
    Column("kind", "Cách chấm", "choice", 24, KINDS),
    Column("levels", "Các mức (tên mức = điểm)", "levels", 45),
    Column("bands", "Các ngưỡng (tỷ lệ % tối thiểu = điểm)", "bands", 22),
    Column("numerator", "Tử số", "text", 30),
    Column("denominator", "Mẫu số", "text", 30),
    Column("zero_denominator", "Khi mẫu số bằng 0", "choice", 20, ZERO_DENOMINATOR),
    Column("item_label", "Trường hợp bị trừ điểm", "text", 28),
    Column("per_item", "Điểm trừ mỗi trường hợp", "number", 14),
    Column("step", "Bước chấm", "number", 10),
    Column("cap", "Mức tối đa (thưởng/trừ)", "number", 14),
)
REQUIRED_COLUMNS = ("code", "title", "max_points")
NODE_KEYS = ("code", "title", "field", "max_points", "method", "evidence", "evidence_hint")
NODE_KEYS += ("guidance", "not_applicable_allowed", "suggest_from")
RULE_KEYS = ("kind", "levels", "bands", "numerator", "denominator", "zero_denominator")
RULE_KEYS += ("item_label", "per_item", "step", "cap")
SET_ROWS = (
    Column("title", "Tên bộ tiêu chí"),
    Column("level", "Cấp đơn vị (mã)", "code"),
    Column("year", "Năm", "year"),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column("illustrative", "Bản minh họa", "flag"),
    Column("max_points", "Tổng điểm tối đa", "number"),
    Column("not_applicable", "Tiêu chí không áp dụng", "choice", choices=NOT_APPLICABLE),
)
CLASS_COLUMNS = (Column("label", CLASS_HEADER), Column("min", CLASS_MIN, "number"))

WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------------------------------------
# Writing


def _dropdown(ws: Worksheet, choices: list[str], cells: str) -> None:
    validation = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(choices)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Giá trị không hợp lệ"),
        error=_("Chọn một giá trị trong danh sách."),
    )
    validation.add(cells)
    ws.add_data_validation(validation)


def _choices(column: Column) -> list[str]:
    return [YES, NO] if column.kind == "flag" else list(column.choices.values())


def _help_sheet(ws: Worksheet) -> None:
    for column, width in zip("ABC", (30, 90, 45), strict=True):
        ws.column_dimensions[column].width = width
    for row, (style, term, text, example) in enumerate(help_rows(), start=1):
        look = {"alignment": WRAP}
        if style in (TITLE, SECTION):
            look["font"] = Font(bold=True, size=14 if style == TITLE else 12)
        for column, value in enumerate((term, text, example), start=1):
            put(ws, row, column, value or None, **look)


def _set_sheet(ws: Worksheet) -> None:
    for column, (header, width) in enumerate(((_("Thông tin"), 32), (_("Giá trị"), 70)), start=1):
        put(ws, 1, column, header, font=HEADER_FONT, fill=HEADER_FILL)
        ws.column_dimensions["AB"[column - 1]].width = width
    for row, item in enumerate(SET_ROWS, start=2):
        put(ws, row, 1, item.header, font=HEADER_FONT)
        ws.cell(row=row, column=2).alignment = WRAP
        if item.kind in ("flag", "choice"):
            _dropdown(ws, _choices(item), f"B{row}")
        if item.kind == "number":
            expect_numbers(ws, f"B{row}", signed=True)
    class_row = len(SET_ROWS) + 3
    for column, item in enumerate(CLASS_COLUMNS, start=1):
        put(ws, class_row, column, item.header, font=HEADER_FONT, fill=HEADER_FILL)
    expect_numbers(ws, f"B{class_row + 1}:B{class_row + 50}", signed=True)
    ws.freeze_panes = "A2"


def _node_sheet(ws: Worksheet) -> None:
    for number, column in enumerate(NODE_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(number)
        put(ws, 1, number, column.header, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        # Typed into a text column, 1.10 stays "1.10" instead of becoming 1.1 or 1 October.
        if column.kind == "code":
            dimension.number_format = "@"
        if column.kind in ("flag", "choice"):
            _dropdown(ws, _choices(column), f"{letter}2:{letter}{VALIDATED_ROWS}")
        if column.kind == "number":
            expect_numbers(ws, f"{letter}2:{letter}{VALIDATED_ROWS}", signed=True)
    ws.freeze_panes = "C2"  # the header, and the code and title while scrolling right


def _workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    help_sheet = workbook.active
    help_sheet.title = HELP_SHEET
    _help_sheet(help_sheet)
    _set_sheet(workbook.create_sheet(SET_SHEET))
    _node_sheet(workbook.create_sheet(NODE_SHEET))
    return workbook


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def blank_template() -> bytes:
    """The empty workbook: instructions, headers and drop-downs, no data."""
    return _saved(_workbook())


def _shown(column: Column, value: object) -> object:
    if column.kind == "flag":
        return YES if value else NO
    if column.kind == "choice":
        return column.choices.get(value, value)
    return value


def _rule_values(rule: Rule) -> dict[str, object]:
    return {
        "kind": rule.kind,
        "levels": "\n".join(f"{level.label} = {show(level.points)}" for level in rule.levels),
        "bands": "\n".join(f"{show(band.min)} = {show(band.points)}" for band in rule.bands),
        "numerator": rule.numerator,
        "denominator": rule.denominator,
        "zero_denominator": rule.zero_denominator,
        "item_label": rule.item_label,
        "per_item": rule.per_item,
        "step": rule.step,
        "cap": rule.cap,
    }


def _node_values(node: Node) -> dict[str, object]:
    values = {key: getattr(node, key) for key in NODE_KEYS}
    if not node.is_leaf and not node.not_applicable_allowed:
        values["not_applicable_allowed"] = None  # "Không" on an area row would only be noise
    return values | (_rule_values(node.rule) if node.rule else {})


def _write_nodes(ws: Worksheet, cs: Spec) -> None:
    stack = [(node, 0) for node in reversed(cs.nodes)]
    row = 2
    while stack:
        node, depth = stack.pop()
        values = _node_values(node)
        for number, column in enumerate(NODE_COLUMNS, start=1):
            value = values.get(column.key)
            indent = depth if column.key == "title" else 0
            style = {"alignment": Alignment(wrap_text=True, vertical="top", indent=indent)}
            if column.kind == "code":
                style["number_format"] = "@"  # an edited 1.10 stays text here too
            if depth == 0:  # an area's row stands out across the whole width
                style |= {"font": HEADER_FONT, "fill": AREA_FILL}
            if value not in (None, "") or depth == 0:
                put(ws, row, number, None if value == "" else _shown(column, value), **style)
        stack += [(child, depth + 1) for child in reversed(node.children)]
        row += 1


def write_xlsx(cs: Spec) -> bytes:
    """The set in the workbook template; `read_xlsx` gives back the same set."""
    workbook = _workbook()
    sheet = workbook[SET_SHEET]
    for row, item in enumerate(SET_ROWS, start=2):
        value = getattr(cs, item.key)
        if value not in (None, ""):
            put(sheet, row, 2, _shown(item, value), alignment=WRAP)
    for row, band in enumerate(cs.classification, start=len(SET_ROWS) + 4):
        put(sheet, row, 1, band.label)
        put(sheet, row, 2, band.min)
    _write_nodes(workbook[NODE_SHEET], cs)
    return _saved(workbook)


# ---------------------------------------------------------------------------------------------
# Reading


class _BadCell(Exception):
    """A cell the reader cannot turn into a value of its column; the message names the column."""


def _what(column: Column, sheet: str) -> str:
    # Columns of "Tiêu chí" and of the classification table are columns; "Bộ tiêu chí" has rows.
    if sheet == SET_SHEET and column in SET_ROWS:
        return f"'{column.header}'"
    return _("cột '%(name)s'") % {"name": column.header}


def _text(value: object, what: str) -> str:
    if isinstance(value, date | time):
        raise _BadCell(
            _("%(what)s bị Excel đổi thành ngày tháng; định dạng ô là Văn bản rồi nhập lại")
            % {"what": what}
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def _number(value: object, label: str) -> Decimal:
    # Signed: the engine's validation names the rule a negative number breaks.
    try:
        return parse_number(value, signed=True)
    except NumberError as error:
        raise _BadCell(error.message(label, cell=value)) from None


def _token(value: object, what: str, choices: Mapping[object, str]) -> object:
    folded = fold(_text(value, what))
    for key, word in choices.items():
        if folded in (fold(word), fold(str(key))):
            return key
    raise _BadCell(
        _("%(what)s: “%(value)s” không hợp lệ; chọn một trong: %(choices)s")
        % {"what": what, "value": value, "choices": ", ".join(choices.values())}
    )


def _pairs(value: object, what: str, first: str) -> list[dict]:
    pairs = []
    for number, line in enumerate(_text(value, what).splitlines(), start=1):
        if not line.strip():
            continue
        left, equals, right = line.rpartition("=")
        if first == "min":
            left = left.strip().removeprefix("≥").removeprefix(">=").removesuffix("%")
        try:
            if not equals or not left.strip():
                raise _BadCell
            pair = {first: left.strip(), "points": _number(right, what)}
            if first == "min":
                pair["min"] = _number(pair["min"], what)
        except _BadCell:
            example = _("tên mức = điểm") if first == "label" else _("tỷ lệ tối thiểu = điểm")
            raise _BadCell(
                _("%(what)s, dòng %(line)d trong ô: cần dạng “%(example)s”")
                % {"what": what, "line": number, "example": example}
            ) from None
        pairs.append(pair)
    return pairs


def _year(value: object, what: str) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else _text(value, what).strip()


READERS: dict[str, Callable[[object, str, Column], object]] = {
    "text": lambda value, what, column: _text(value, what),
    "code": lambda value, what, column: _text(value, what).strip(),
    "number": lambda value, what, column: _number(value, column.header),
    "year": lambda value, what, column: _year(value, what),
    "flag": lambda value, what, column: _token(value, what, {True: YES, False: NO}),
    "choice": lambda value, what, column: _token(value, what, column.choices),
    "levels": lambda value, what, column: _pairs(value, what, "label"),
    "bands": lambda value, what, column: _pairs(value, what, "min"),
}

BLANK: Cell = (None, "n")


def _load_sheets(data: bytes) -> dict[str, list[list[Cell]]]:
    try:
        sheets = read_sheets(data)
    except WorkbookError as error:
        raise CriteriaError([Problem("", error.message)]) from None
    missing = [name for name in (SET_SHEET, NODE_SHEET) if name not in sheets]
    if missing:
        message = _("Tệp Excel thiếu trang tính %(names)s; hãy dùng mẫu Excel của phần mềm.")
        names = ", ".join(f"'{name}'" for name in missing)
        raise CriteriaError([Problem("", message % {"names": names})])
    return sheets


def _blank(cell: Cell) -> bool:
    value = cell[0]
    return value is None or (isinstance(value, str) and not value.strip())


def _where(sheet: str, row: int, code: str | None = None) -> str:
    if code:
        return _("%(sheet)s, dòng %(row)d (mã %(code)s)") % {
            "sheet": sheet,
            "row": row,
            "code": code,
        }
    return _("%(sheet)s, dòng %(row)d") % {"sheet": sheet, "row": row}


def _value(
    cell: Cell, column: Column, problems: list[Problem], *, sheet: str, row: int, code: str | None
) -> object:
    """The cell's value for its column, or None when blank or unreadable (a problem is added)."""
    value, data_type = cell
    what = _what(column, sheet)
    try:
        if data_type == "f":
            raise _BadCell(
                _("%(what)s chứa công thức; hãy nhập giá trị, không dùng công thức")
                % {"what": what}
            )
        if data_type == "e":
            raise _BadCell(_("%(what)s có lỗi %(value)s") % {"what": what, "value": value})
        return None if _blank(cell) else READERS[column.kind](value, what, column)
    except _BadCell as error:
        problems.append(Problem("", f"{_where(sheet, row, code)}: {error}"))
        return None


def _read_set(rows: list[list[Cell]], problems: list[Problem]) -> dict:
    by_header = {item.header: item for item in SET_ROWS}
    doc: dict = {}
    bands: list[dict] = []
    in_bands = False
    for number, row in enumerate(rows, start=1):
        first, second = [*row, BLANK, BLANK][:2]
        header = nfc(str(first[0])).strip() if first[0] is not None else ""
        place = {"sheet": SET_SHEET, "row": number, "code": None}
        if in_bands and not (_blank(first) and _blank(second)):
            band = {"label": _value(first, CLASS_COLUMNS[0], problems, **place) or ""}
            low = _value(second, CLASS_COLUMNS[1], problems, **place)
            bands.append(band if low is None else band | {"min": low})
        elif header == CLASS_HEADER:
            in_bands = True
        elif header in by_header:
            value = _value(second, by_header[header], problems, **place)
            if value is not None:
                doc[by_header[header].key] = value
    return doc | {"classification": bands}


def _header_map(header: list[Cell], problems: list[Problem]) -> dict[Column, int] | None:
    texts = {nfc(str(value)).strip(): index for index, (value, _t) in enumerate(header) if value}
    columns = {column: texts[column.header] for column in NODE_COLUMNS if column.header in texts}
    missing = [c.header for c in NODE_COLUMNS if c.key in REQUIRED_COLUMNS and c not in columns]
    if not missing:
        return columns
    names = ", ".join(f"'{name}'" for name in missing)
    message = _("%(sheet)s, dòng 1: thiếu cột %(names)s") % {"sheet": NODE_SHEET, "names": names}
    problems.append(Problem("", message))
    return None


def _read_node_row(
    row: list[Cell], number: int, columns: dict[Column, int], problems: list[Problem]
) -> dict | None:
    cells = {column: row[i] if i < len(row) else BLANK for column, i in columns.items()}
    if all(_blank(cell) for cell in cells.values()):
        return None
    code_column = NODE_COLUMNS[0]
    place = {"sheet": NODE_SHEET, "row": number}
    before = len(problems)
    code = _value(cells[code_column], code_column, problems, **place, code=None)
    code_read = len(problems) == before  # else its problem is already reported
    values = {
        column.key: _value(cell, column, problems, **place, code=code)
        for column, cell in cells.items()
        if column is not code_column
    }
    if not code or len(code) > CODE_LENGTH:
        if code_read:
            message = (
                _("thiếu mã") if not code else _("mã dài quá %(n)d ký tự") % {"n": CODE_LENGTH}
            )
            problems.append(Problem("", f"{_where(NODE_SHEET, number, code)}: {message}"))
        return None
    node = {"code": code} | {
        key: values[key] for key in NODE_KEYS[1:] if values.get(key) is not None
    }
    rule = {key: values[key] for key in RULE_KEYS if values.get(key) is not None}
    if rule:
        # A parameter without a kind still goes through, so the engine names what is missing.
        node["rule"] = {"kind": ""} | rule
    return node


def _read_nodes(rows: list[list[Cell]], problems: list[Problem]) -> list[dict]:
    columns = _header_map(rows[0] if rows else [], problems)
    if columns is None:
        return []
    roots: list[dict] = []
    by_code: dict[str, dict] = {}
    for number, row in enumerate(rows[1:], start=2):
        node = _read_node_row(row, number, columns, problems)
        if node is None:
            continue
        parent, dot, _own = node["code"].rpartition(".")
        if not dot:
            roots.append(node)
        elif parent in by_code:
            by_code[parent].setdefault("children", []).append(node)
        else:
            message = _("không tìm thấy tiêu chí cha “%(parent)s” ở các dòng phía trên")
            where = _where(NODE_SHEET, number, node["code"])
            problems.append(Problem("", f"{where}: {message % {'parent': parent}}"))
            continue
        by_code[node["code"]] = node
    return roots


def read_xlsx(data: bytes) -> dict:
    """The `parindex.criteria/1` mapping of a workbook made from the template; parse_criteria then
    validates it. Raises CriteriaError, each problem naming its sheet and row, for a file that is
    not such a workbook or a cell that cannot be read as its column requires."""
    sheets = _load_sheets(data)
    problems: list[Problem] = []
    doc = {"format": FORMAT} | _read_set(sheets[SET_SHEET], problems)
    doc["nodes"] = _read_nodes(sheets[NODE_SHEET], problems)
    if problems:
        raise CriteriaError(problems)
    return doc
