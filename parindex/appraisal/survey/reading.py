"""Reading a filled-in survey workbook: every row checked against the period's units and survey
leaves, the rule's inputs read as the forms read them and scored by the engine; every problem
reported with its row."""

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from parindex.assessments.models import UnitAssessment
from parindex.assessments.scorecard import read_inputs
from parindex.catalog.models import Criterion
from parindex.catalog.rules_text import RULE_KIND_LABELS
from parindex.core.dates import moment_text
from parindex.core.numbers import NumberError, number_text, parse_number
from parindex.core.text import nfc
from parindex.core.workbooks import Cell, WorkbookError, read_sheets
from parindex.scoring import EntryError, Node, leaf_points
from parindex.scoring.answers import INPUT_KEYS

from ..models import SurveyImport, SurveyScore, UnitAppraisal
from .sheet import (
    BASE_SHEET,
    BLANK,
    DECIMALS,
    HEADERS,
    INPUTS,
    LIMIT,
    SHEET,
    ZIP_MAGIC,
    BadCell,
    RowError,
    Scope,
    Score,
    SurveyImportError,
)


def _refused(reason: str) -> SurveyImportError:
    return SurveyImportError([RowError(None, reason)])


def _not_xlsx() -> SurveyImportError:
    return _refused(
        _("Tệp không phải là tệp Excel (.xlsx) hợp lệ; hãy dùng mẫu tải về từ trang này.")
    )


def upload_bytes(uploaded_file) -> bytes:
    limit = settings.CRITERIA_UPLOAD_MAX_BYTES
    if uploaded_file.size > limit:
        raise _refused(_("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": limit // (1024 * 1024)})
    if PurePath(uploaded_file.name).suffix.lower() != ".xlsx":
        raise _refused(
            _("Chỉ nhận tệp Excel (.xlsx); tệp “%(name)s” không phải loại này.")
            % {"name": uploaded_file.name}
        )
    data = uploaded_file.read()
    if not data.startswith(ZIP_MAGIC):
        raise _not_xlsx()
    return data


def sheet_rows(data: bytes) -> tuple[list[list[Cell]], int | None]:
    """The points sheet's rows, and the import the template was made from (None if unknown)."""
    try:
        sheets = read_sheets(data)
    except WorkbookError as error:
        raise _refused(error.message) from None
    if not sheets:
        raise _not_xlsx()
    base = sheets.get(BASE_SHEET, [[]])
    value = base[0][1][0] if base and len(base[0]) > 1 else None
    return sheets.get(SHEET) or next(iter(sheets.values())), (
        int(value) if isinstance(value, int | float) else None
    )


def stale(previous: SurveyImport | None, base: int | None) -> list[RowError]:
    if previous is None or base == previous.pk:
        return []
    return [
        RowError(
            None,
            _(
                "Tệp được lập từ mẫu cũ: sau đó đã có lần nhập “%(file)s” của %(who)s lúc "
                "%(at)s. Để không xóa mất các điểm đó, hãy tải mẫu mới từ trang này, điền lại "
                "rồi nhập."
            )
            % {
                "file": previous.file_name,
                "who": previous.imported_by.full_name,
                "at": moment_text(previous.imported_at),
            },
        )
    ]


def changes(previous_scores: list[SurveyScore], scores: list[Score]) -> list[dict]:
    """Per unit and item, the survey points before → after (for the audit trail)."""
    before = {(row.assessment.unit.code, row.criterion.code): row for row in previous_scores}
    codes = {row.criterion_id: row.criterion.code for row in previous_scores}
    codes |= dict(
        Criterion.objects.filter(pk__in={score.criterion_id for score in scores}).values_list(
            "pk", "code"
        )
    )
    after = {(score.assessment.unit.code, codes[score.criterion_id]): score for score in scores}
    changed = []
    for unit, code in sorted(before.keys() | after.keys()):
        old = before[unit, code].survey_points if (unit, code) in before else None
        new = after[unit, code].points if (unit, code) in after else None
        if old != new:
            changed.append(
                {
                    "unit": unit,
                    "criterion": code,
                    "old": None if old is None else number_text(old),
                    "new": None if new is None else number_text(new),
                }
            )
    return changed


def _header(rows: list[list[Cell]]) -> tuple[int, dict[str, int]]:
    """The header row's index and each known column's position (the user may reorder them)."""
    by_header = {header: key for key, header in HEADERS.items()}
    for index, row in enumerate(rows[:10]):
        texts = [nfc(str(value)).strip() if value is not None else "" for value, _t in row]
        columns = {by_header[t]: i for i, t in enumerate(texts) if t in by_header}
        if "unit" in columns and "code" in columns:
            return index, columns
    message = _(
        "Không tìm thấy dòng tiêu đề có cột “%(unit)s” và “%(code)s”; hãy dùng mẫu tải về từ "
        "trang này."
    )
    raise _refused(message % {"unit": HEADERS["unit"], "code": HEADERS["code"]})


def _blank(cell: Cell) -> bool:
    value = cell[0]
    return value is None or (isinstance(value, str) and not value.strip())


def _check_cell(cell: Cell, column: str) -> None:
    value, data_type = cell
    if data_type == "f":
        raise BadCell(
            _("cột “%(column)s” chứa công thức; hãy nhập (hoặc dán) giá trị") % {"column": column}
        )
    if data_type == "e":
        raise BadCell(_("cột “%(column)s” có lỗi %(value)s") % {"column": column, "value": value})


def _code(cell: Cell, key: str) -> str:
    _check_cell(cell, HEADERS[key])
    value = cell[0]
    if isinstance(value, date | time):
        raise BadCell(
            _("cột “%(column)s” bị Excel đổi thành ngày tháng; định dạng ô là Văn bản rồi nhập lại")
            % {"column": HEADERS[key]}
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else nfc(str(value)).strip()


def _number(cell: Cell, key: str) -> Decimal:
    """A number cell, or text as the forms read it (2.000 · 1.234,5 · 0,5)."""
    column = HEADERS[key]
    _check_cell(cell, column)
    value = cell[0]
    try:
        number = parse_number(value)
    except NumberError as error:
        raise BadCell(error.message(column, cell=value)) from None
    if number.as_tuple().exponent < -DECIMALS:
        raise BadCell(
            _("cột “%(column)s”: “%(value)s” có quá %(n)d chữ số thập phân")
            % {"column": column, "value": value, "n": DECIMALS}
        )
    if abs(number) >= LIMIT:
        raise BadCell(
            _("cột “%(column)s”: “%(value)s” quá lớn") % {"column": column, "value": value}
        )
    return number


def _inputs(leaf: Node, cells: dict[str, Cell]) -> tuple[dict[str, Decimal], list[str]]:
    """The row's inputs for the leaf's rule, and what is wrong with them."""
    needed = INPUT_KEYS[leaf.rule.kind]
    if not set(needed) <= set(INPUTS):
        kind = RULE_KIND_LABELS.get(leaf.rule.kind, leaf.rule.kind)
        return {}, [_("cách chấm “%(kind)s” không nhập được bằng tệp điều tra") % {"kind": kind}]
    values, reasons = {}, []
    for key in INPUTS:
        cell = cells[key]
        if key not in needed:
            if not _blank(cell):
                reasons.append(
                    _("tiêu chí này không dùng cột “%(column)s”; hãy để trống")
                    % {"column": HEADERS[key]}
                )
        elif _blank(cell):
            reasons.append(_("thiếu %(column)s") % {"column": HEADERS[key]})
        else:
            try:
                values[key] = _number(cell, key)
            except BadCell as error:
                reasons.append(str(error))
    return values, reasons


def _leaf(cells: dict[str, Cell], scope: Scope) -> tuple[UnitAssessment, Node]:
    """The row's unit in the period and its survey leaf; BadCell says why not."""
    unit_code, code = _code(cells["unit"], "unit"), _code(cells["code"], "code")
    if not unit_code:
        raise BadCell(_("thiếu mã đơn vị"))
    if not code:
        raise BadCell(_("thiếu mã tiêu chí"))
    assessment = scope.assessments.get(unit_code)
    if assessment is None:
        reason = (
            _("đơn vị “%(unit)s” không tham gia kỳ đánh giá này")
            if unit_code in scope.unit_codes
            else _("không có đơn vị mã “%(unit)s”")
        )
        raise BadCell(reason % {"unit": unit_code})
    leaf = scope.set_of(assessment).nodes.get(code)
    if leaf is None:
        raise BadCell(
            _("bộ tiêu chí của %(unit)s không có tiêu chí mã “%(code)s”")
            % {"unit": assessment.unit.name, "code": code}
        )
    if not leaf.is_leaf or leaf.method != "survey":
        raise BadCell(
            _("tiêu chí %(code)s không chấm bằng điều tra xã hội học") % {"code": leaf.code}
        )
    return assessment, leaf


def _read_row(
    number: int, cells: dict[str, Cell], scope: Scope, seen: dict[tuple[int, str], int]
) -> tuple[Score | None, list[str]]:
    try:
        assessment, leaf = _leaf(cells, scope)
    except BadCell as error:
        return None, [str(error)]
    key = (assessment.pk, leaf.code)
    if key in seen:
        return None, [_("trùng đơn vị và tiêu chí với dòng %(row)d") % {"row": seen[key]}]
    seen[key] = number
    values, reasons = _inputs(leaf, cells)
    if reasons:
        return None, reasons
    spec = scope.set_of(assessment).spec
    try:
        entry = read_inputs(leaf, values)
    except EntryError as error:
        return None, [error.message]
    points = leaf_points(leaf, entry, not_applicable_policy=spec.not_applicable).points
    criterion_id = scope.set_of(assessment).ids[leaf.code]
    return Score(number, assessment, criterion_id, entry, points), []


def read_scores(rows: list[list[Cell]], scope: Scope) -> tuple[list[Score], list[RowError]]:
    header, columns = _header(rows)
    scores, errors, seen = [], [], {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = {key: row[i] if i < len(row) else BLANK for key, i in columns.items()}
        if all(_blank(cell) for cell in cells.values()):
            continue
        cells = {key: cells.get(key, BLANK) for key in HEADERS}  # a deleted column reads blank
        score, reasons = _read_row(number, cells, scope, seen)
        errors += [RowError(number, reason) for reason in reasons]
        if score:
            scores.append(score)
    if not (scores or errors):
        errors.append(RowError(None, _("Tệp không có dòng điểm nào.")))
    return scores, errors


def finalized_changes(
    scope: Scope, previous: Iterable[SurveyScore], scores: list[Score]
) -> list[RowError]:
    """A finalized unit's results are read-only until the lead reopens them: its survey points
    may be imported again only as they are."""
    by_pk = {assessment.pk: assessment for assessment in scope.assessments.values()}
    finalized = set(
        UnitAppraisal.objects.filter(assessment__in=by_pk, finalized_at__isnull=False).values_list(
            "assessment_id", flat=True
        )
    )
    if not finalized:
        return []
    old: dict[int, dict] = {pk: {} for pk in finalized}
    new: dict[int, dict] = {pk: {} for pk in finalized}
    first_row: dict[int, int] = {}
    for row in previous:
        if row.assessment_id in finalized:
            old[row.assessment_id][row.criterion_id] = (row.numerator, row.denominator, row.points)
    for score in scores:
        pk, entry = score.assessment.pk, score.entry
        if pk in finalized:
            new[pk][score.criterion_id] = (entry.numerator, entry.denominator, entry.points)
            first_row.setdefault(pk, score.row)
    message = _(
        "kết quả thẩm định của %(unit)s đã hoàn tất: không được thay đổi điểm điều tra của đơn "
        "vị; Tổ trưởng cần mở lại kết quả trước khi nhập"
    )
    return [
        RowError(first_row.get(pk), message % {"unit": by_pk[pk].unit.name})
        for pk in sorted(finalized)
        if old[pk] != new[pk]
    ]
